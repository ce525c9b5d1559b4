import { GraphQLError } from 'graphql';

/**
 * The error code limits raise: one code for every limit, with `extensions.limit` naming which one, so
 * clients branch on one code and read the numbers from `measured` and `maximum`. The gateway's
 * registry lists the same code (OPERATION_LIMIT_EXCEEDED).
 */
export const LIMIT_ERROR_CODES = {
  OPERATION_LIMIT_EXCEEDED: 'The operation is too deep, has too many aliases or costs too much.',
} as const;

export type LimitErrorCode = keyof typeof LIMIT_ERROR_CODES;

/** Which limit an error is about: `extensions.limit`. */
export type OperationLimitName = 'depth' | 'aliases' | 'cost';

const DESCRIBED: Record<OperationLimitName, string> = {
  depth: 'operation depth',
  aliases: 'number of aliased fields',
  cost: 'operation cost',
};

const EXPLAINED: Record<OperationLimitName, string> = {
  depth: 'fields nested inside fields, fragments expanded',
  aliases: 'each fragment counted once per spread',
  cost: "objects cost 1 and scalars 0 unless the schema's @cost says otherwise, a list multiplies by its @listSize (`first` for a page), a mutation adds 10",
};

/** e.g. "operation depth 14 exceeds the limit of 12 (fields nested inside fields, fragments expanded)". */
export function operationLimitError(
  limit: OperationLimitName,
  measured: number,
  maximum: number,
): GraphQLError {
  // A measure past 2^53 (fragments spread inside fragments multiply) is shown as that bound, never as
  // Infinity or in exponent form.
  const shown = Math.min(measured, Number.MAX_SAFE_INTEGER);
  const amount = shown === measured ? String(measured) : `over ${Number.MAX_SAFE_INTEGER}`;
  return new GraphQLError(
    `${DESCRIBED[limit]} ${amount} exceeds the limit of ${maximum} (${EXPLAINED[limit]})`,
    {
      extensions: {
        code: 'OPERATION_LIMIT_EXCEEDED' satisfies LimitErrorCode,
        limit,
        measured: shown,
        maximum,
      },
    },
  );
}

/**
 * A list whose `@listSize(slicingArguments:)` requires exactly one of them and did not get exactly one:
 * its size, hence the operation's cost, cannot be estimated (Apollo Router refuses it too).
 */
export function unsizedListError(coordinate: string): GraphQLError {
  return new GraphQLError(
    `${coordinate}: expected exactly one of its slicing arguments, which give the size of the list it returns`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}
