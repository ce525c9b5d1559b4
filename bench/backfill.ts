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
import { formatBackfillSummary } from '../sync/backfill/backfillProgressReporter';

/**
 * `node bin/housing.cjs bench backfill [--scale large] [--batch 10000]`
 *
 * The whole backfill UH -> cloud: the UH simulator (its file seeded once into .data/bench/uh-<scale>.sqlite
 * and reused) in a worker thread, as a separate server would run; PostgreSQL from TEST_DATABASE_URL, else
 * the machine's own on 127.0.0.1:5432, else an embedded one in .data/test-pg; a fresh database
 * (housing_bench_backfill) each time. Prints the backfill's summary table (rows/s per entity and overall).
 */
export default async function run(args: string[]): Promise<void> {
  const scale = stringFlag(args, '--scale', 'large');
  const batchSize = numberFlag(args, '--batch', 10_000);
  const root = join(__dirname, '..');
  const uh = await startBenchSimulator(scale);
  const server = await resolveTestPostgres(root);
  try {
    await dropBenchDatabase(server.adminUrl, 'housing_bench_backfill');
    const cloudUrl = await ensureDatabase(server.adminUrl, 'housing_bench_backfill');
    const store = new PgStore({ connectionString: cloudUrl, max: 1 });
    await migrate(store);
    await store.close();
    process.stderr.write(
      `backfilling scale ${scale} in chunks of ${batchSize} (PostgreSQL: ${server.source}) ...\n`,
    );
    const sampler = new PgCpuSampler(server.adminUrl, 'housing_bench_backfill');
    const load = loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const summary = await runBackfill({ uh: parseMssqlUrl('uh', uh.value.url), cloudUrl, batchSize });
    const cpu = process.cpuUsage(cpuBefore);
    const pgSeconds = await sampler.stop();
    const nodeSeconds = (cpu.user + cpu.system) / 1e6;
    process.stdout.write(
      `backfill, scale ${scale}, batch ${batchSize}, ${cpus().length} cores, node ${process.version}, ` +
        `load average ${load.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)}\n`,
    );
    process.stdout.write(formatBackfillSummary(summary));
    // CPU spent, so runs on a shared machine can be compared: this process (simulator thread included)
    // and the PostgreSQL backends of the bench database (read from /proc while they run; local servers only).
    const cpuPerMillion = (seconds: number) => ((seconds / summary.rows) * 1e6).toFixed(1);
    process.stdout.write(
      `CPU: node (client + simulator thread) ${nodeSeconds.toFixed(1)} s (${cpuPerMillion(nodeSeconds)} s per million rows)` +
        (pgSeconds === undefined
          ? ', PostgreSQL not measured (not local)\n'
          : `, PostgreSQL ${pgSeconds.toFixed(1)} s (${cpuPerMillion(pgSeconds)} s per million rows)\n`),
    );
  } finally {
    await uh.close();
    await server.embedded?.stop();
  }
}
