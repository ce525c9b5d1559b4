import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { print } from 'graphql';
import { loadRegisteredOperations } from '../schema/tooling/loadRegisteredOperations';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { printTable, runLoad } from './lib/runLoad';
import { startInWorker } from './lib/startInWorker';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { startVpnLink, type VpnLink } from '../uh-simulator/vpn/startVpnLink';

/**
 * `npm run bench -- legacy-subgraph [--uh-latency MS] [--requests N] [--seconds N] [--concurrency N] [--only TEXT]`
 *
 * The legacy subgraph over HTTP, over the UH simulator seeded at scale small (the database file is kept in
 * .data/bench/ and reused), each in its own thread, load from this one; each subgraph twice, with the look-ahead
 * off (reads as before it) and on, measured back to back.
 *
 * 1. Every registered client operation (schema/operations, on records of the small seed, a different one each
 *    request) and three pages, one request at a time (`--requests` each): UH round trips per operation, counted
 *    on the link to UH (each time a connection's client speaks after the server has: what a VPN makes you pay
 *    for), and p50 with no added latency and through a link adding `--uh-latency` ms each way (default 15: a
 *    30 ms round trip). Mutations run against a copy of the database, so the kept file never changes.
 * 2. Throughput: three pages, `--concurrency` clients for `--seconds` each, no added latency.
 */
export default async function run(args: string[]): Promise<void> {
  const seconds = numberFlag(args, '--seconds', 10);
  const concurrency = numberFlag(args, '--concurrency', 8);
  const latency = numberFlag(args, '--uh-latency', 15);
  const requests = numberFlag(args, '--requests', 40);
  const dir = join(__dirname, '..', '.data', 'bench');
  mkdirSync(dir, { recursive: true });
  const load = () => loadavg()[0]?.toFixed(1) ?? '?';
  const loadBefore = load();
  process.stderr.write('starting the UH simulator (seeding scale small on the first run) ...\n');
  const file = join(dir, 'uh-small.sqlite');
  const scratch = mkdtempSync(join(tmpdir(), 'legacy-bench-'));
  const stack = await startStack(file, latency);
  try {
    const seed = await sample(stack.direct[1].url);
    const { dwellings, tenancies } = seed;

    const pages: Operation[] = [
      {
        name: 'property page',
        query: `query ($ref: String!) { property(reference: $ref) { reference level address { line1 line2 postcode } uprn parent { reference }
          ancestors { reference level } children(first: 10) { totalCount nodes { reference } } tenancies { reference isActive }
          currentTenancy { reference members { id firstName surname } } repairs(first: 5) { totalCount nodes { reference priority raisedAt } } } }`,
        variables: (i) => ({ ref: dwellings[i % dwellings.length] }),
      },
      {
        name: 'tenancy page with transactions',
        query: `query ($ref: String!) { tenancy(reference: $ref) { reference tenure { code description } startDate charges { rent service } balance
          property { reference address { line1 postcode } } members { id firstName surname contactDetails { email phones { number } } }
          transactions(first: 20) { totalCount nodes { date amount type { code description } } } } }`,
        variables: (i) => ({ ref: tenancies[i % tenancies.length] }),
      },
      {
        name: '20-property list',
        query: listQuery(20),
        variables: () => ({}),
      },
    ];
    const registered = registeredOperations(seed);

    const rtt = 2 * latency;
    const latencyRows: string[][] = [
      [
        'operation',
        'round trips before',
        'round trips',
        'p50 ms at 0 before',
        'p50 ms at 0',
        `p50 ms at ${rtt} before`,
        `p50 ms at ${rtt}`,
        'errors',
      ],
    ];
    // --only <text>: just the operations whose name contains it (and no throughput table).
    const only = textFlag(args, '--only');
    const chosen = (op: Operation) => only === undefined || op.name.includes(only);
    for (const operation of [...pages, ...registered.filter((op) => !op.mutation)].filter(chosen)) {
      latencyRows.push(await measure(stack, operation, requests));
    }
    await stack.close();

    // Mutations change data: a copy of the database, thrown away afterwards.
    const copy = join(scratch, basename(file));
    copyFileSync(file, copy);
    const writable = await startStack(copy, latency);
    try {
      for (const operation of registered.filter((op) => op.mutation).filter(chosen)) {
        latencyRows.push(await measure(writable, operation, Math.min(requests, 20)));
      }
    } finally {
      await writable.close();
    }
    process.stdout.write(
      `\nlegacy subgraph over the UH simulator (scale small), one request at a time, ${requests} per operation (mutations ${Math.min(requests, 20)});` +
        ` round trips counted on the link to UH; load average ${loadBefore} -> ${load()}\n\n`,
    );
    printTable(latencyRows);

    if (only !== undefined) return;
    const again = await startStack(file, latency);
    try {
      const rows: string[][] = [
        ['operation', 'look-ahead', 'ops/s', 'p50 ms', 'p99 ms', 'errors', 'SQL statements/op'],
      ];
      const throughput = [
        ...pages.slice(0, 2),
        { name: '100-property list', query: listQuery(100), variables: () => ({}) },
      ];
      for (const operation of throughput) {
        for (const [label, target] of [
          ['off', again.direct[0]],
          ['on', again.direct[1]],
        ] as const) {
          const before = await sqlStatements(target.url);
          await post(target.url, operation.query, operation.variables(1));
          const perOp = (await sqlStatements(target.url)) - before;
          const result = await runLoad({
            seconds,
            concurrency,
            request: async (i) => !(await post(target.url, operation.query, operation.variables(i))).errors,
          });
          rows.push([
            operation.name,
            label,
            result.perSecond.toFixed(0),
            result.p50.toFixed(1),
            result.p99.toFixed(1),
            String(result.errors),
            String(perOp),
          ]);
        }
      }
      process.stdout.write(
        `\nthroughput, no added latency: ${concurrency} concurrent clients, ${seconds} s per operation; load average ${load()}\n\n`,
      );
      printTable(rows);
    } finally {
      await again.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface Operation {
  readonly name: string;
  readonly query: string;
  readonly variables: (i: number) => Record<string, unknown>;
  readonly mutation?: boolean;
}

/** One legacy subgraph over UH, with the link it reaches UH through. */
interface Target {
  readonly url: string;
  readonly link: VpnLink;
}

interface Stack {
  /** [look-ahead off, on], with no added latency and through the VPN's latency. */
  readonly direct: readonly [Target, Target];
  readonly vpn: readonly [Target, Target];
  close(): Promise<void>;
}

/**
 * The simulator in a worker; four links in this thread (no delay, and the VPN's delay, one per subgraph so each
 * counts its own round trips); four subgraphs in workers: look-ahead off (as before it) and on, over each link.
 */
async function startStack(file: string, latency: number): Promise<Stack> {
  const uh = await startInWorker<{ host: string; port: number }>(
    join(__dirname, '..', 'uh-simulator', 'startUhSimulator.ts'),
    'startUhSimulator',
    { file, seed: 'small' },
    ['host', 'port'],
  );
  const target = { host: uh.value.host, port: uh.value.port };
  const closers: (() => Promise<void>)[] = [];
  const start = async (oneWayMs: number, lookahead: boolean): Promise<Target> => {
    const link = await startVpnLink({ target, oneWayMs });
    const subgraph = await startInWorker<{ url: string }>(
      join(__dirname, '..', 'subgraphs', 'legacy', 'startLegacySubgraph.ts'),
      'startLegacySubgraph',
      {
        uh: parseMssqlUrl(
          'uh',
          `mssql://sa:x@127.0.0.1:${link.port}/uhtlive?encrypt=false&trustServerCertificate=true`,
        ),
        port: 0,
        today: undefined,
        lookahead,
      },
      ['url'],
    );
    closers.push(async () => {
      await subgraph.close();
      await link.close();
    });
    return { url: subgraph.value.url, link };
  };
  const direct = [await start(0, false), await start(0, true)] as const;
  const vpn = [await start(latency, false), await start(latency, true)] as const;
  return {
    direct,
    vpn,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
      await uh.close();
    },
  };
}

/**
 * One operation, one request at a time: look-ahead off then on with no added latency, then off then on through
 * the VPN's latency, back to back (the machine's load moves; pairs measured together compare).
 */
async function measure(stack: Stack, operation: Operation, requests: number): Promise<string[]> {
  let offset = 0;
  const timings = async (target: Target) => {
    // One warm-up request (connections opened, plans cached), then the measured ones, one at a time. Each
    // request gets its own variables index, never repeated (mutations end a different tenancy each time).
    const exchanges = target.link.stats.exchanges;
    await post(target.url, operation.query, operation.variables(offset++));
    const warmUp = target.link.stats.exchanges - exchanges;
    const latencies: number[] = [];
    let errors = 0;
    const before = target.link.stats.exchanges;
    for (let i = 1; i <= requests; i++) {
      const started = performance.now();
      const body = await post(target.url, operation.query, operation.variables(offset++));
      latencies.push(performance.now() - started);
      if (body.errors) errors++;
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    void warmUp;
    return { p50: at(0.5), roundTrips: (target.link.stats.exchanges - before) / requests, errors };
  };
  const zero = [await timings(stack.direct[0]), await timings(stack.direct[1])];
  const slow = [await timings(stack.vpn[0]), await timings(stack.vpn[1])];
  const errors = [...zero, ...slow].reduce((sum, t) => sum + t.errors, 0);
  if (errors > 0) {
    const probe = await post(stack.direct[1].url, operation.query, operation.variables(offset++));
    process.stderr.write(`${operation.name}: ${JSON.stringify(probe.errors)}\n`);
  }
  return [
    operation.name,
    fixed(slow[0]?.roundTrips ?? 0),
    fixed(slow[1]?.roundTrips ?? 0),
    (zero[0]?.p50 ?? 0).toFixed(1),
    (zero[1]?.p50 ?? 0).toFixed(1),
    (slow[0]?.p50 ?? 0).toFixed(1),
    (slow[1]?.p50 ?? 0).toFixed(1),
    String(errors),
  ];
}

function fixed(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function listQuery(first: number): string {
  return `query ($after: String) { properties(first: ${first}, after: $after, filter: { level: DWELLING }) { totalCount
    nodes { reference address { line1 postcode } tenancies { reference members { id contactDetails { email } } } repairs(first: 5) { nodes { reference } } } } }`;
}

/** schema/operations, each with its fragments, run on records of the small seed. */
function registeredOperations(seed: Sample): Operation[] {
  return loadRegisteredOperations(join(__dirname, '..', 'schema')).map((op) => ({
    name: `${op.client}/${op.name}`,
    query: print(op.document),
    mutation: op.kind === 'mutation',
    variables: (i) => ({ ...op.variables, ...sampleReferences(op.name, seed, i) }),
  }));
}

/**
 * The registered operations' sample variables name records of the tiny seed; the bench runs them on records of
 * the small seed, a different one each request.
 */
function sampleReferences(name: string, seed: Sample, i: number): Record<string, unknown> {
  const pick = (list: readonly string[]) => list[i % list.length];
  const dwelling = pick(seed.dwellings);
  switch (name) {
    case 'CallerDetails':
      return { id: pick(seed.people) };
    case 'RepairsAtCallerHome':
    case 'UpdateContactDetails':
      return { personId: pick(seed.people) };
    case 'CallerTenancy':
    case 'RentStatement':
    case 'TenancyPage':
      return { reference: pick(seed.tenancies) };
    case 'EndTenancy':
      // Ending a tenancy twice is refused: each request ends another one (i never repeats within a run).
      return { reference: pick(seed.tenancies), endDate: '2027-01-31' };
    case 'PropertyRepairs':
    case 'PropertyPage':
      return { reference: dwelling };
    case 'RaiseEmergencyRepair':
      return { propertyReference: dwelling };
    case 'RaiseRepair':
      return {
        input: { propertyReference: dwelling, description: 'Kitchen tap dripping', priority: 'NORMAL' },
      };
    case 'RepairDetail':
      return { reference: pick(seed.repairs) };
    case 'BlockPage':
      return { reference: pick(seed.blocks) };
    default:
      return {};
  }
}

interface Sample {
  readonly dwellings: string[];
  readonly tenancies: string[];
  readonly people: string[];
  readonly repairs: string[];
  readonly blocks: string[];
}

/** References that exist in the small seed: dwellings, their current tenancies, members, repairs and blocks. */
async function sample(url: string): Promise<Sample> {
  const list = await post(
    url,
    `{ properties(first: 100, filter: { level: DWELLING }) { nodes { reference parent { reference level }
      currentTenancy { reference members { id } } repairs(first: 1) { nodes { reference } } } } }`,
    {},
  );
  const nodes = list.data.properties.nodes as {
    reference: string;
    parent: { reference: string; level: string } | null;
    currentTenancy: { reference: string; members: { id: string }[] } | null;
    repairs: { nodes: { reference: string }[] };
  }[];
  return {
    dwellings: nodes.map((p) => p.reference),
    tenancies: nodes.flatMap((p) => (p.currentTenancy ? [p.currentTenancy.reference] : [])),
    people: nodes.flatMap((p) => p.currentTenancy?.members.map((m) => m.id) ?? []),
    repairs: nodes.flatMap((p) => p.repairs.nodes.map((r) => r.reference)),
    blocks: [...new Set(nodes.flatMap((p) => (p.parent?.level === 'BLOCK' ? [p.parent.reference] : [])))],
  };
}

async function post(url: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

/** SQL statements sent, from the subgraph's own counter (a batch counts each statement it holds). */
async function sqlStatements(graphqlUrl: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace('/graphql', '/metrics'))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('housing_store_sql_requests_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function textFlag(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--'))
    throw new Error(`${flag}: expected some text, got nothing`);
  return value;
}

function numberFlag(args: string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${flag}: expected a number of 0 or more, got ${String(args[i + 1])}`);
  return value;
}
