import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { startUhSimulator, type UhSimulatorHandle } from '../../uh-simulator/startUhSimulator';
import { parseMssqlUrl } from '../../core/parseMssqlUrl';
import { runBackfill } from '../../sync/backfill/runBackfill';
import { loadSyntheticLlpg } from '../../sync/llpg/loadSyntheticLlpg';
import { startLegacySubgraph, type RunningLegacySubgraph } from '../../subgraphs/legacy/startLegacySubgraph';
import { startCloudSubgraph } from '../../subgraphs/cloud/startCloudSubgraph';
import { PgStore } from '../../stores/cloud/PgStore';
import { MigrationStore } from '../../migration/store/MigrationStore';
import type { Entity, Phase } from '../../migration/phases';
import { startGateway, type RunningGateway } from '../../gateway/startGateway';
import { validateGatewayConfig, type GatewayConfig } from '../../gateway/config/GatewayConfig';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/checkOperationLimits';
import { mintDevelopmentToken } from '../../gateway/auth/mintDevelopmentToken';
import { readScopedFields } from '../../gateway/auth/readScopedFields';
import { createTestDatabase, type TestDatabase } from '../pg/createTestDatabase';

export const JWT_SECRET = 'test-secret-for-the-gateway-tests-0123456789';
export const SUBGRAPH_SECRET = 'test-subgraph-secret-0123456789';
export const SUPERGRAPH_SDL = readFileSync(
  join(__dirname, '..', '..', 'schema', 'supergraph.graphql'),
  'utf8',
);

type Running = { url: string; close(): Promise<void> };

/** A query touching each entity, to see how the gateway routes it. */
const PROBES: Record<Entity, string> = {
  property: '{ property(reference: "1") { reference } }',
  tenancy: '{ tenancy(reference: "1/01") { reference } }',
  person: '{ person(id: "1-1") { id } }',
  repairRequest: '{ repairRequest(reference: "1") { reference } }',
};

/**
 * The whole graph for end-to-end tests: a seeded UH simulator, a fresh cloud database backfilled from it
 * with the synthetic LLPG, both subgraphs on HTTP with the shared secret, and the gateway in this
 * process. Subgraphs can be stopped and started again on the same port (partial-result tests).
 */
export class GatewayStack {
  simulator!: UhSimulatorHandle;
  db!: TestDatabase;
  legacy: RunningLegacySubgraph | null = null;
  cloud: Running | null = null;
  gateway!: RunningGateway;
  migration!: MigrationStore;
  cloudStore!: PgStore;
  private legacyPort = 0;
  private cloudPort = 0;

  static async start(
    options: { scale?: 'tiny' | 'small'; gateway?: Partial<GatewayConfig>; logger?: pino.Logger } = {},
  ): Promise<GatewayStack> {
    const stack = new GatewayStack();
    const scale = options.scale ?? 'tiny';
    stack.simulator = await startUhSimulator({ seed: scale });
    stack.db = await createTestDatabase();
    await runBackfill({
      uh: parseMssqlUrl('uh', stack.simulator.url),
      cloudUrl: stack.db.url,
      batchSize: 10_000,
    });
    await loadSyntheticLlpg(stack.db.url, scale);
    stack.migration = new MigrationStore({ connectionString: stack.db.url });
    stack.cloudStore = new PgStore({ connectionString: stack.db.url, max: 2 });
    await stack.startLegacy();
    await stack.startCloud();
    stack.gateway = await startGateway(
      validateGatewayConfig({
        port: 0,
        host: '127.0.0.1',
        supergraphSdl: SUPERGRAPH_SDL,
        supergraphSource: 'schema/supergraph.graphql',
        subgraphUrls: { legacy: stack.legacy?.url ?? '', cloud: stack.cloud?.url ?? '' },
        timeouts: { defaultMs: 5000, bySubgraph: {} },
        subgraphSecret: SUBGRAPH_SECRET,
        jwtSecret: JWT_SECRET,
        databaseUrl: stack.db.url,
        limits: DEFAULT_OPERATION_LIMITS,
        maxBodyBytes: 100_000,
        shadowSampleRate: 1,
        shadowQueueSize: 100,
        shadowConcurrency: 2,
        debugRouting: true,
        phaseIntervalMs: 1000,
        production: false,
        ...options.gateway,
      }),
      options.logger ?? pino({ level: 'silent' }),
    );
    return stack;
  }

  async startLegacy(): Promise<void> {
    this.legacy = await startLegacySubgraph({
      uh: parseMssqlUrl('uh', this.simulator.url),
      port: this.legacyPort,
      uhTimeoutMs: 5000,
      gatewaySecret: SUBGRAPH_SECRET,
    });
    this.legacyPort = Number(new URL(this.legacy.url).port);
  }

  async startCloud(): Promise<void> {
    this.cloud = await startCloudSubgraph({
      databaseUrl: this.db.url,
      port: this.cloudPort,
      gatewaySecret: SUBGRAPH_SECRET,
    });
    this.cloudPort = Number(new URL(this.cloud.url).port);
  }

  async stopLegacy(): Promise<void> {
    await this.legacy?.close();
    this.legacy = null;
  }

  async stopCloud(): Promise<void> {
    await this.cloud?.close();
    this.cloud = null;
  }

  /** Sets a phase as `housing migrate set` does, then waits for the gateway to see it (at most 2 s). */
  async setPhase(entity: Entity, phase: Phase, percent?: number): Promise<void> {
    const current = (await this.migration.readPhases()).find((row) => row.entity === entity);
    if (current?.phase === phase && (percent === undefined || current.percent === percent)) return;
    // These tests are about routing, not about the gates (which have tests of their own).
    await this.migration.setPhase({
      entity,
      phase,
      percent,
      reason: 'gateway test',
      changedBy: 'jest',
      overrideGates: true,
    });
    // The gateway reads phases every second: wait until it routes by the new one (debug routing says).
    const probe = PROBES[entity];
    await eventually(async () => {
      const { body } = await this.request(probe);
      const seen = body.extensions?.routing?.entities[entity]?.phase;
      if (seen !== phase) throw new Error(`the gateway still routes ${entity} by ${String(seen)}`);
    }, 2500);
  }

  token(scopes: readonly string[] | 'all', subject = 'tester'): Promise<string> {
    return mintDevelopmentToken({
      secret: JWT_SECRET,
      subject,
      scopes: scopes === 'all' ? readScopedFields(SUPERGRAPH_SDL).knownScopes : scopes,
      expiresIn: '1h',
    });
  }

  /** POST a GraphQL request to the gateway. */
  async request(
    query: string,
    options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: GraphQLBody; headers: Headers }> {
    const response = await fetch(this.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as GraphQLBody,
      headers: response.headers,
    };
  }

  get origin(): string {
    return new URL(this.gateway.url).origin;
  }

  async close(): Promise<void> {
    await this.gateway?.close();
    await this.stopLegacy();
    await this.stopCloud();
    await this.migration?.close();
    await this.cloudStore?.close();
    await this.db?.drop();
    await this.simulator?.close();
  }
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: {
    routing?: {
      entities: Record<string, { phase: string; store: string; bucket?: number }>;
      fetches: { serviceName: string; path: string }[];
    };
  };
}

/** Waits until `check` passes or `ms` pass (then fails with the last error). */
export async function eventually(check: () => Promise<void>, ms = 2500): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
