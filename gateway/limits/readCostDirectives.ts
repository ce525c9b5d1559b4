import { COST_VERSIONS, costIdentity, type Schema } from '@apollo/federation-internals';

/**
 * A field's `@listSize` (Federation's demand-control directive, IBM's cost spec): how many items the list
 * it returns is expected to hold.
 */
export interface ListSize {
  /** The size when no slicing argument gives one: for lists bounded by the data, not by the query. */
  readonly assumedSize?: number;
  /** Arguments whose value is the size (`first`); with several, the largest given. */
  readonly slicingArguments?: readonly string[];
  /** Fields of the returned object that hold the items (a connection's `edges`, `nodes`). */
  readonly sizedFields?: readonly string[];
  /** With slicing arguments: exactly one of them must have a value (given or its default). */
  readonly requireOneSlicingArgument: boolean;
}

/** The supergraph's `@cost` and `@listSize`, by schema coordinate. Empty maps when it links neither. */
export interface CostDirectives {
  /** `@cost(weight:)` on a field ("Type.field"), a type ("Type": OBJECT, SCALAR, ENUM), an argument
   * ("Type.field(arg:)") or an input field ("Input.field"). */
  readonly weights: ReadonlyMap<string, number>;
  /** `@listSize` by field ("Type.field"). */
  readonly listSizes: ReadonlyMap<string, ListSize>;
}

export const NO_COST_DIRECTIVES: CostDirectives = Object.freeze({
  weights: new Map<string, number>(),
  listSizes: new Map<string, ListSize>(),
});

/**
 * Reads `@cost` and `@listSize` from a supergraph (composed from subgraphs that import them from
 * federation v2.9+), through the cost feature's link so renamed imports still resolve.
 */
export function readCostDirectives(supergraphSchema: Schema): CostDirectives {
  const feature = supergraphSchema.coreFeatures?.getByIdentity(costIdentity);
  const spec = feature === undefined ? undefined : COST_VERSIONS.find(feature.url.version);
  if (spec === undefined) return NO_COST_DIRECTIVES;
  const weights = new Map<string, number>();
  for (const application of spec.costDirective(supergraphSchema)?.applications() ?? []) {
    const { weight } = application.arguments();
    weights.set(coordinateOf(application.parent), weight);
  }
  const listSizes = new Map<string, ListSize>();
  for (const application of spec.listSizeDirective(supergraphSchema)?.applications() ?? []) {
    const args = application.arguments();
    listSizes.set(
      coordinateOf(application.parent),
      Object.freeze({
        ...(args.assumedSize === undefined || args.assumedSize === null
          ? {}
          : { assumedSize: args.assumedSize }),
        ...(args.slicingArguments === undefined || args.slicingArguments === null
          ? {}
          : { slicingArguments: Object.freeze([...args.slicingArguments]) }),
        ...(args.sizedFields === undefined || args.sizedFields === null
          ? {}
          : { sizedFields: Object.freeze([...args.sizedFields]) }),
        requireOneSlicingArgument: args.requireOneSlicingArgument ?? true,
      }),
    );
  }
  return Object.freeze({ weights, listSizes });
}

function coordinateOf(element: unknown): string {
  return (element as { coordinate: string }).coordinate;
}
