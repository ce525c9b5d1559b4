import {
  DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES,
  JOIN_VERSIONS,
  Supergraph,
  joinIdentity,
  type Schema,
} from '@apollo/federation-internals';

/** A subgraph as the supergraph names it, with the URL composition recorded (`@join__graph(url:)`). */
export interface SupergraphSubgraph {
  readonly name: string;
  readonly url: string;
}

/** A supergraph parsed and checked once: what the planner, the router and the CLI read from it. */
export interface LoadedSupergraph {
  readonly sdl: string;
  readonly supergraph: Supergraph;
  readonly apiSchema: Schema;
  /** Every subgraph, sorted by name. */
  readonly subgraphs: readonly SupergraphSubgraph[];
  /**
   * Every progressive-override label (`@join__field(overrideLabel:)`), sorted. In this project each is an
   * entity's name: the gateway turns it on or off per request from the entity's migration phase.
   */
  readonly overrideLabels: readonly string[];
}

/**
 * The supergraph features this gateway takes on: Apollo's defaults (what @apollo/gateway runs) plus
 * requiresScopes, a SECURITY feature a gateway must enforce or refuse (@apollo/gateway refuses it; this
 * one enforces it before execution, gateway/auth/ScopeEnforcer). Any other `for: SECURITY` or
 * `for: EXECUTION` feature (@authenticated, @policy, @fromContext) is refused at load: serving it
 * unenforced would leak what it protects or answer wrongly.
 */
export const GATEWAY_SUPPORTED_FEATURES: ReadonlySet<string> = new Set([
  ...DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES,
  'https://specs.apollo.dev/requiresScopes/v0.1',
]);

/** A supergraph that does not parse, is not a Federation 2 supergraph, or links a feature not supported. */
export class SupergraphLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SupergraphLoadError';
  }
}

/**
 * Parses and validates a supergraph composed by @apollo/composition (`housing schema compose`, `rover
 * supergraph compose`), with federation-internals, the library @apollo/gateway builds its own from.
 * Throws SupergraphLoadError saying what is wrong.
 */
export function loadSupergraph(sdl: string): LoadedSupergraph {
  let supergraph: Supergraph;
  let apiSchema: Schema;
  try {
    supergraph = Supergraph.build(sdl, { supportedFeatures: new Set(GATEWAY_SUPPORTED_FEATURES) });
    apiSchema = supergraph.apiSchema();
  } catch (error) {
    throw new SupergraphLoadError(
      `not a supergraph this gateway can serve: ${(error instanceof Error ? error.message : String(error)).split('\n').join(' ')}`,
      { cause: error },
    );
  }
  const subgraphs = supergraph
    .subgraphsMetadata()
    .map(({ name, url }) => Object.freeze({ name, url }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return Object.freeze({
    sdl,
    supergraph,
    apiSchema,
    subgraphs: Object.freeze(subgraphs),
    overrideLabels: Object.freeze(overrideLabelsOf(supergraph.schema)),
  });
}

/**
 * The labels of every `@join__field(overrideLabel:)`, read through the join feature's link (so a renamed
 * join import still resolves), the way the query planner collects the labels it accepts.
 */
function overrideLabelsOf(schema: Schema): string[] {
  const feature = schema.coreFeatures?.getByIdentity(joinIdentity);
  const join = feature === undefined ? undefined : JOIN_VERSIONS.find(feature.url.version);
  if (join === undefined) return [];
  const labels = new Set<string>();
  for (const application of join.fieldDirective(schema).applications()) {
    const label = (application.arguments() as { overrideLabel?: unknown }).overrideLabel;
    if (typeof label === 'string' && label !== '') labels.add(label);
  }
  return [...labels].sort();
}
