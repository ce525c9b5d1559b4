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
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from './execution/GatewayContext';
import type { LimitChecker } from './limits/createLimitChecker';
import type { GatewayMetrics } from './metrics/createGatewayMetrics';
import { createGatewayPipeline } from './pipeline/createGatewayPipeline';
import type { GatewayPlugin, LoadedGraph, OperationRequest, ScopeEnforcing } from './pipeline/GatewayPlugin';
import { useDebugRouting } from './pipeline/useDebugRouting';
import { useLabelMetrics } from './pipeline/useLabelMetrics';
import { useEntityTraffic, type TrafficCounting } from './pipeline/useEntityTraffic';
import { useOmitEmptyErrors } from './pipeline/useOmitEmptyErrors';
import { useOperationLimits } from './pipeline/useOperationLimits';
import { useOperationOutcome } from './pipeline/useOperationOutcome';
import { useScopes } from './pipeline/useScopes';
import { useShadowReads } from './pipeline/useShadowReads';
import { useSharedExecution } from './pipeline/useSharedExecution';
import { useVariableCoercion } from './pipeline/useVariableCoercion';
import { LabelRoutingPlanner } from './planner/LabelRoutingPlanner';
import type { RoutingPhase } from './routing/decideLabels';
import { labelsForRequest } from './routing/labelsForRequest';
import { useReadYourWrites } from './pipeline/useReadYourWrites';
import type { ReadPin } from '../migration/ReadPins';
import { PlanRouting } from './routing/PlanRouting';
import { unselectedOperationMessage } from './execution/unselectedOperationMessage';
import type { ShadowRunner } from './shadow/ShadowRunner';
import { loadSupergraph, type LoadedSupergraph } from './supergraph/loadSupergraph';

export type { ScopeEnforcing } from './pipeline/GatewayPlugin';

export interface HousingGatewayOptions {
  readonly supergraph: LoadedSupergraph;
  readonly dataSources: Readonly<Record<string, GraphQLDataSource>>;
  /** The last known phase of each entity (null until first loaded: everything stays on legacy). */
  readonly phases: () => ReadonlyMap<string, RoutingPhase> | null;
  /** Read your writes (migration/ReadPins.ts): absent without a database, as phases are. */
  readonly readPins?: {
    storeFor(consumerKey: string, entity: string): 'legacy' | 'cloud' | undefined;
    wrote(pin: ReadPin): Promise<void>;
  };
  /** Builds the scope enforcer once the API schema exists. */
  readonly scopes: (supergraphSdl: string, apiSchema: GraphQLSchema) => ScopeEnforcing;
  /** Depth, alias and cost limits for the API schema, costed from the supergraph (gateway/limits/createLimitChecker). */
  readonly limits: (supergraph: LoadedSupergraph, apiSchema: GraphQLSchema) => LimitChecker;
  readonly shadow?: ShadowRunner;
  /** Per-entity request and error counts for the gates and the guard (migration/EntityTraffic). */
  readonly traffic?: TrafficCounting;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** Add extensions.routing (which store served each entity, the fetches): never in production. */
  readonly debugRouting: boolean;
}

/**
 * The gateway behind Apollo Server: Apollo's query planner and executeQueryPlan, plus what
 * @apollo/gateway does not do: override labels decided per request from each entity's migration phase,
 * per-field scopes enforced before execution, operation limits, shadow reads, and routing debug output.
 * Each of those is a plugin of the request pipeline (gateway/pipeline/), in the order listed below.
 */
export class HousingGateway implements GatewayInterface {
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  private loaded: LoadedGraph | null = null;
  private readonly pipeline: (request: OperationRequest) => Promise<GatewayExecutionResult>;

  constructor(private readonly options: HousingGatewayOptions) {
    const { readPins } = options;
    const plugins: GatewayPlugin[] = [
      useOperationOutcome(),
      useVariableCoercion(),
      useOperationLimits(),
      useScopes(),
      useLabelMetrics(options.metrics),
      ...(options.traffic === undefined ? [] : [useEntityTraffic(options.traffic)]),
      ...(options.readPins === undefined ? [] : [useReadYourWrites(options.readPins)]),
      useSharedExecution(options.metrics),
      ...(options.shadow === undefined ? [] : [useShadowReads(options.shadow)]),
      useOmitEmptyErrors(),
      ...(options.debugRouting ? [useDebugRouting()] : []),
    ];
    this.pipeline = createGatewayPipeline(plugins, {
      route: ({ graph, operationType, requestContext }) =>
        labelsForRequest(
          graph.planner.labels,
          options.phases(),
          operationType,
          requestContext.context.consumerKey,
          readPins === undefined ? undefined : (consumer, entity) => readPins.storeFor(consumer, entity),
        ),
      run: ({ graph, document, operationName, requestContext }, plan) =>
        executeQueryPlan(
          plan,
          options.dataSources,
          requestContext,
          buildOperationContext({
            schema: graph.apiGraphQLSchema,
            operationDocument: document,
            operationName: operationName ?? undefined,
          }),
          graph.supergraphSchema,
          graph.apiSchema,
        ),
    });
  }

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
    const planner = new LabelRoutingPlanner(supergraph);
    const apiGraphQLSchema = planner.apiSchema.toGraphQLJSSchema();
    this.loaded = {
      planner,
      routing: new PlanRouting(planner),
      apiSchema: planner.apiSchema,
      apiGraphQLSchema,
      supergraphSchema: planner.supergraph.schema.toGraphQLJSSchema(),
      scopes: this.options.scopes(supergraph.sdl, apiGraphQLSchema),
      limits: this.options.limits(supergraph, apiGraphQLSchema),
    };
    for (const listener of this.listeners)
      listener({ apiSchema: apiGraphQLSchema, coreSupergraphSdl: supergraph.sdl });
  }

  async stop(): Promise<void> {
    await this.options.shadow?.stop();
    this.loaded = null;
  }

  private execute(
    requestContext: GatewayGraphQLRequestContext<GatewayContext>,
  ): Promise<GatewayExecutionResult> {
    const graph = this.loaded;
    if (graph === null) throw new Error('the gateway executed a request before its supergraph loaded');
    // operationName picks no operation ("", an unknown name, none for several): Apollo Server leaves
    // `operation` unset and expects the executor to say why; it answers HTTP 400 OPERATION_RESOLUTION_FAILURE.
    const operation = requestContext.operation as typeof requestContext.operation | undefined;
    if (operation === undefined) {
      const message = unselectedOperationMessage(
        requestContext.document,
        requestContext.request.operationName,
      );
      return Promise.resolve({ errors: [new GraphQLError(message)] });
    }
    return this.pipeline({
      graph,
      requestContext,
      operationName: requestContext.request.operationName ?? null,
      operationType: operation.operation,
      document: requestContext.document,
      documentKey: requestContext.queryHash,
    });
  }
}
