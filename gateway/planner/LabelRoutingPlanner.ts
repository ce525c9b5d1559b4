import { createHash } from 'node:crypto';
import { operationFromDocument, type Schema, type Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import { print, type DocumentNode } from 'graphql';
import type { LoadedSupergraph } from '../supergraph/loadSupergraph';

export interface LabelRoutingPlannerOptions {
  /** Plans kept (least recently used dropped first). */
  readonly maxCachedPlans?: number;
}

/**
 * Query planning with progressive-override labels decided per request. The supergraph marks every cloud
 * field `@override(from: "legacy", label: "<entity>")`; @apollo/gateway never passes labels to its planner
 * (it plans as if every label were off). This planner takes the set of labels that are on for this request
 * (from each entity's migration phase and the consumer) and passes them as overrideConditions; plans are
 * cached per operation and label set, so a canary consumer and a legacy consumer never share a plan.
 */
export class LabelRoutingPlanner {
  readonly supergraph: Supergraph;
  readonly apiSchema: Schema;
  /** Every override label the supergraph declares, sorted. */
  readonly labels: readonly string[];
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, QueryPlan>();
  private readonly maxCachedPlans: number;

  constructor(loaded: LoadedSupergraph, options: LabelRoutingPlannerOptions = {}) {
    this.supergraph = loaded.supergraph;
    this.apiSchema = loaded.apiSchema;
    this.planner = new QueryPlanner(this.supergraph);
    this.labels = loaded.overrideLabels;
    this.maxCachedPlans = options.maxCachedPlans ?? 1000;
  }

  /**
   * The plan for an operation with exactly these labels on (every other label off). Throws GraphQL
   * validation errors for an operation the API schema does not accept.
   */
  plan(
    document: DocumentNode,
    operationName: string | null | undefined,
    labelsOn: ReadonlySet<string>,
    /** A key that identifies the document's text (Apollo Server's queryHash); computed when absent. */
    documentKey?: string,
  ): QueryPlan {
    for (const label of labelsOn) {
      if (!this.labels.includes(label))
        throw new Error(
          `unknown override label "${label}"; the supergraph declares ${this.labels.join(', ')}`,
        );
    }
    const key = this.cacheKey(documentKey ?? this.hashDocument(document), operationName, labelsOn);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Refresh its place: the map's order is the eviction order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const operation = operationFromDocument(this.apiSchema, document, {
      operationName: operationName ?? undefined,
    });
    const overrideConditions = new Map(this.labels.map((label) => [label, labelsOn.has(label)]));
    const plan = this.planner.buildQueryPlan(operation, { overrideConditions });
    this.cache.set(key, plan);
    if (this.cache.size > this.maxCachedPlans) this.cache.delete(this.cache.keys().next().value as string);
    return plan;
  }

  get cachedPlans(): number {
    return this.cache.size;
  }

  private hashDocument(document: DocumentNode): string {
    return createHash('sha256').update(print(document)).digest('base64url');
  }

  private cacheKey(
    operation: string,
    operationName: string | null | undefined,
    labelsOn: ReadonlySet<string>,
  ): string {
    const labels =
      labelsOn.size === 0 ? '' : labelsOn.size === 1 ? [...labelsOn].join() : [...labelsOn].sort().join(',');
    return `${operation}\u0000${operationName ?? ''}\u0000${labels}`;
  }
}
