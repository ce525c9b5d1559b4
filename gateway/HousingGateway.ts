// Must stay the first import: see the file.
import './perf/flattenFederationExports';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import type { Schema } from '@apollo/federation-internals';
import { OperationTypeNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import type { Logger } from 'pino';
import type { GatewayContext } from './execution/GatewayContext';
import type { ScopeEnforcer } from './auth/ScopeEnforcer';
import type { LimitChecker } from './limits/createLimitChecker';
import type { GatewayMetrics } from './metrics/createGatewayMetrics';
import { LabelRoutingPlanner } from './planner/LabelRoutingPlanner';
import type { QueryPlan } from '@apollo/query-planner';
import type { OperationContext } from '@apollo/gateway/dist/operationContext';
import { decideLabels, type LabelDecisions, type RoutingPhase } from './routing/decideLabels';
import { PlanRouting } from './routing/PlanRouting';
import { loadSupergraph, type LoadedSupergraph } from './supergraph/loadSupergraph';
import type { ShadowRunner } from './shadow/ShadowRunner';

/** Per-field scope enforcement (gateway/auth/ScopeEnforcer). */
export type ScopeEnforcing = Pick<ScopeEnforcer, 'enforce'>;

export interface HousingGatewayOptions {
  readonly supergraph: LoadedSupergraph;
  readonly dataSources: Readonly<Record<string, GraphQLDataSource>>;
  /** The last known phase of each entity (null until first loaded: everything stays on legacy). */
  readonly phases: () => ReadonlyMap<string, RoutingPhase> | null;
  /** Builds the scope enforcer once the API schema exists. */
  readonly scopes: (supergraphSdl: string, apiSchema: GraphQLSchema) => ScopeEnforcing;
  /** Depth, alias and cost limits for the API schema, costed from the supergraph (gateway/limits/createLimitChecker). */
  readonly limits: (supergraph: LoadedSupergraph, apiSchema: GraphQLSchema) => LimitChecker;
  readonly shadow?: ShadowRunner;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** Add extensions.routing (which store served each entity, the fetches): never in production. */
  readonly debugRouting: boolean;
}

interface Loaded {
  readonly planner: LabelRoutingPlanner;
  readonly routing: PlanRouting;
  readonly apiSchema: Schema;
  readonly apiGraphQLSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly scopes: ScopeEnforcing;
  readonly limits: LimitChecker;
}

function labelKey(labels: ReadonlySet<string>): string {
  return labels.size === 0 ? '' : [...labels].sort().join(',');
}

/**
 * The gateway behind Apollo Server: Apollo's query planner and executeQueryPlan, plus what
 * @apollo/gateway does not do: override labels decided per request from each entity's migration phase,
 * per-field scopes enforced before execution, operation limits, shadow reads, and routing debug output.
 */
export class HousingGateway implements GatewayInterface {
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  private loaded: Loaded | null = null;
  private readonly inFlight = new Map<string, Promise<GatewayExecutionResult>>();

  constructor(private readonly options: HousingGatewayOptions) {}

  get isLoaded(): boolean {
    return this.loaded !== null;
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  async load(): Promise<GatewayLoadResult> {
    this.install(this.options.supergraph);
    return {
      executor: (requestContext) =>
        this.execute(requestContext as GatewayGraphQLRequestContext<GatewayContext>),
    };
  }

  /**
   * Live reload: serve a new supergraph from the next request on. A supergraph that does not build, or
   * that names other subgraphs than the ones this gateway has pools for, is refused (thrown) and the
   * current one stays in force; requests already running finish on the schema they started with.
   */
  update(supergraphSdl: string): void {
    if (this.loaded === null) throw new Error('the gateway has not loaded a supergraph yet');
    const supergraph = loadSupergraph(supergraphSdl);
    const names = supergraph.subgraphs.map((subgraph) => subgraph.name);
    const known = Object.keys(this.options.dataSources).sort();
    if (names.join() !== known.join())
      throw new Error(
        `the new supergraph names subgraphs ${names.join(', ')}; this gateway routes to ${known.join(', ')} (restart it to change subgraphs)`,
      );
    this.install(supergraph);
  }

  private install(supergraph: LoadedSupergraph): void {
    const supergraphSdl = supergraph.sdl;
    const planner = new LabelRoutingPlanner(supergraph);
    const apiGraphQLSchema = planner.apiSchema.toGraphQLJSSchema();
    this.loaded = {
      planner,
      routing: new PlanRouting(planner),
      apiSchema: planner.apiSchema,
      apiGraphQLSchema,
      supergraphSchema: planner.supergraph.schema.toGraphQLJSSchema(),
      scopes: this.options.scopes(supergraphSdl, apiGraphQLSchema),
      limits: this.options.limits(supergraph, apiGraphQLSchema),
    };
    for (const listener of this.listeners)
      listener({ apiSchema: apiGraphQLSchema, coreSupergraphSdl: supergraphSdl });
  }

  async stop(): Promise<void> {
    await this.options.shadow?.stop();
    this.loaded = null;
  }

  private async execute(
    requestContext: GatewayGraphQLRequestContext<GatewayContext>,
  ): Promise<GatewayExecutionResult> {
    const loaded = this.loaded;
    if (loaded === null) throw new Error('the gateway executed a request before its supergraph loaded');
    const { request, context } = requestContext;
    const operationName = request.operationName ?? null;
    const operationType = requestContext.operation.operation;
    context.outcome.operationType = operationType;
    context.outcome.operationName = requestContext.operationName;

    let operationContext = buildOperationContext({
      schema: loaded.apiGraphQLSchema,
      operationDocument: requestContext.document,
      operationName: operationName ?? undefined,
    });
    const definitions = operationContext.operation.variableDefinitions;
    if (definitions !== undefined && definitions.length > 0) {
      const { errors } = getVariableValues(loaded.apiGraphQLSchema, definitions, request.variables ?? {});
      if (errors !== undefined) return { errors };
    }
    const limitErrors = loaded.limits(requestContext.document, operationName, request.variables);
    if (limitErrors.length > 0) return { errors: limitErrors };

    const scope = loaded.scopes.enforce(requestContext.document, operationName, context.principal);
    if (scope.kind === 'rejected') return { errors: scope.errors };
    let document = requestContext.document;
    let documentKey: string | undefined = requestContext.queryHash;
    if (scope.kind === 'filtered') {
      document = scope.document;
      documentKey = undefined;
      operationContext = buildOperationContext({
        schema: loaded.apiGraphQLSchema,
        operationDocument: document,
        operationName: operationName ?? undefined,
      });
    }

    const routing = this.route(operationType, context.consumerKey);
    const plan = loaded.planner.plan(document, operationName, routing.labelsOn, documentKey);
    const touched =
      documentKey === undefined
        ? loaded.planner.labels
        : loaded.routing.entitiesTouched(document, operationName, documentKey);
    for (const decision of routing.decisions) {
      if (touched.includes(decision.entity))
        this.options.metrics.labelDecisions.inc({ entity: decision.entity, store: decision.store });
    }

    const run = async (): Promise<GatewayExecutionResult> => {
      const executed = await this.executePlan(loaded, plan, requestContext, operationContext);
      if (operationType === OperationTypeNode.QUERY && this.options.shadow !== undefined) {
        this.offerShadowReads(loaded, requestContext, routing, touched, document, documentKey, executed);
      }
      return executed;
    };
    // Identical queries in flight share one execution: same document, operation, variables, labels and
    // no field filtered by scope, hence the same plan, the same subgraph fetches and the same answer.
    // Each caller gets its own top-level object; the data tree is shared and never mutated after this.
    const shareKey =
      operationType === OperationTypeNode.QUERY && scope.kind === 'allowed' && documentKey !== undefined
        ? `${documentKey}\u0000${operationName ?? ''}\u0000${labelKey(routing.labelsOn)}\u0000${JSON.stringify(request.variables ?? {})}`
        : undefined;
    let executed: GatewayExecutionResult;
    if (shareKey === undefined) executed = await run();
    else {
      const running = this.inFlight.get(shareKey);
      if (running !== undefined) {
        this.options.metrics.sharedExecutions.inc();
        executed = { ...(await running) };
      } else {
        const started = run();
        this.inFlight.set(shareKey, started);
        try {
          executed = { ...(await started) };
        } finally {
          this.inFlight.delete(shareKey);
        }
      }
    }

    const result: GatewayExecutionResult =
      scope.kind === 'filtered'
        ? (scope.complete({
            data: executed.data,
            errors: executed.errors,
          }) as GatewayExecutionResult)
        : executed;
    // executeQueryPlan answers `errors: []` when nothing failed; the spec says omit the entry then.
    if (result.errors !== undefined && result.errors.length === 0) delete result.errors;
    if (this.options.debugRouting) {
      result.extensions = {
        ...result.extensions,
        routing: {
          entities: Object.fromEntries(
            routing.decisions
              .filter((decision) => touched.includes(decision.entity))
              .map(({ entity, ...rest }) => [entity, rest]),
          ),
          fetches: loaded.routing.fetchesOf(plan),
        },
      };
    }
    return result;
  }

  private executePlan(
    loaded: Loaded,
    plan: QueryPlan,
    requestContext: GatewayGraphQLRequestContext<GatewayContext>,
    operationContext: OperationContext,
  ): Promise<GatewayExecutionResult> {
    return executeQueryPlan(
      plan,
      this.options.dataSources,
      requestContext,
      operationContext,
      loaded.supergraphSchema,
      loaded.apiSchema,
    );
  }

  /**
   * Labels for this request. Mutations follow the write master: only CLOUD entities write to cloud (in
   * SHADOW and CANARY, writes still go to UH, which the forward sync copies to cloud).
   */
  private route(operationType: string, consumerKey: string): LabelDecisions {
    const labels = this.loaded?.planner.labels ?? [];
    const phases = this.options.phases();
    if (operationType !== 'mutation') return decideLabels(labels, phases, consumerKey);
    const writePhases = new Map<string, RoutingPhase>();
    for (const [entity, phase] of phases ?? []) {
      writePhases.set(entity, phase.phase === 'CLOUD' ? phase : { phase: 'LEGACY', percent: 0 });
    }
    return decideLabels(labels, writePhases, consumerKey);
  }

  private offerShadowReads(
    loaded: Loaded,
    requestContext: GatewayGraphQLRequestContext<GatewayContext>,
    routing: LabelDecisions,
    touched: readonly string[],
    document: DocumentNode,
    documentKey: string | undefined,
    executed: GatewayExecutionResult,
  ): void {
    const shadow = this.options.shadow;
    if (shadow === undefined || routing.shadowEntities.length === 0) return;
    if (executed.errors !== undefined && executed.errors.length > 0) return;
    const operationName = requestContext.request.operationName ?? null;
    // The name recorded: the operation Apollo Server resolved (the request may not name it).
    const recordedName = requestContext.operationName ?? operationName;
    for (const entity of routing.shadowEntities) {
      if (!touched.includes(entity) || !shadow.sampled()) continue;
      // The primary result is the client's: compare against a copy taken now, before anything else
      // (formatting, serialisation) touches it.
      const legacyData = structuredClone(executed.data ?? null);
      shadow.offer({
        entity,
        operationName: recordedName,
        legacyData,
        runCloud: () => {
          const labels = new Set([...routing.labelsOn, entity]);
          const plan = loaded.planner.plan(document, operationName, labels, documentKey);
          const operationContext = buildOperationContext({
            schema: loaded.apiGraphQLSchema,
            operationDocument: document,
            operationName: operationName ?? undefined,
          });
          return this.executePlan(loaded, plan, requestContext, operationContext);
        },
      });
    }
  }
}
