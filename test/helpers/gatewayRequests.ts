import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import pino from 'pino';
import { ANONYMOUS, type Principal } from '../../gateway/auth/Principal';
import { ScopeEnforcer } from '../../gateway/auth/ScopeEnforcer';
import type { GatewayContext } from '../../gateway/execution/GatewayContext';
import { DEFAULT_OPERATION_LIMITS } from '../../gateway/limits/checkOperationLimits';
import { createLimitChecker } from '../../gateway/limits/createLimitChecker';
import { readCostDirectives } from '../../gateway/limits/readCostDirectives';
import type { LoadedGraph, OperationRequest, PlannedRequest } from '../../gateway/pipeline/GatewayPlugin';
import { LabelRoutingPlanner } from '../../gateway/planner/LabelRoutingPlanner';
import { decideLabels, type LabelDecisions } from '../../gateway/routing/decideLabels';
import { PlanRouting } from '../../gateway/routing/PlanRouting';
import { loadSupergraph } from '../../gateway/supergraph/loadSupergraph';

/**
 * Requests for testing the gateway's pipeline plugins one at a time: a real loaded graph (the committed
 * supergraph's planner, scope enforcer and limits) and the request context Apollo Server would hand the
 * executor for one operation.
 */
let graph: LoadedGraph | undefined;
export function committedGraph(): LoadedGraph {
  if (graph !== undefined) return graph;
  const supergraph = loadSupergraph(
    readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
  );
  const planner = new LabelRoutingPlanner(supergraph);
  const apiGraphQLSchema = planner.apiSchema.toGraphQLJSSchema();
  graph = {
    planner,
    routing: new PlanRouting(planner),
    apiSchema: planner.apiSchema,
    apiGraphQLSchema,
    supergraphSchema: planner.supergraph.schema.toGraphQLJSSchema(),
    scopes: new ScopeEnforcer(supergraph.sdl, apiGraphQLSchema),
    limits: createLimitChecker(
      apiGraphQLSchema,
      readCostDirectives(supergraph.supergraph.schema),
      DEFAULT_OPERATION_LIMITS,
    ),
  };
  return graph;
}

export function operationRequest(
  query: string,
  options: {
    variables?: Record<string, unknown>;
    operationName?: string;
    principal?: Principal;
    consumerKey?: string;
  } = {},
): OperationRequest {
  const document = parse(query);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    options.operationName === undefined
      ? operations[0]
      : operations.find((op) => op.name?.value === options.operationName);
  if (operation === undefined) throw new Error('no such operation in the test query');
  const context: GatewayContext = {
    requestId: 'test-request',
    principal: options.principal ?? ANONYMOUS,
    consumerKey: options.consumerKey ?? 'tester',
    logger: pino({ level: 'silent' }),
    outcome: {},
  };
  const requestContext = {
    request: { query, variables: options.variables, operationName: options.operationName },
    document,
    operation,
    operationName: operation.name?.value ?? null,
    queryHash: createHash('sha256').update(query).digest('hex'),
    context,
  } as unknown as GatewayGraphQLRequestContext<GatewayContext>;
  return {
    graph: committedGraph(),
    requestContext,
    operationName: options.operationName ?? null,
    operationType: operation.operation,
    document,
    documentKey: requestContext.queryHash,
  };
}

/** The request once routed (every entity LEGACY unless told) and planned with the committed planner. */
export function plannedRequest(
  request: OperationRequest,
  options: {
    labels?: LabelDecisions;
    touched?: readonly string[];
    executeWithLabels?: PlannedRequest['executeWithLabels'];
  } = {},
): PlannedRequest {
  const labels = options.labels ?? decideLabels(request.graph.planner.labels, null, 'tester');
  return {
    ...request,
    labels,
    plan: request.graph.planner.plan(
      request.document,
      request.operationName,
      labels.labelsOn,
      request.documentKey,
    ),
    touched: () =>
      options.touched ??
      request.graph.routing.entitiesTouched(
        request.document,
        request.operationName,
        request.documentKey ?? '',
      ),
    executeWithLabels:
      options.executeWithLabels ?? (() => Promise.reject(new Error('executeWithLabels not expected here'))),
  };
}
