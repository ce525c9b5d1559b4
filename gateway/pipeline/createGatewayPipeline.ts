import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { LabelDecisions } from '../routing/decideLabels';
import type { GatewayPlugin, OperationRequest, PlannedRequest } from './GatewayPlugin';

/** What every request needs and no plugin decides: which labels are on, and running a plan. */
export interface PipelineCore {
  route(request: OperationRequest): LabelDecisions;
  run(request: OperationRequest, plan: QueryPlan): Promise<GatewayExecutionResult>;
}

type Completion = (result: GatewayExecutionResult) => GatewayExecutionResult;

/**
 * The request path as a pipeline of plugins around a core (route, plan, run): each concern lives in its
 * own plugin (gateway/pipeline/use*.ts) and is tested alone. The hooks each plugin has are found once
 * here, so a request pays for the plugins that act on it and nothing else.
 */
export function createGatewayPipeline(
  plugins: readonly GatewayPlugin[],
  core: PipelineCore,
): (request: OperationRequest) => Promise<GatewayExecutionResult> {
  const onOperation = plugins.filter((p) => p.onOperation !== undefined);
  const onPlanned = plugins.filter((p) => p.onPlanned !== undefined);
  // Innermost first: each wraps what the plugins after it run.
  const onExecute = plugins.filter((p) => p.onExecute !== undefined).reverse();
  const onResult = plugins.filter((p) => p.onResult !== undefined);

  return async (start) => {
    let request = start;
    let completions: Completion[] | undefined;
    for (const plugin of onOperation) {
      const step = plugin.onOperation?.(request);
      if (step === undefined) continue;
      if ('respond' in step) return step.respond;
      request = { ...request, document: step.execute, documentKey: undefined };
      (completions ??= []).push(step.complete);
    }

    const labels = core.route(request);
    const planned = new Planned(request, labels, core);
    for (const plugin of onPlanned) plugin.onPlanned?.(planned);

    let execute = () => core.run(planned, planned.plan);
    for (const plugin of onExecute) {
      const inner = execute;
      execute = () => (plugin.onExecute as NonNullable<GatewayPlugin['onExecute']>)(planned, inner);
    }
    let result = await execute();
    for (const complete of completions ?? []) result = complete(result);
    for (const plugin of onResult) result = plugin.onResult?.(planned, result) ?? result;
    return result;
  };
}

/**
 * A request once routed and planned. A class rather than an object spread: one shape for every request
 * (the plugins' call sites stay monomorphic) and no closures made per request.
 */
class Planned implements PlannedRequest {
  readonly graph: OperationRequest['graph'];
  readonly requestContext: OperationRequest['requestContext'];
  readonly operationName: string | null;
  readonly operationType: OperationRequest['operationType'];
  readonly document: OperationRequest['document'];
  readonly documentKey: string | undefined;
  readonly plan: QueryPlan;
  private touchedEntities: readonly string[] | undefined;

  constructor(
    request: OperationRequest,
    readonly labels: LabelDecisions,
    private readonly core: PipelineCore,
  ) {
    this.graph = request.graph;
    this.requestContext = request.requestContext;
    this.operationName = request.operationName;
    this.operationType = request.operationType;
    this.document = request.document;
    this.documentKey = request.documentKey;
    this.plan = request.graph.planner.plan(
      request.document,
      request.operationName,
      labels.labelsOn,
      request.documentKey,
    );
  }

  touched(): readonly string[] {
    // A rewritten document has no stable key to cache the comparison under: count every label touched.
    return (this.touchedEntities ??=
      this.documentKey === undefined
        ? this.graph.planner.labels
        : this.graph.routing.entitiesTouched(this.document, this.operationName, this.documentKey));
  }

  executeWithLabels(labelsOn: ReadonlySet<string>): Promise<GatewayExecutionResult> {
    return this.core.run(
      this,
      this.graph.planner.plan(this.document, this.operationName, labelsOn, this.documentKey),
    );
  }
}
