import { spawn, type ChildProcess } from 'node:child_process';

import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startBenchSimulator } from './lib/startBenchSimulator';
import { dropBenchDatabase } from './lib/dropBenchDatabase';
import { numberFlag, stringFlag } from './lib/benchFlags';
import { startInWorker } from './lib/startInWorker';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { PgStore } from '../stores/cloud/PgStore';
import { migrate } from '../stores/cloud/migrate';
import { ensureDatabase } from '../stores/cloud/ensureDatabase';
import { UhStore } from '../stores/uh/UhStore';
import { resolveTestPostgres } from '../test/pg/resolveTestPostgres';
import { runBackfill } from '../sync/backfill/runBackfill';
import { mintDevelopmentToken } from '../gateway/auth/mintDevelopmentToken';
import { formatTable } from '../core/formatTable';

/**
 * `npm run bench -- sync [--scale small] [--seconds 30] [--warmup 5] [--rate 200]`
 *
 * The sync both ways under a steady load, as deployed: the UH simulator (its file seeded once into
 * .data/bench/uh-<scale>.sqlite) in a worker thread, a fresh PostgreSQL database backfilled from it, the two
 * subgraphs and the gateway in another worker thread (as deployed, the graph does not share the load
 * generator's event loop), and `housing sync run` as its own process. Person is moved to
 * CLOUD (its contact details are written in the cloud). For `--seconds`, `--rate` UH changes a second (a
 * legacy application renaming household members, each once, through mssql) and `--rate` cloud writes a
 * second (updateContactDetails mutations through the gateway, each household once). Then:
 * - forward lag: from a UH change's commit to the cloud row holding it (the row's synced_at, set in the
 *   transaction that applied it, by the database clock on this machine);
 * - reverse lag: from the cloud write (its outbox row's created_at) to its marking after the UH commit
 *   (applied_at);
 * printed as p50 / p99 / max with the rates achieved. The forward catch-up figure (100,000 changed rows) is
 * `npm run bench -- sync-forward`.
 */
const JWT_SECRET = 'bench-sync-secret-0123456789-0123456789';

export default async function run(args: string[]): Promise<void> {
  const scale = stringFlag(args, '--scale', 'small');
  const seconds = numberFlag(args, '--seconds', 30);
  const warmup = numberFlag(args, '--warmup', 5, 0);
  const rate = numberFlag(args, '--rate', 200);
  const root = join(__dirname, '..');
  const simulator = await startBenchSimulator(scale);
  const server = await resolveTestPostgres(root);
  const connection = parseMssqlUrl('uh', simulator.value.url);
  const uh = new UhStore({ connection, timeoutMs: 30_000, maxConnections: 8 });
  const closers: (() => Promise<unknown>)[] = [];
  let worker: ChildProcess | undefined;
  try {
    const database = 'housing_bench_sync';
    await dropBenchDatabase(server.adminUrl, database);
    const cloudUrl = await ensureDatabase(server.adminUrl, database);
    const pg = new PgStore({ connectionString: cloudUrl, max: 4 });
    closers.push(() => pg.close());
    await migrate(pg);
    process.stderr.write(`backfilling scale ${scale} (PostgreSQL: ${server.source}) ...\n`);
    await runBackfill({ uh: connection, cloudUrl, batchSize: 10_000 });
    await pg.query(
      `UPDATE migration.entity_phase SET phase = 'CLOUD', percent = 100, changed_by = 'bench', reason = 'sync bench'
       WHERE entity = 'person'`,
    );

    const graph = await startInWorker<{ url: string }>(
      join(root, 'bench', 'lib', 'startBenchGraph.ts'),
      'startBenchGraph',
      { uhUrl: simulator.value.url, cloudUrl, jwtSecret: JWT_SECRET },
      ['url'],
    );
    closers.push(() => graph.close());
    const gateway = graph.value;
    const token = await mintDevelopmentToken({
      secret: JWT_SECRET,
      subject: 'bench',
      scopes: ['personal:write'],
      expiresIn: '1h',
    });

    process.stderr.write('starting housing sync run ...\n');
    worker = spawn(process.execPath, [join(root, 'bin', 'housing.cjs'), 'sync', 'run', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: cloudUrl, MSSQL_URL: simulator.value.url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      worker?.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('sync worker running')) resolve();
      });
      worker?.once('exit', (code) => reject(new Error(`housing sync run exited with ${code}`)));
    });
    await waitUntilSynced(pg, 120_000);

    const members = await uh.query<{ house_ref: string; person_no: number }>({
      name: 'bench.members',
      text: 'SELECT TOP (@n) m.house_ref, m.person_no FROM dbo.member m ORDER BY m.house_ref DESC, m.person_no',
      params: [{ type: 'int', name: 'n', value: rate * (seconds + warmup) + 100 }],
    });
    const households = (
      await pg.query<{ house_ref: string }>(
        `SELECT c.house_ref FROM housing.contact_details c
         JOIN housing.household_member m ON m.house_ref = c.house_ref AND m.person_no = 1
         WHERE c.uh_con_key IS NOT NULL ORDER BY c.house_ref LIMIT $1`,
        [rate * (seconds + warmup) + 100],
      )
    ).rows.map((row) => row.house_ref);

    process.stderr.write(
      `load: ${rate} UH changes/s and ${rate} cloud writes/s for ${warmup} s of warm-up, then ${seconds} s measured ...\n`,
    );
    const load = loadavg()[0] ?? 0;
    const uhWrites: { id: string; value: string; at: number }[] = [];
    const cloudFailures: string[] = [];
    let uhFailures = 0;
    // Changes made in the warm-up (JIT, statement caches, connection pools filling) are synced, not measured.
    const started = Date.now() + warmup * 1000;
    const until = started + seconds * 1000;
    const uhLoop = paced(rate, until, async (i) => {
      const at = Date.now();
      const member = members[i % members.length]!;
      const value = `Bench${i}`;
      try {
        await uh.query({
          name: 'bench.rename',
          text: 'UPDATE dbo.member SET forename = @name WHERE house_ref = @house AND person_no = @no',
          params: [
            { type: 'char', length: 24, name: 'name', value },
            { type: 'char', length: 10, name: 'house', value: member.house_ref },
            { type: 'numeric', precision: 2, scale: 0, name: 'no', value: member.person_no },
          ],
        });
        if (at >= started) {
          uhWrites.push({ id: `${member.house_ref.trim()}-${member.person_no}`, value, at: Date.now() });
        }
      } catch {
        if (at >= started) uhFailures += 1;
      }
    });
    const cloudLoop = paced(rate, until, async (i) => {
      const at = Date.now();
      const houseRef = households[i % households.length]!;
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation M($id: ID!, $email: String!) { updateContactDetails(personId: $id, input: { email: $email }) { id } }`,
          variables: { id: `${houseRef}-1`, email: `bench${i}@example.org` },
        }),
      }).catch((error: unknown) => ({
        ok: false,
        json: async () => ({ errors: [describeFetchError(error)] }),
      }));
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors !== undefined && at >= started) cloudFailures.push(JSON.stringify(body.errors[0]));
    });
    await Promise.all([uhLoop, cloudLoop]);
    const elapsed = (Date.now() - started) / 1000;
    await waitUntilSynced(pg, 120_000);

    const forward = await pg.query<{ id: string; first_name: string; synced: Date }>(
      'SELECT id, first_name, synced_at AS synced FROM housing.household_member WHERE id = ANY($1::text[])',
      [uhWrites.map((w) => w.id)],
    );
    const byId = new Map(forward.rows.map((row) => [row.id, row]));
    const forwardLags = uhWrites.flatMap((w) => {
      const row = byId.get(w.id);
      // A member renamed twice shows only the later value: the earlier one's lag is not measurable.
      return row !== undefined && row.first_name === w.value ? [row.synced.getTime() - w.at] : [];
    });
    const reverse = await pg.query<{ lag: string }>(
      `SELECT extract(epoch FROM applied_at - created_at) * 1000 AS lag FROM sync.outbox
       WHERE created_at >= $1 AND status = 'APPLIED'`,
      [new Date(started)],
    );
    const reverseLags = reverse.rows.map((row) => Number(row.lag));
    process.stdout.write(
      `sync both ways, scale ${scale}, ${seconds} s (after ${warmup} s of warm-up) at ${rate} + ${rate} changes/s, ` +
        `${cpus().length} cores, ` +
        `node ${process.version}, load average ${load.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)}\n`,
    );
    process.stdout.write(
      formatTable(
        ['direction', 'changes', 'per second', 'lag p50 ms', 'lag p99 ms', 'lag max ms', 'failed'],
        [
          row('forward (UH -> cloud)', forwardLags, uhWrites.length / elapsed, uhFailures),
          row('reverse (cloud -> UH)', reverseLags, reverseLags.length / elapsed, cloudFailures.length),
        ],
      ),
    );
    if (cloudFailures.length > 0) process.stdout.write(`first cloud write failure: ${cloudFailures[0]}\n`);
  } finally {
    if (worker !== undefined && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker?.once('exit', resolve));
      worker.kill('SIGINT');
      await exited;
    }
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await uh.close();
    await simulator.close();
    await server.embedded?.stop();
  }
}

function row(name: string, lags: number[], perSecond: number, failed: number): string[] {
  const sorted = [...lags].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return [
    name,
    String(lags.length),
    perSecond.toFixed(1),
    at(0.5).toFixed(0),
    at(0.99).toFixed(0),
    (sorted.at(-1) ?? NaN).toFixed(0),
    String(failed),
  ];
}

/** Calls `work(i)` `perSecond` times a second until `until`, without waiting for one call to end. */
async function paced(perSecond: number, until: number, work: (i: number) => Promise<void>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const start = Date.now();
  for (let i = 0; ; i++) {
    const due = start + (i * 1000) / perSecond;
    if (due >= until) break;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const call = work(i).finally(() => inFlight.delete(call));
    inFlight.add(call);
  }
  await Promise.all(inFlight);
}

/** fetch's own message is "fetch failed"; the reason (ECONNRESET, a timeout, ...) is its cause. */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `${String(error)}${cause === undefined ? '' : `: ${cause.code ?? ''} ${cause.message ?? ''}`}`;
}

async function waitUntilSynced(pg: PgStore, timeoutMs: number): Promise<void> {
  const since = (await pg.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await pg.query<{ behind: string; tables: string; pending: string }>(
      `SELECT (SELECT count(*) FROM sync.checkpoint WHERE job = 'forward' AND (caught_up_at IS NULL OR caught_up_at <= $1)) AS behind,
              (SELECT count(*) FROM sync.checkpoint WHERE job = 'forward') AS tables,
              (SELECT count(*) FROM sync.outbox WHERE status = 'PENDING') AS pending`,
      [since],
    );
    const state = rows[0]!;
    if (Number(state.tables) > 0 && Number(state.behind) === 0 && Number(state.pending) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the sync did not catch up within ${timeoutMs} ms`);
}
