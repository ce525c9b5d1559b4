import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { printTable, runLoad } from './lib/runLoad';
import { startInWorker } from './lib/startInWorker';
import { parseMssqlUrl } from '../core/parseMssqlUrl';
import { startVpnLink, type VpnLink } from '../uh-simulator/vpn/startVpnLink';

/**
 * `npm run bench -- legacy-subgraph [--seconds N] [--concurrency N] [--uh-latency MS] [--requests N]`
 *
 * The legacy subgraph over HTTP, over the UH simulator seeded at scale small (the database file is kept in
 * .data/bench/ and reused), each in its own thread, load from this one.
 *
 * 1. Every registered client operation (schema/operations, with its sample variables) and three pages, one
 *    request at a time (`--requests` each): UH round trips per operation, counted on the link to UH (each time
 *    a connection's client speaks after the server has: what a VPN makes you pay for), and p50/p99 with no
 *    added latency and through a link adding `--uh-latency` ms each way (default 15: a 30 ms round trip).
 *    Mutations run against a copy of the database, so the kept file never changes.
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
    const seed = await sample(stack.direct);
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

    const latencyRows: string[][] = [
      [
        'operation',
        'UH round trips',
        'SQL statements',
        'p50 ms (0)',
        'p99 ms (0)',
        `p50 ms (${2 * latency} RTT)`,
        `p99 ms (${2 * latency} RTT)`,
        'errors',
      ],
    ];
    for (const operation of [...pages, ...registered.filter((op) => !op.mutation)]) {
      latencyRows.push(await measure(stack, operation, requests));
    }
    await stack.close();

    // Mutations change data: a copy of the database, thrown away afterwards.
    const copy = join(scratch, basename(file));
    copyFileSync(file, copy);
    const writable = await startStack(copy, latency);
    try {
      for (const operation of registered.filter((op) => op.mutation)) {
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

    const again = await startStack(file, latency);
    try {
      const rows: string[][] = [['operation', 'ops/s', 'p50 ms', 'p99 ms', 'errors', 'SQL requests/op']];
      const throughput = [
        ...pages.slice(0, 2),
        { name: '100-property list', query: listQuery(100), variables: () => ({}) },
      ];
      for (const operation of throughput) {
        const before = await sqlRequests(again.direct);
        await post(again.direct, operation.query, operation.variables(1));
        const perOp = (await sqlRequests(again.direct)) - before;
        const result = await runLoad({
          seconds,
          concurrency,
          request: async (i) => !(await post(again.direct, operation.query, operation.variables(i))).errors,
        });
        rows.push([
          operation.name,
          result.perSecond.toFixed(0),
          result.p50.toFixed(1),
          result.p99.toFixed(1),
          String(result.errors),
          String(perOp),
        ]);
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

interface Stack {
  /** The subgraph over UH directly, and over UH through the VPN link. */
  readonly direct: string;
  readonly vpn: string;
  readonly link: VpnLink;
  readonly directLink: VpnLink;
  close(): Promise<void>;
}

/** The simulator in a worker; two links in this thread (no delay, and the VPN's); a subgraph over each. */
async function startStack(file: string, latency: number): Promise<Stack> {
  const uh = await startInWorker<{ host: string; port: number }>(
    join(__dirname, '..', 'uh-simulator', 'startUhSimulator.ts'),
    'startUhSimulator',
    { file, seed: 'small' },
    ['host', 'port'],
  );
  const target = { host: uh.value.host, port: uh.value.port };
  const directLink = await startVpnLink({ target, oneWayMs: 0 });
  const link = await startVpnLink({ target, oneWayMs: latency });
  const subgraph = (port: number) =>
    startInWorker<{ url: string }>(
      join(__dirname, '..', 'subgraphs', 'legacy', 'startLegacySubgraph.ts'),
      'startLegacySubgraph',
      {
        uh: parseMssqlUrl(
          'uh',
          `mssql://sa:x@127.0.0.1:${port}/uhtlive?encrypt=false&trustServerCertificate=true`,
        ),
        port: 0,
        today: undefined,
      },
      ['url'],
    );
  const direct = await subgraph(directLink.port);
  const vpn = await subgraph(link.port);
  return {
    direct: direct.value.url,
    vpn: vpn.value.url,
    link,
    directLink,
    close: async () => {
      await Promise.all([direct.close(), vpn.close()]);
      await Promise.all([link.close(), directLink.close()]);
      await uh.close();
    },
  };
}

async function measure(stack: Stack, operation: Operation, requests: number): Promise<string[]> {
  const timings = async (url: string, offset: number) => {
    // One warm-up request (connections opened, plans cached), then the measured ones, one at a time.
    await post(url, operation.query, operation.variables(offset));
    const latencies: number[] = [];
    let errors = 0;
    for (let i = 1; i <= requests; i++) {
      const started = performance.now();
      const body = await post(url, operation.query, operation.variables(offset + i));
      latencies.push(performance.now() - started);
      if (body.errors) errors++;
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99), errors };
  };
  const atZero = await timings(stack.direct, 0);
  const statementsBefore = await sqlRequests(stack.vpn);
  const exchangesBefore = stack.link.stats.exchanges;
  const atLatency = await timings(stack.vpn, requests + 1);
  const runs = requests + 1;
  const roundTrips = (stack.link.stats.exchanges - exchangesBefore) / runs;
  const statements = ((await sqlRequests(stack.vpn)) - statementsBefore) / runs;
  const errors = atZero.errors + atLatency.errors;
  if (errors > 0) {
    const probe = await post(stack.direct, operation.query, operation.variables(0));
    process.stderr.write(`${operation.name}: ${JSON.stringify(probe.errors)}\n`);
  }
  return [
    operation.name,
    fixed(roundTrips),
    fixed(statements),
    atZero.p50.toFixed(1),
    atZero.p99.toFixed(1),
    atLatency.p50.toFixed(1),
    atLatency.p99.toFixed(1),
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

/** schema/operations/<client>/<Name>.graphql with the client's fragments and <Name>.variables.json. */
function registeredOperations(seed: Sample): Operation[] {
  const root = join(__dirname, '..', 'schema', 'operations');
  const operations: Operation[] = [];
  for (const client of readdirSync(root).sort()) {
    const folder = join(root, client);
    const fragments = readFileSync(join(folder, 'fragments.graphql'), 'utf8');
    for (const entry of readdirSync(folder).sort()) {
      if (!entry.endsWith('.graphql') || entry === 'fragments.graphql') continue;
      const name = entry.replace(/\.graphql$/, '');
      const text = readFileSync(join(folder, entry), 'utf8');
      const used = fragments
        .split(/(?=^fragment )/m)
        .filter((fragment) => /^fragment (\w+)/.test(fragment))
        .filter(
          (fragment) =>
            text.includes(`...${/^fragment (\w+)/.exec(fragment)?.[1] ?? ''}`) ||
            fragmentUsedByFragments(fragment, text, fragments),
        );
      const sampleVars = JSON.parse(readFileSync(join(folder, `${name}.variables.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      const mutation = /^\s*mutation\b/m.test(text.replace(/^#.*$/gm, ''));
      operations.push({
        name: `${client}/${name}`,
        query: `${text}\n${used.join('\n')}`,
        mutation,
        variables: (i) => ({ ...sampleVars, ...sampleReferences(name, seed, i) }),
      });
    }
  }
  return operations;
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

/** A fragment spread only from other fragments the operation uses (PropertySummary -> AddressLines). */
function fragmentUsedByFragments(fragment: string, text: string, all: string): boolean {
  const name = /^fragment (\w+)/.exec(fragment)?.[1] ?? '';
  const spreaders = all
    .split(/(?=^fragment )/m)
    .filter((other) => other.includes(`...${name}`))
    .map((other) => /^fragment (\w+)/.exec(other)?.[1] ?? '');
  return spreaders.some((spreader) => text.includes(`...${spreader}`));
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
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${flag}: expected a number of 0 or more, got ${String(args[i + 1])}`);
  return value;
}
