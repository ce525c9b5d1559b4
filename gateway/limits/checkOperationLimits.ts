import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { compileOperationShape, selectOperation } from './compileOperationShape';
import { operationLimitError, unsizedListError } from './limitErrors';
import type { CostDirectives } from './readCostDirectives';
import { measureOperationShape, type OperationMeasurement } from './measureOperationShape';

export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
}

/**
 * Defaults with room to spare for the registered operations (schema/operations; the test checks each one
 * with its sample variables, its defaults and every Int variable at the maximum page size of 100):
 * - depth 12: the deepest registered operation is 7 (a repair's property's current tenancy's members'
 *   phone numbers); UH's hierarchy has 8 levels, so `parent { parent { ... } }` up to the owner fits.
 *   Introspection adds no depth: validation's MaxIntrospectionDepthRule (graphql-js specifiedRules)
 *   already bounds its nesting, and GraphiQL's introspection query must pass.
 * - aliases 30: no registered operation aliases a field; 30 lets a page fetch a few dozen records by
 *   alias (`a: property(reference: ...) b: ...`) but not thousands of copies of one expensive field.
 * - cost 5,000, priced from the schema's @cost and @listSize (`housing schema check` prints each
 *   registered operation's): the costliest registered operation is 404 with every page at 100 (a block's
 *   children); a 50-row property page with tenancies, members and their contact details 2,201, the same
 *   page of 100 rows 4,401. Refused: a page of pages, `properties(first: 100) { nodes { children(first:
 *   100) ... } }` (10,201: ten thousand properties), and any deeper list of lists.
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 5_000,
});

/**
 * Errors for every limit the operation exceeds; [] when within limits (and when the document has no such
 * operation: execution reports that). Runs after validation, before planning. Pure; for a per-document
 * cache use createLimitChecker.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  costs: CostDirectives,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError[] {
  const operation = selectOperation(document, operationName);
  if (operation === null) return [];
  const shape = compileOperationShape(schema, costs, document, operation);
  return limitErrors(measureOperationShape(shape, variables), limits);
}

/** One error per limit exceeded, in the order depth, aliases, cost (and per list that cannot be sized). */
export function limitErrors(measurement: OperationMeasurement, limits: OperationLimits): GraphQLError[] {
  const errors: GraphQLError[] = measurement.unsized.map(unsizedListError);
  if (measurement.depth > limits.maxDepth)
    errors.push(operationLimitError('depth', measurement.depth, limits.maxDepth));
  if (measurement.aliases > limits.maxAliases)
    errors.push(operationLimitError('aliases', measurement.aliases, limits.maxAliases));
  if (measurement.cost > limits.maxCost)
    errors.push(operationLimitError('cost', measurement.cost, limits.maxCost));
  return errors;
}
