import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { printTable, runLoad } from './lib/runLoad';
import { startInWorker } from './lib/startInWorker';
import { parseMssqlUrl } from '../core/parseMssqlUrl';

/**
 * `npm run bench -- legacy-subgraph [--seconds N] [--concurrency N]`
 *
 * The legacy subgraph over HTTP, over the UH simulator seeded at scale small (the database file is kept in
 * .data/bench/ and reused), each in its own thread, load from this one. Prints operations/s, latency and
 * the SQL requests each operation sent (from the subgraph's own Prometheus counter).
 */
export default async function run(args: string[]): Promise<void> {
  const seconds = numberFlag(args, '--seconds', 10);
  const concurrency = numberFlag(args, '--concurrency', 8);
  const dir = join(__dirname, '..', '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  process.stderr.write('starting the UH simulator (seeding scale small on the first run) ...\n');
  const uh = await startInWorker<{ url: string }>(
    join(__dirname, '..', 'uh-simulator', 'startUhSimulator.ts'),
    'startUhSimulator',
    { file: join(dir, 'uh-small.sqlite'), seed: 'small' },
    ['url'],
  );
  const subgraph = await startInWorker<{ url: string }>(
    join(__dirname, '..', 'subgraphs', 'legacy', 'startLegacySubgraph.ts'),
    'startLegacySubgraph',
    { uh: parseMssqlUrl('uh', uh.value.url), port: 0, today: undefined },
    ['url'],
  );
  try {
    const url = subgraph.value.url;
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    const list = await post(
      '{ properties(first: 100, filter: { level: DWELLING }) { nodes { reference currentTenancy { reference } } } }',
      {},
    );
    const dwellings: string[] = list.data.properties.nodes.map((p: { reference: string }) => p.reference);
    const tenancies: string[] = list.data.properties.nodes.flatMap(
      (p: { currentTenancy: { reference: string } | null }) =>
        p.currentTenancy ? [p.currentTenancy.reference] : [],
    );

    const operations: [string, string, (i: number) => Record<string, unknown>][] = [
      [
        'property page',
        `query ($ref: String!) { property(reference: $ref) { reference level address { line1 line2 postcode } uprn parent { reference }
          ancestors { reference level } children(first: 10) { totalCount nodes { reference } } tenancies { reference isActive }
          currentTenancy { reference members { id firstName surname } } repairs(first: 5) { totalCount nodes { reference priority raisedAt } } } }`,
        (i) => ({ ref: dwellings[i % dwellings.length] }),
      ],
      [
        'tenancy page with transactions',
        `query ($ref: String!) { tenancy(reference: $ref) { reference tenure { code description } startDate charges { rent service } balance
          property { reference address { line1 postcode } } members { id firstName surname contactDetails { email phones { number } } }
          transactions(first: 20) { totalCount nodes { date amount type { code description } } } } }`,
        (i) => ({ ref: tenancies[i % tenancies.length] }),
      ],
      [
        '100-property list',
        `query ($after: String) { properties(first: 100, after: $after, filter: { level: DWELLING }) { totalCount
          nodes { reference address { line1 postcode } tenancies { reference members { id contactDetails { email } } } repairs(first: 5) { nodes { reference } } } } }`,
        () => ({}),
      ],
    ];

    const rows: string[][] = [['operation', 'ops/s', 'p50 ms', 'p99 ms', 'errors', 'SQL requests/op']];
    for (const [name, query, variables] of operations) {
      const probe = await post(query, variables(0));
      if (probe.errors) throw new Error(`${name} failed: ${JSON.stringify(probe.errors)}`);
      const before = await sqlRequests(url);
      await post(query, variables(1));
      const perOp = (await sqlRequests(url)) - before;
      const result = await runLoad({
        seconds,
        concurrency,
        request: async (i) => !(await post(query, variables(i))).errors,
      });
      rows.push([
        name,
        result.perSecond.toFixed(0),
        result.p50.toFixed(1),
        result.p99.toFixed(1),
        String(result.errors),
        String(perOp),
      ]);
    }
    process.stdout.write(
      `\nlegacy subgraph over the UH simulator (scale small), ${concurrency} concurrent clients, ${seconds} s per operation\n\n`,
    );
    printTable(rows);
  } finally {
    await subgraph.close();
    await uh.close();
  }
}

async function sqlRequests(graphqlUrl: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace('/graphql', '/metrics'))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('housing_store_sql_requests_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function numberFlag(args: string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${flag}: expected a positive number, got ${String(args[i + 1])}`);
  return value;
}
