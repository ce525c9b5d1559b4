import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { MigrationStore } from '../migration/store/MigrationStore';
import { PhaseWatcher } from '../migration/PhaseWatcher';
import { ReadPins } from '../migration/ReadPins';
import { EntityTraffic } from '../migration/EntityTraffic';
import { AutoGuard } from '../migration/AutoGuard';
import type { MigrationClock } from '../migration/MigrationClock';
import { parseEntity } from '../migration/phases';
import { createTokenVerifier } from './auth/createTokenVerifier';
import { ScopeEnforcer } from './auth/ScopeEnforcer';
import { cacheVerifiedTokens } from './http/cacheVerifiedTokens';
import type { GatewayConfig } from './config/GatewayConfig';
import { ConfigError } from '../core/ConfigError';
import { maskGatewayError } from './errors/maskGatewayError';
import { logInternalErrors } from './errors/logInternalErrors';
import type { GatewayContext } from './execution/GatewayContext';
import { SubgraphDataSource } from './execution/SubgraphDataSource';
import { createExplorerHandler } from './explorer/createExplorerHandler';
import { createAdminHandler } from './admin/createAdminHandler';
import { HousingGateway } from './HousingGateway';
import { loadSupergraph } from './supergraph/loadSupergraph';
import { serveGateway } from './http/serveGateway';
import { createLimitChecker } from './limits/createLimitChecker';
import { readCostDirectives } from './limits/readCostDirectives';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/createGatewayMetrics';
import { ShadowRunner } from './shadow/ShadowRunner';
import { READY_DEADLINE_MS } from '../core/serveOperationalEndpoints';

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly metrics: GatewayMetrics;
  /** The automatic guard, when on (tests call its tick() on an injected clock). */
  readonly guard: AutoGuard | undefined;
  /** Writes the per-entity counts now instead of at the next flush (tests). */
  flushTraffic(): Promise<void>;
  /** Waits for queued shadow comparisons (tests). */
  drainShadow(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the gateway: phases watched from the cloud database (when there is one; without, every override
 * label stays off), keep-alive pools to each subgraph at its configured URL or the supergraph's, Apollo
 * Server over HousingGateway, and the HTTP endpoints. Fails fast (and releases what it opened) when the
 * configuration does not fit the supergraph.
 */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
  hooks: { readonly clock?: MigrationClock } = {},
): Promise<RunningGateway> {
  const supergraph = loadSupergraph(config.supergraphSdl);
  const names = supergraph.subgraphs.map((subgraph) => subgraph.name);
  const unknownUrls = Object.keys(config.subgraphUrls).filter((name) => !names.includes(name));
  if (unknownUrls.length > 0)
    throw new ConfigError(
      'subgraph URLs',
      `URLs for the supergraph's subgraphs (${names.join(', ')})`,
      `a URL for ${unknownUrls.join(', ')}`,
    );
  const unknownTimeouts = Object.keys(config.timeouts.bySubgraph).filter((name) => !names.includes(name));
  if (unknownTimeouts.length > 0)
    throw new ConfigError(
      'GATEWAY_TIMEOUT',
      `timeouts for the supergraph's subgraphs (${names.join(', ')})`,
      `a timeout for ${unknownTimeouts.join(', ')}`,
    );
  const metrics = createGatewayMetrics();
  const verify = cacheVerifiedTokens(
    createTokenVerifier({
      jwtSecret: config.jwtSecret,
      jwksUrl: config.jwksUrl,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    }),
  );
  // Without a database there are no phases: every override label stays off, nothing is shadowed.
  const store =
    config.databaseUrl === undefined
      ? undefined
      : new MigrationStore({
          connectionString: config.databaseUrl,
          // The phase watcher and read pins each hold one now and then; /admin/api reads and changes phases.
          max: 4,
          timeoutMs: 1500,
          applicationName: 'housing-graph gateway',
          onIdleError: (error) => logger.warn({ err: error }, 'idle migration database connection failed'),
          gateThresholds: config.gateThresholds,
        });
  // Its own pool: it holds a connection for its lock while it judges, and may wait for an outbox to drain.
  const guardStore =
    config.databaseUrl === undefined || config.autoGuard === false
      ? undefined
      : new MigrationStore({
          connectionString: config.databaseUrl,
          max: 2,
          applicationName: 'housing-graph gateway guard',
          onIdleError: (error) => logger.warn({ err: error }, 'idle guard database connection failed'),
          gateThresholds: config.gateThresholds,
          clock: hooks.clock,
        });
  const guard =
    guardStore === undefined
      ? undefined
      : new AutoGuard({
          store: guardStore,
          thresholds: guardStore.gateThresholds,
          clock: hooks.clock,
          intervalMs: config.guardIntervalMs,
          logger,
          onAction: (action) => {
            if (action.kind === 'breaching') {
              for (const breach of action.breaches)
                metrics.guardBreaching.set({ entity: action.entity, rate: breach.rate }, 1);
              return;
            }
            for (const rate of ['cloudErrorRate', 'shadowMismatchRate'])
              metrics.guardBreaching.set({ entity: action.entity, rate }, 0);
            if (action.kind === 'cleared') return;
            metrics.autoRollbacks.inc({
              entity: action.entity,
              outcome: action.kind === 'rolledBack' ? 'rolled_back' : 'blocked',
            });
          },
        });
  const phases =
    store === undefined
      ? undefined
      : new PhaseWatcher({ read: () => store.readPhases(), intervalMs: config.phaseIntervalMs, logger });
  const readPins =
    store === undefined
      ? undefined
      : new ReadPins({
          load: () => store.readActivePins(),
          record: (pin) => store.recordReadPin(pin),
          intervalMs: config.phaseIntervalMs,
          logger,
        });
  const dataSources = Object.fromEntries(
    supergraph.subgraphs.map(({ name, url }) => [
      name,
      new SubgraphDataSource({
        name,
        url: config.subgraphUrls[name] ?? url,
        timeoutMs: config.timeouts.bySubgraph[name] ?? config.timeouts.defaultMs,
        secret: config.subgraphSecret,
        metrics,
      }),
    ]),
  );
  const traffic =
    store === undefined
      ? undefined
      : new EntityTraffic({
          record: (rows) => store.recordEntityTraffic(rows),
          flushIntervalMs: config.trafficFlushMs,
          logger,
        });
  const shadow =
    store === undefined
      ? undefined
      : new ShadowRunner({
          sampleRate: config.shadowSampleRate,
          queueSize: config.shadowQueueSize,
          concurrency: config.shadowConcurrency,
          record: (rows) =>
            store.recordShadowMismatches(rows.map((row) => ({ ...row, entity: parseEntity(row.entity) }))),
          metrics,
          logger,
          onCompared: (entity, outcome) => traffic?.countComparison(entity, outcome),
        });
  const gateway = new HousingGateway({
    supergraph,
    dataSources,
    phases: () => phases?.current() ?? null,
    readPins,
    scopes: (sdl, apiSchema) => new ScopeEnforcer(sdl, apiSchema),
    limits: (loaded, apiSchema) =>
      createLimitChecker(apiSchema, readCostDirectives(loaded.supergraph.schema), config.limits),
    shadow,
    traffic,
    metrics,
    logger,
    debugRouting: config.debugRouting,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskGatewayError(metrics),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), logInternalErrors(logger)],
    logger: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.info(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
  });

  const opened: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of opened.splice(0).reverse()) {
      await close().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
    }
  };
  try {
    opened.push(async () => {
      phases?.stop();
      readPins?.stop();
      await traffic?.stop();
      await guard?.stop();
      await store?.close();
      await guardStore?.close();
    });
    opened.push(async () => {
      await Promise.all(Object.values(dataSources).map((source) => source.close()));
    });
    await phases?.start();
    await readPins?.start();
    traffic?.start();
    guard?.start();
    if (config.databaseUrl !== undefined && guard === undefined)
      logger.info('automatic guard off (HOUSING_AUTO_GUARD=off or --no-auto-guard)');
    await apollo.start();
    opened.push(() => apollo.stop());
    const path = config.supergraphPath;
    if (path !== undefined) {
      let current = config.supergraphSdl;
      watchFile(path, { interval: 1000, persistent: false }, () => {
        let next: string;
        try {
          next = readFileSync(path, 'utf8');
        } catch (error) {
          return logger.error({ err: error, path }, 'supergraph file unreadable; keeping the current one');
        }
        if (next === current) return;
        try {
          gateway.update(next);
          current = next;
          logger.info({ path }, 'supergraph reloaded');
        } catch (error) {
          logger.error({ err: error, path }, 'new supergraph refused; keeping the current one');
        }
      });
      opened.push(async () => unwatchFile(path));
    }
    const http = await serveGateway({
      apollo,
      context: (request, requestId) => buildContext(request, requestId),
      ready: async () => {
        const readiness = Object.fromEntries(
          await Promise.all(
            Object.entries(dataSources).map(
              async ([name, source]) => [name, await source.readiness(READY_DEADLINE_MS - 50)] as const,
            ),
          ),
        );
        const supergraphLoaded = gateway.isLoaded;
        const phasesLoaded = phases?.loaded ?? true;
        return {
          ready:
            supergraphLoaded && phasesLoaded && Object.values(readiness).every((state) => state === 'ready'),
          detail: {
            supergraph: supergraphLoaded ? 'loaded' : 'not loaded',
            phases:
              phases === undefined
                ? 'none (no database): every override label off'
                : phasesLoaded
                  ? phases.lastError === null
                    ? 'loaded'
                    : 'stale: database unreachable'
                  : 'not loaded',
            subgraphs: readiness,
          },
        };
      },
      metrics,
      logger,
      explorer: createExplorerHandler({ graphqlPath: '/graphql', title: 'housing-graph explorer' }),
      admin: createAdminHandler({ store, verify, logger }),
      port: config.port,
      host: config.host,
      maxBodyBytes: config.maxBodyBytes,
    });
    opened.push(() => http.close());
    return {
      url: http.url,
      port: http.port,
      metrics,
      guard,
      flushTraffic: () => traffic?.flush() ?? Promise.resolve(),
      drainShadow: () => shadow?.drain() ?? Promise.resolve(),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }

  async function buildContext(request: IncomingMessage, requestId: string): Promise<GatewayContext> {
    const principal = await verify(request.headers.authorization);
    const clientName = request.headers['apollographql-client-name'];
    const consumerKey =
      principal.subject ??
      (typeof clientName === 'string' && clientName !== '' ? `client:${clientName}` : undefined) ??
      `address:${request.socket.remoteAddress ?? 'unknown'}`;
    return { requestId, principal, consumerKey, logger, outcome: {} };
  }
}
