import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { printTable } from './lib/runLoad';
import { startInWorker } from './lib/startInWorker';
import { buildCells, readCellData, type BenchCell, type CellId } from './gateway/benchCells';
import {
  gatewayLaunch,
  hiveSecretConfig,
  type GatewayName,
  type GatewayRunSetup,
} from './gateway/benchGateways';
import { checkPass } from './gateway/checkPass';
import {
  gatewayTableRows,
  targetSummary,
  unavailableNotes,
  type CellOutcome,
} from './gateway/formatGatewayTable';
import { GatewayProcess, killAllGatewaysNow, stopAllGateways } from './gateway/GatewayProcess';
import { externalConnections } from './gateway/externalConnections';
import { measureLoad } from './gateway/measureLoad';
import { benchConsumerSubject, mintBenchTokens } from './gateway/mintBenchTokens';
import { canaryBucket } from '../gateway/routing/canaryBucket';
import { parseGatewayBenchArgs, type GatewayBenchOptions } from './gateway/parseGatewayBenchArgs';
import { requiredScopes, rewriteSupergraph } from './gateway/rewriteSupergraph';
import { summariseCpuProfiles, type ProfileWindow } from './gateway/summariseCpuProfiles';
import type { ReplayStats } from './gateway/startReplaySubgraphs';
import { BENCH_PHASES, setBenchPhases, startSeededStack } from './gateway/startSeededStack';
import { resolveTestPostgres } from '../test/pg/resolveTestPostgres';

/**
 * `npm run bench -- gateway [--seconds 10] [--concurrency 32] [--only ours,apollo] [--cells a,b]
 *   [--replay-only] [--scale small|tiny] [--profile-ours <dir>]`
 *
 * Our gateway against @apollo/gateway and Hive Gateway (JS planner and Rust planner), one after another,
 * with one load generator (autocannon, in this process) at a fixed concurrency, on four cells, each over
 * the real subgraphs on seeded data and over replay subgraphs answering from recorded responses (so the
 * gateway is the bottleneck). Prints req/s, latency, errors, the gateway process's CPU per request and the
 * ratio to @apollo/gateway, then the issue's targets per replay cell.
 */
export default async function run(args: string[]): Promise<void> {
  let options: GatewayBenchOptions;
  try {
    options = parseGatewayBenchArgs(args);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const root = join(__dirname, '..');
  const profileDir = options.profileDir === undefined ? undefined : resolve(options.profileDir);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const work = mkdtempSync(join(tmpdir(), 'housing-bench-gateway-'));
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    await stopAllGateways();
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    cleanups.length = 0;
    rmSync(work, { recursive: true, force: true });
  };
  const onSignal = () => {
    log('interrupted: stopping every child ...');
    void cleanup().finally(() => process.exit(130));
  };
  // The stack and replay servers are worker threads: they end with this process.
  const onExit = () => killAllGatewaysNow();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  try {
    const postgres = await resolveTestPostgres(root);
    if (postgres.embedded) cleanups.push(() => postgres.embedded?.stop() ?? Promise.resolve());
    const jwtSecret = randomBytes(32).toString('hex');
    const subgraphSecret = randomBytes(16).toString('hex');
    const stack = await startSeededStack({
      root,
      scale: options.scale,
      postgres,
      subgraphSecret,
      jwtSecret,
      log,
    });
    cleanups.push(() => stack.stop());
    await setBenchPhases(stack.databaseUrl);
    const gatewayHeaders = { 'x-housing-gateway-secret': subgraphSecret };

    const cellData = await readCellData((body) => postJson(stack.legacyUrl, body, gatewayHeaders), {
      pages: 50,
      references: 200,
    });
    const cells = buildCells(cellData).filter((cell) => options.cells.includes(cell.id));

    const sdl = readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8');
    // The subgraphs demand the gateway's shared secret: the peers send it too (a header, nothing more).
    const peerSecret = {
      secretFile: join(work, 'subgraph-secret'),
      hiveConfigFile: join(work, 'hive-gateway.config.cjs'),
    };
    writeFileSync(peerSecret.secretFile, subgraphSecret, { mode: 0o600 });
    writeFileSync(peerSecret.hiveConfigFile, hiveSecretConfig(subgraphSecret), { mode: 0o600 });
    const tokens = await mintBenchTokens(jwtSecret, requiredScopes(sdl), options.consumers);
    const headerSets = tokens.map((token) => ({ authorization: `Bearer ${token}` }));

    const subgraphUrls: Record<'real' | 'replay', { legacy: string; cloud: string } | undefined> = {
      real: { legacy: stack.legacyUrl, cloud: stack.cloudUrl },
      replay: undefined,
    };
    let replayControl: string | undefined;
    if (options.subgraphs.includes('replay')) {
      const replay = await startInWorker<{ urls: { legacy: string; cloud: string }; controlUrl: string }>(
        join(__dirname, 'gateway', 'startReplaySubgraphs.ts'),
        'startReplaySubgraphs',
        { upstreams: { legacy: stack.legacyUrl, cloud: stack.cloudUrl } },
        ['urls', 'controlUrl'],
      );
      cleanups.push(() => replay.close());
      subgraphUrls.replay = replay.value.urls;
      replayControl = replay.value.controlUrl;
    }

    const loadBefore = loadavg()[0] ?? 0;
    const outcomes: CellOutcome[] = [];
    const profileWindows = new Map<number, ProfileWindow[]>();
    const networkNotes: string[] = [];
    const reference = new Map<CellId, { gateway: GatewayName; data: readonly (string | undefined)[] }>();
    for (const gateway of options.gateways) {
      if (gateway === 'ours' && !existsSync(join(root, 'cli', 'commands', 'gateway.ts'))) {
        outcomes.push({
          kind: 'unavailable',
          gateway,
          cell: undefined,
          subgraphs: undefined,
          reason: '`housing gateway` does not exist yet (cli/commands/gateway.ts)',
        });
        continue;
      }
      for (const subgraphs of options.subgraphs) {
        const urls = subgraphUrls[subgraphs];
        if (!urls) continue;
        const setup: GatewayRunSetup = {
          root,
          port: await freePort(),
          supergraphFile: writeSupergraph(work, `${subgraphs}-full`, sdl, urls, false),
          strippedSupergraphFile: writeSupergraph(work, `${subgraphs}-stripped`, sdl, urls, true),
          legacyUrl: urls.legacy,
          cloudUrl: urls.cloud,
          databaseUrl: stack.databaseUrl,
          jwtSecret,
          subgraphSecret,
          peerSecret,
          hiveCwd: work,
          token: tokens[0] ?? '',
        };
        const launch = gatewayLaunch(gateway, setup);
        const nodeArgs =
          gateway === 'ours' && profileDir
            ? ['--cpu-prof', '--cpu-prof-dir', profileDir, ...launch.nodeArgs]
            : launch.nodeArgs;
        log(`${gateway} over ${subgraphs} subgraphs: starting ...`);
        let process_: GatewayProcess;
        try {
          process_ = await GatewayProcess.start(gateway, setup.port, { ...launch, nodeArgs });
        } catch (error) {
          const reason = (error instanceof Error ? error.message : String(error))
            .split('\n')
            .slice(0, 3)
            .join(' ');
          log(`${gateway} did not start: ${error instanceof Error ? error.message : String(error)}`);
          outcomes.push({
            kind: 'unavailable',
            gateway,
            cell: undefined,
            subgraphs,
            reason: `did not start: ${reason}`,
          });
          continue;
        }
        try {
          const forks = process_.children();
          if (forks.length > 0)
            throw new Error(
              `${gateway} runs child processes (${forks.join(', ')}); its CPU would be measured wrongly`,
            );
          const url = `${process_.baseUrl}/graphql`;
          for (const cell of cells) {
            outcomes.push(
              await measureCell({
                gateway,
                subgraphs,
                cell,
                url,
                process_,
                options,
                headerSets,
                replayControl,
                reference,
                profileWindows,
                log,
              }),
            );
          }
          // Checked while it still runs: a gateway that phoned home (CDN, usage reports) would show here.
          const external = externalConnections(process_.pid);
          networkNotes.push(
            external.length === 0
              ? `${gateway} (${subgraphs}): no connection outside loopback`
              : `${gateway} (${subgraphs}): CONNECTED OUTSIDE THIS MACHINE: ${external.join(', ')}`,
          );
        } finally {
          await process_.stop();
        }
      }
    }

    process.stdout.write(
      `\ngateway bench: ${options.concurrency} connections (autocannon, HTTP/1.1 keep-alive, pipelining 1), ` +
        `${options.seconds} s per cell after ${options.warmup} s warm-up, scale ${options.scale}, ` +
        `${cpus().length} cores, node ${process.version}, load average ${loadBefore.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)}\n` +
        `phases (our gateway): ${BENCH_PHASES.map((p) => `${p.entity} ${p.phase}${p.phase === 'CANARY' ? ` ${p.percent}%` : ''}`).join(', ')}; ` +
        `${options.consumers} consumers (token subjects) in turn${canaryNote(options.consumers)}\n` +
        cells.map((cell) => `cell ${cell.id}: ${cell.name}`).join('\n') +
        '\n\n',
    );
    printTable(gatewayTableRows(outcomes));
    const notes = [...unavailableNotes(outcomes), ...networkNotes.filter((note) => note.includes('OUTSIDE'))];
    if (networkNotes.length > 0 && notes.length === unavailableNotes(outcomes).length)
      notes.push('no gateway held a connection outside loopback at the end of its cells');
    if (notes.length > 0) process.stdout.write(`\n${notes.join('\n')}\n`);
    process.stdout.write(
      `\ntargets (replay cells):\n${targetSummary(
        outcomes,
        cells.map((cell) => cell.id),
      ).join('\n')}\n`,
    );
    process.stdout.write(
      '\nerrors: non-200 responses, responses with GraphQL errors, connection errors and timeouts. ' +
        'data: every distinct request answered with the same data as the first gateway (ref).\n' +
        'CPU ms/req: user + system time of the gateway process (/proc/<pid>/stat) per request. gw cores: the ' +
        "gateway process's CPU over the cell (near 1, a one-process gateway is the bottleneck). bench cores: " +
        'this process (load generator, replay subgraphs, and the real stack in the real cells).\n' +
        'apollo, hive and hive-rust get the supergraph without requiresScopes (@apollo/gateway refuses its SECURITY link) ' +
        'and enforce no auth; ours verifies a bearer token and enforces scopes on every request. ' +
        'apollo runs with APOLLO_TELEMETRY_DISABLED=true (otherwise it reports to Apollo and probes cloud metadata); ' +
        "the peers send the subgraphs' shared-secret header, no other configuration.\n",
    );
    if (profileDir) {
      process.stdout.write(`\nour gateway's CPU profile (${profileDir}), top self time:\n`);
      printTable(summariseCpuProfiles(profileDir, 25, profileWindows));
    }
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}

async function measureCell(context: {
  gateway: GatewayName;
  subgraphs: 'real' | 'replay';
  cell: BenchCell;
  url: string;
  process_: GatewayProcess;
  options: GatewayBenchOptions;
  headerSets: readonly Record<string, string>[];
  replayControl: string | undefined;
  reference: Map<CellId, { gateway: GatewayName; data: readonly (string | undefined)[] }>;
  /** Measured periods per gateway pid, for the CPU profile summary. */
  profileWindows: Map<number, ProfileWindow[]>;
  log: (line: string) => void;
}): Promise<CellOutcome> {
  const { gateway, subgraphs, cell, url, options, headerSets, replayControl, log } = context;
  const label = `${gateway} / cell ${cell.id} / ${subgraphs}`;
  // Record (replay) or just check (real): every distinct request once, its data compared across gateways.
  if (subgraphs === 'replay') await setReplayMode(replayControl, 'record');
  const check = await checkPass({ url, bodies: cell.bodies, headerSets, concurrency: options.concurrency });
  if (subgraphs === 'replay') await setReplayMode(replayControl, 'replay');
  if (check.errors > 0)
    log(
      `${label}: ${check.errors} error responses before measuring, e.g. ${check.sampleError}\n` +
        `  the gateway's last output:\n${context.process_.recentOutput.slice(-1500)}`,
    );
  const known = context.reference.get(cell.id);
  let sameData: boolean | undefined;
  if (!known) context.reference.set(cell.id, { gateway, data: check.data });
  else {
    const differing = check.data.findIndex((data, i) => data !== known.data[i]);
    sameData = differing < 0;
    if (!sameData)
      log(
        `${label}: request ${differing} answered other data than ${known.gateway}:\n  ${check.data[differing]?.slice(0, 300)}\n  ${known.data[differing]?.slice(0, 300)}`,
      );
  }
  const load = { url, concurrency: options.concurrency, headerSets, bodies: cell.bodies };
  if (options.warmup > 0) await measureLoad({ ...load, seconds: options.warmup });
  const cpuBefore = context.process_.cpuMs();
  const benchBefore = process.cpuUsage();
  const fromMs = performance.now() - context.process_.spawnedAt;
  const result = await measureLoad({ ...load, seconds: options.seconds });
  const cpuMs = context.process_.cpuMs() - cpuBefore;
  const bench = process.cpuUsage(benchBefore);
  const windows = context.profileWindows.get(context.process_.pid) ?? [];
  windows.push({ fromMs, toMs: performance.now() - context.process_.spawnedAt });
  context.profileWindows.set(context.process_.pid, windows);
  if (result.errors > 0) log(`${label}: ${result.errors} errors, e.g. ${result.sampleError}`);
  if (subgraphs === 'replay') {
    const stats = await replayStats(replayControl);
    if (stats.misses > 0)
      log(
        `${label}: ${stats.misses} subgraph requests not recorded, e.g.\n  ${stats.missSamples.join('\n  ')}`,
      );
  }
  log(`${label}: ${result.perSecond.toFixed(0)} req/s`);
  return {
    kind: 'measured',
    gateway,
    cell: cell.id,
    subgraphs,
    load: result,
    cpuMsPerRequest: result.requests > 0 ? cpuMs / result.requests : 0,
    benchCores: (bench.user + bench.system) / 1000 / (result.seconds * 1000),
    sameData,
  };
}

/** Which bench consumers a CANARY phase sends to the cloud store (as the gateway hashes them). */
function canaryNote(consumers: number): string {
  return BENCH_PHASES.filter((p) => p.phase === 'CANARY')
    .map((p) => {
      const on = Array.from({ length: consumers }, (_, i) => i + 1).filter(
        (i) => canaryBucket(p.entity, benchConsumerSubject(i)) < p.percent,
      );
      return `; the ${p.entity} canary serves consumers ${on.join(', ') || 'none'} from cloud`;
    })
    .join('');
}

async function setReplayMode(controlUrl: string | undefined, mode: 'record' | 'replay'): Promise<void> {
  if (!controlUrl) throw new Error('replay subgraphs are not running');
  const response = await fetch(`${controlUrl}/mode`, { method: 'POST', body: JSON.stringify({ mode }) });
  if (response.status !== 200) throw new Error(`replay control: ${response.status} ${await response.text()}`);
}

async function replayStats(controlUrl: string | undefined): Promise<ReplayStats> {
  if (!controlUrl) throw new Error('replay subgraphs are not running');
  return (await (await fetch(`${controlUrl}/stats`)).json()) as ReplayStats;
}

async function postJson(url: string, body: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return response.json();
}

function writeSupergraph(
  dir: string,
  name: string,
  sdl: string,
  urls: { legacy: string; cloud: string },
  stripRequiresScopes: boolean,
): string {
  const file = join(dir, `supergraph-${name}.graphql`);
  writeFileSync(file, rewriteSupergraph(sdl, { urls, stripRequiresScopes }));
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
