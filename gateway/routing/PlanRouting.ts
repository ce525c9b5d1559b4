import {
  prettyFormatQueryPlan,
  type PlanNode,
  type QueryPlan,
  type SubscriptionNode,
} from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';
import type { LabelRoutingPlanner } from '../planner/LabelRoutingPlanner';

/** One fetch of a plan: which subgraph, at which response path ('@' = every list element). */
export interface PlannedFetch {
  readonly serviceName: string;
  readonly path: string;
}

/**
 * What a plan says about routing: which entities an operation touches (an entity is touched when turning
 * its label on changes the plan, i.e. the operation selects a field the entity's label moves), and the
 * fetches a plan sends. Both are computed once per operation or plan and cached.
 */
export class PlanRouting {
  private readonly touched = new Map<string, readonly string[]>();
  private readonly fetches = new WeakMap<QueryPlan, readonly PlannedFetch[]>();

  constructor(private readonly planner: LabelRoutingPlanner) {}

  /** The entities whose label changes this operation's plan (labels compared one at a time). */
  entitiesTouched(
    document: DocumentNode,
    operationName: string | null | undefined,
    documentKey: string,
  ): readonly string[] {
    const key = `${documentKey}\u0000${operationName ?? ''}`;
    const known = this.touched.get(key);
    if (known !== undefined) return known;
    const none = prettyFormatQueryPlan(this.planner.plan(document, operationName, new Set(), documentKey));
    const entities = this.planner.labels.filter(
      (label) =>
        prettyFormatQueryPlan(this.planner.plan(document, operationName, new Set([label]), documentKey)) !==
        none,
    );
    if (this.touched.size >= 10_000) this.touched.clear();
    this.touched.set(key, entities);
    return entities;
  }

  fetchesOf(plan: QueryPlan): readonly PlannedFetch[] {
    const known = this.fetches.get(plan);
    if (known !== undefined) return known;
    const found: PlannedFetch[] = [];
    if (plan.node !== undefined) collectFetches(plan.node, [], found);
    this.fetches.set(plan, found);
    return found;
  }
}

function collectFetches(
  node: PlanNode | SubscriptionNode,
  path: readonly (string | number)[],
  found: PlannedFetch[],
): void {
  switch (node.kind) {
    case 'Fetch':
      found.push({ serviceName: node.serviceName, path: path.length === 0 ? '' : path.join('.') });
      return;
    case 'Flatten':
      collectFetches(node.node, [...path, ...node.path], found);
      return;
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) collectFetches(child, path, found);
      return;
    case 'Condition':
      if (node.ifClause) collectFetches(node.ifClause, path, found);
      if (node.elseClause) collectFetches(node.elseClause, path, found);
      return;
    case 'Defer':
      if (node.primary.node) collectFetches(node.primary.node, path, found);
      for (const deferred of node.deferred) if (deferred.node) collectFetches(deferred.node, path, found);
      return;
    case 'Subscription':
      collectFetches(node.primary, path, found);
      if (node.rest) collectFetches(node.rest, path, found);
      return;
  }
}
