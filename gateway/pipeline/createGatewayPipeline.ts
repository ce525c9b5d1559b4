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

    const operation = request;
    const { planner, routing } = operation.graph;
    const labels = core.route(operation);
    const plan = planner.plan(
      operation.document,
      operation.operationName,
      labels.labelsOn,
      operation.documentKey,
    );
    let touched: readonly string[] | undefined;
    const planned: PlannedRequest = {
      ...operation,
      labels,
      plan,
      // A rewritten document has no stable key to cache the comparison under: count every label touched.
      touched: () =>
        (touched ??=
          operation.documentKey === undefined
            ? planner.labels
            : routing.entitiesTouched(operation.document, operation.operationName, operation.documentKey)),
      executeWithLabels: (labelsOn) =>
        core.run(
          operation,
          planner.plan(operation.document, operation.operationName, labelsOn, operation.documentKey),
        ),
    };
    for (const plugin of onPlanned) plugin.onPlanned?.(planned);

    let execute = () => core.run(operation, plan);
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
