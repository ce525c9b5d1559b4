import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startBenchSimulator } from './lib/startBenchSimulator';
import { dropBenchDatabase } from './lib/dropBenchDatabase';
import { numberFlag, stringFlag } from './lib/benchFlags';
import { PgCpuSampler } from './lib/PgCpuSampler';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { PgStore } from '../stores/cloud/PgStore';
import { migrate } from '../stores/cloud/migrate';
import { ensureDatabase } from '../stores/cloud/ensureDatabase';
import { resolveTestPostgres } from '../test/pg/resolveTestPostgres';
import { runBackfill } from '../sync/backfill/runBackfill';
import { runReconcile } from '../sync/reconcile/runReconcile';
import { DEFAULT_BISECT } from '../sync/reconcile/compareEntity';
import type { ReconcileReport } from '../sync/reconcile/ReconcileReport';
import { formatReconcileReport } from '../sync/reconcile/formatReconcileReport';

const DATABASE = 'housing_bench_reconcile';

/**
 * `npm run bench -- reconcile [--scale large] [--fresh] [--planted 100] [--fanout 1024] [--leaf-rows 512]`
 *
 * Reconciliation of UH (the simulator in a worker thread over .data/bench/uh-<scale>.sqlite, the file the
 * backfill bench seeds once) against its backfilled cloud copy (database housing_bench_reconcile, kept
 * between runs and backfilled only when incomplete; --fresh drops it first):
 * 1. the stores agree: rows compared per second, and whole rows fetched against rows compared;
 * 2. `--planted` differences made in the cloud (changed amounts, rents and names, deleted and extra rows):
 *    each must be found, and the time is printed;
 * 3. --repair puts the cloud back from UH, and a last run checks it is clean again.
 * The machine's load average is printed with the figures (a shared machine halves them).
 */
export default async function run(args: string[]): Promise<void> {
  const scale = stringFlag(args, '--scale', 'large');
  const planted = numberFlag(args, '--planted', 100);
  const bisect = {
    ...DEFAULT_BISECT,
    fanout: numberFlag(args, '--fanout', DEFAULT_BISECT.fanout),
    leafRows: numberFlag(args, '--leaf-rows', DEFAULT_BISECT.leafRows),
  };
  const root = join(__dirname, '..');
  const uhWorker = await startBenchSimulator(scale);
  const server = await resolveTestPostgres(root);
  try {
    const uh = parseMssqlUrl('uh', uhWorker.value.url);
    if (args.includes('--fresh')) {
      await dropBenchDatabase(server.adminUrl, DATABASE);
    }
    const cloudUrl = await ensureDatabase(server.adminUrl, DATABASE);
    const pg = new PgStore({ connectionString: cloudUrl, max: 2 });
    try {
      await migrate(pg);
      process.stderr.write(`backfilling what is not yet (PostgreSQL: ${server.source}) ...\n`);
      const backfill = await runBackfill({ uh, cloudUrl, batchSize: 10_000 });
      if (backfill.rows > 0)
        process.stderr.write(`backfilled ${backfill.rows} rows in ${backfill.seconds.toFixed(1)} s\n`);
      await pg.query('DELETE FROM sync.reconcile_run');

      const header = `reconcile, scale ${scale}, ${cpus().length} cores, node ${process.version}`;
      const agree = await measured(server.adminUrl, () => runReconcile({ uh, cloudUrl, bisect }));
      const baseline = keysOf(agree.report);
      process.stdout.write(`\n1. stores agree: ${header}, ${agree.load}\n`);
      process.stdout.write(formatReconcileReport(agree.report));
      process.stdout.write(summary(agree));

      const plantedKeys = await plant(pg, planted);
      const found = await measured(server.adminUrl, () => runReconcile({ uh, cloudUrl, bisect }));
      const foundKeys = keysOf(found.report).filter((key) => !baseline.includes(key));
      const missed = plantedKeys.filter((key) => !foundKeys.includes(key));
      const extra = foundKeys.filter((key) => !plantedKeys.includes(key));
      process.stdout.write(`\n2. ${plantedKeys.length} planted differences: ${header}, ${found.load}\n`);
      process.stdout.write(
        `found ${plantedKeys.length - missed.length} of ${plantedKeys.length} planted, ${extra.length} other(s)` +
          `${missed.length > 0 ? `; missed: ${missed.join(', ')}` : ''}${extra.length > 0 ? `; others: ${extra.join(', ')}` : ''}\n`,
      );
      process.stdout.write(summary(found));

      const repaired = await measured(server.adminUrl, () =>
        runReconcile({ uh, cloudUrl, bisect, repair: true }),
      );
      const clean = await runReconcile({ uh, cloudUrl, bisect });
      process.stdout.write(
        `\n3. --repair from UH: ${repaired.report.entities.reduce((sum, e) => sum + (e.repair?.repaired ?? 0), 0)} row(s) repaired in ${repaired.report.seconds.toFixed(1)} s; ` +
          `then ${keysOf(clean).filter((key) => !baseline.includes(key)).length} difference(s) beyond the first run's\n`,
      );
    } finally {
      await pg.close();
    }
  } finally {
    await uhWorker.close();
    await server.embedded?.stop();
  }
}

interface Measured {
  readonly report: ReconcileReport;
  readonly load: string;
  readonly nodeCpuSeconds: number;
  readonly pgCpuSeconds: number | undefined;
}

/** A reconciliation with the load average around it and the CPU it cost here (simulator thread included) and in PostgreSQL. */
async function measured(adminUrl: string, work: () => Promise<ReconcileReport>): Promise<Measured> {
  const before = loadavg()[0] ?? 0;
  const sampler = new PgCpuSampler(adminUrl, DATABASE);
  const cpu = process.cpuUsage();
  const report = await work();
  const used = process.cpuUsage(cpu);
  const pgCpuSeconds = await sampler.stop();
  return {
    report,
    load: `load average ${before.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)}`,
    nodeCpuSeconds: (used.user + used.system) / 1e6,
    pgCpuSeconds,
  };
}

function summary(m: Measured): string {
  const compared = m.report.entities.reduce((sum, e) => sum + e.rowsCompared, 0);
  const fetched = m.report.entities.reduce((sum, e) => sum + e.rowsFetched, 0);
  const hashes = m.report.entities.reduce((sum, e) => sum + e.rowHashesFetched, 0);
  return (
    `total: ${compared.toLocaleString('en-GB')} rows compared in ${m.report.seconds.toFixed(1)} s = ` +
    `${Math.round(compared / m.report.seconds).toLocaleString('en-GB')} rows/s; ` +
    `${fetched.toLocaleString('en-GB')} rows fetched whole, ${hashes.toLocaleString('en-GB')} row hashes fetched; ` +
    `CPU: node (client + simulator thread) ${m.nodeCpuSeconds.toFixed(1)} s, PostgreSQL ${m.pgCpuSeconds === undefined ? 'not measured' : `${m.pgCpuSeconds.toFixed(1)} s`}\n`
  );
}

/** Every difference of a report as 'entity key' (a row's differences count once). */
function keysOf(report: ReconcileReport): string[] {
  return [...new Set(report.entities.flatMap((e) => e.differences.map((d) => `${e.entity} ${d.key}`)))];
}

/**
 * `count` differences in the cloud, spread over the tables (the keys picked at random, repeatably): rent
 * transactions with another amount, deleted, or added; tenancies with another rent; members with another
 * surname; repair requests deleted. Returns each as 'entity key'.
 */
async function plant(pg: PgStore, count: number): Promise<string[]> {
  const share = (part: number) => Math.max(1, Math.round((count * part) / 100));
  const keys: string[] = [];
  const pick = async (table: string, key: string, n: number) =>
    (
      await pg.query<{ k: string }>(
        `SELECT ${key} AS k FROM ${table} ORDER BY md5(${key} || 'bench') LIMIT $1`,
        [n],
      )
    ).rows.map((row) => row.k);
  const rtransKey = `batch_id || '|' || trans_no || '|' || line_no || '|' || line_segno`;
  const changed = await pick('finance.rent_transaction', rtransKey, share(40) + share(20));
  const amounts = changed.slice(0, share(40));
  const deleted = changed.slice(share(40));
  await pg.query(
    `UPDATE finance.rent_transaction SET amount = amount + 0.01 WHERE ${rtransKey} = ANY($1::text[])`,
    [amounts],
  );
  await pg.query(`DELETE FROM finance.rent_transaction WHERE ${rtransKey} = ANY($1::text[])`, [deleted]);
  keys.push(...[...amounts, ...deleted].map((k) => `rentTransaction ${k}`));
  for (let i = 0; i < share(10); i++) {
    await pg.query(
      `INSERT INTO finance.rent_transaction (batch_id, trans_no, line_no, line_segno, tenancy_reference, posted_date, type_code, amount)
       VALUES (999999, $1, 1, 1, '0900001/01', '2026-01-05', 'DBR', 1.00)`,
      [i + 1],
    );
    keys.push(`rentTransaction 999999|${i + 1}|1|1`);
  }
  const tenancies = await pick('housing.tenancy', 'reference', share(10));
  await pg.query('UPDATE housing.tenancy SET rent = coalesce(rent, 0) + 1 WHERE reference = ANY($1)', [
    tenancies,
  ]);
  keys.push(...tenancies.map((k) => `tenancy ${k}`));
  const members = await pick('housing.household_member', 'id', share(10));
  await pg.query(
    `UPDATE housing.household_member SET surname = coalesce(surname, '') || 'x' WHERE id = ANY($1)`,
    [members],
  );
  keys.push(...members.map((k) => `member ${k}`));
  const repairs = await pick('repairs.repair_request', 'reference', count - keys.length);
  await pg.query('DELETE FROM repairs.repair_request WHERE reference = ANY($1)', [repairs]);
  keys.push(...repairs.map((k) => `repairRequest ${k}`));
  return keys;
}
