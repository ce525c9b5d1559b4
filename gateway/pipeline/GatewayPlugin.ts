import type { Schema } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { DocumentNode, GraphQLSchema, OperationTypeNode } from 'graphql';
import type { ScopeEnforcer } from '../auth/ScopeEnforcer';
import type { GatewayContext } from '../execution/GatewayContext';
import type { LimitChecker } from '../limits/createLimitChecker';
import type { LabelRoutingPlanner } from '../planner/LabelRoutingPlanner';
import type { LabelDecisions } from '../routing/decideLabels';
import type { PlanRouting } from '../routing/PlanRouting';

/** Per-field scope enforcement (gateway/auth/ScopeEnforcer). */
export type ScopeEnforcing = Pick<ScopeEnforcer, 'enforce'>;

/** What one supergraph gives every request: built once when it loads, replaced whole on a reload. */
export interface LoadedGraph {
  readonly planner: LabelRoutingPlanner;
  readonly routing: PlanRouting;
  readonly apiSchema: Schema;
  readonly apiGraphQLSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly scopes: ScopeEnforcing;
  readonly limits: LimitChecker;
}

/** One request before planning: the operation as Apollo Server resolved it, against one loaded graph. */
export interface OperationRequest {
  readonly graph: LoadedGraph;
  readonly requestContext: GatewayGraphQLRequestContext<GatewayContext>;
  /** The operation name the request sent; null when it sent none (the document's only operation). */
  readonly operationName: string | null;
  readonly operationType: OperationTypeNode;
  /** What is planned and executed: the client's document unless a step rewrote it. */
  readonly document: DocumentNode;
  /**
   * Apollo Server's hash of the client's document while it is the one executed; undefined once a step
   * rewrote it (plans are then keyed by the rewritten document's own hash).
   */
  readonly documentKey: string | undefined;
}

/** The same request once routed and planned. */
export interface PlannedRequest extends OperationRequest {
  /** Which override labels are on for this consumer and operation type, and why. */
  readonly labels: LabelDecisions;
  readonly plan: QueryPlan;
  /** The entities whose label changes this operation's plan (computed on first use, cached per operation). */
  touched(): readonly string[];
  /** The same document planned with these labels on instead, and run (a shadow read). */
  executeWithLabels(labelsOn: ReadonlySet<string>): Promise<GatewayExecutionResult>;
}

/**
 * What a step may do before planning: nothing (go on), answer the request itself without planning or
 * running anything (a refusal), or have another document executed in the client's place and shape the
 * result back (scopes: forbidden fields taken out, then put back as null with errors).
 */
export type OperationStep =
  | undefined
  | { readonly respond: GatewayExecutionResult }
  | {
      readonly execute: DocumentNode;
      readonly complete: (result: GatewayExecutionResult) => GatewayExecutionResult;
    };

/**
 * One concern of the request path, the way Hive Gateway composes its runtime from plugins (one file
 * each, `useXxx`). Every hook is optional; the pipeline (runGatewayPipeline) calls them in plugin order:
 * - onOperation: before planning; the first step that answers ends the request;
 * - onPlanned: once routed and planned (metrics);
 * - onExecute: wraps running the plan, the first plugin outermost (sharing, then shadow reads);
 * - onResult: after execution, after any completion an onOperation step asked for (errors, extensions).
 */
export interface GatewayPlugin {
  readonly name: string;
  onOperation?(request: OperationRequest): OperationStep;
  onPlanned?(request: PlannedRequest): void;
  onExecute?(
    request: PlannedRequest,
    execute: () => Promise<GatewayExecutionResult>,
  ): Promise<GatewayExecutionResult>;
  onResult?(request: PlannedRequest, result: GatewayExecutionResult): GatewayExecutionResult;
}
