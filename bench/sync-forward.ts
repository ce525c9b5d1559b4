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
import { UhStore } from '../stores/uh/UhStore';
import { INT } from '../stores/uh/uhTypes';
import { resolveTestPostgres } from '../test/pg/resolveTestPostgres';
import { runBackfill } from '../sync/backfill/runBackfill';
import {
  createForwardSync,
  DEFAULT_FORWARD_BATCH,
  type ForwardCycleReport,
} from '../sync/forward/createForwardSync';

/**
 * `node bin/housing.cjs bench sync-forward [--scale small] [--rows 100000] [--batch 20000]`
 *
 * Forward capture catching up on a burst of UH changes: the UH simulator (its file seeded once into
 * .data/bench/uh-<scale>.sqlite and reused) in a worker thread, a fresh PostgreSQL database
 * (housing_bench_sync_forward) backfilled from it, then `--rows` UH rows changed at once (UPDATE TOP of
 * every tenagree row up to a twentieth of them, the rest rtrans rows: amounts change, the legacy way)
 * and forward capture's cycles run back to back until caught up. Prints rows/s, where the time went,
 * the CPU each process spent, and what an idle cycle costs afterwards.
 */
export default async function run(args: string[]): Promise<void> {
  const scale = stringFlag(args, '--scale', 'small');
  const rows = numberFlag(args, '--rows', 100_000);
  const batchSize = numberFlag(args, '--batch', DEFAULT_FORWARD_BATCH);
  const root = join(__dirname, '..');
  const simulator = await startBenchSimulator(scale);
  const server = await resolveTestPostgres(root);
  const connection = parseMssqlUrl('uh', simulator.value.url);
  const uh = new UhStore({ connection, timeoutMs: 300_000, committedReadsOnly: true });
  let pg: PgStore | undefined;
  try {
    const database = 'housing_bench_sync_forward';
    await dropBenchDatabase(server.adminUrl, database);
    const cloudUrl = await ensureDatabase(server.adminUrl, database);
    pg = new PgStore({ connectionString: cloudUrl, max: 4, applicationName: 'housing sync forward' });
    await migrate(pg);
    process.stderr.write(`backfilling scale ${scale} (PostgreSQL: ${server.source}) ...\n`);
    await runBackfill({ uh: connection, cloudUrl, batchSize: 10_000 });

    const forward = createForwardSync({ uh, pg, batchSize, sweepEveryMs: null });
    const signal = new AbortController().signal;
    // Checkpoints created (from the backfill's marks) and anything written meanwhile taken first.
    while ((await forward.cycle(signal)).more);

    const tenancies = Math.min(Math.floor(rows / 20), await count(uh, 'tenagree'));
    process.stderr.write(`changing ${rows - tenancies} rtrans and ${tenancies} tenagree rows in UH ...\n`);
    await uh.query({
      name: 'bench.changeTenancies',
      text: 'UPDATE TOP (@n) dbo.tenagree SET rent = rent + 0.01, cur_bal = cur_bal + 1',
      params: [{ ...INT, name: 'n', value: tenancies }],
    });
    await uh.query({
      name: 'bench.changeTransactions',
      text: 'UPDATE TOP (@n) dbo.rtrans SET real_value = real_value + 0.01',
      params: [{ ...INT, name: 'n', value: rows - tenancies }],
    });

    process.stderr.write(`catching up in batches of ${batchSize} ...\n`);
    const sampler = new PgCpuSampler(server.adminUrl, database);
    const load = loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const reports: ForwardCycleReport[] = [];
    for (;;) {
      const report = await forward.cycle(signal);
      reports.push(report);
      if (!report.more) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const pgSeconds = await sampler.stop();
    const applied = reports.reduce((sum, r) => sum + r.applied, 0);
    const taken = reports.reduce((sum, r) => sum + r.sources.reduce((s, x) => s + x.applied, 0), 0);
    const total = (pick: (r: ForwardCycleReport) => number) =>
      reports.reduce((sum, r) => sum + pick(r), 0) / 1000;

    const idle: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t = performance.now();
      await forward.cycle(signal);
      idle.push(performance.now() - t);
    }
    idle.sort((a, b) => a - b);

    const out = process.stdout;
    out.write(
      `sync-forward, scale ${scale}, batch ${batchSize}, ${cpus().length} cores, node ${process.version}, ` +
        `load average ${load.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)}\n`,
    );
    out.write(
      `caught up on ${taken} UH changes (${applied} rows applied) in ${seconds.toFixed(1)} s: ` +
        `${Math.round(taken / seconds)} rows/s, ${reports.length} cycles\n`,
    );
    out.write(
      `time: poll ${total((r) => r.timings.pollMs).toFixed(1)} s, dependents ${total((r) => r.timings.dependentsMs).toFixed(1)} s, ` +
        `apply ${total((r) => r.timings.applyMs).toFixed(1)} s\n`,
    );
    const nodeSeconds = (cpu.user + cpu.system) / 1e6;
    out.write(
      `CPU: node (client + simulator thread) ${nodeSeconds.toFixed(1)} s` +
        (pgSeconds === undefined
          ? ', PostgreSQL not measured (not local)\n'
          : `, PostgreSQL ${pgSeconds.toFixed(1)} s\n`),
    );
    out.write(
      `idle cycle (one UH request, every table scanned by rowversion): median ${idle[10]?.toFixed(0)} ms, ` +
        `max ${idle[19]?.toFixed(0)} ms\n`,
    );
  } finally {
    await uh.close();
    await pg?.close();
    await simulator.close();
    await server.embedded?.stop();
  }
}

async function count(uh: UhStore, table: 'tenagree'): Promise<number> {
  const [row] = await uh.query<{ n: number }>({
    name: 'bench.count',
    text: `SELECT COUNT(*) AS n FROM dbo.${table} WITH (NOLOCK)`,
    params: [],
  });
  return Number(row?.n ?? 0);
}
