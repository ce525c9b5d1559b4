import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { compileOperationShape, selectOperation } from './compileOperationShape';
import { operationLimitError } from './limitErrors';
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
 * - cost 20,000: the costliest registered operation measures 1,415 (a block's 100 children); a page of
 *   20 properties with tenancies, household members and LLPG address (the gateway benchmark's list)
 *   about 6,500; the same page of 100 over 30,000 (10,000 people expected), which should page instead.
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 20_000,
});

/**
 * Errors for every limit the operation exceeds; [] when within limits (and when the document has no such
 * operation: execution reports that). Runs after validation, before planning. Pure; for a per-document
 * cache use createLimitChecker.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError[] {
  const operation = selectOperation(document, operationName);
  if (operation === null) return [];
  const shape = compileOperationShape(schema, document, operation);
  return limitErrors(measureOperationShape(shape, variables), limits);
}

/** One error per limit exceeded, in the order depth, aliases, cost. */
export function limitErrors(measurement: OperationMeasurement, limits: OperationLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (measurement.depth > limits.maxDepth)
    errors.push(operationLimitError('depth', measurement.depth, limits.maxDepth));
  if (measurement.aliases > limits.maxAliases)
    errors.push(operationLimitError('aliases', measurement.aliases, limits.maxAliases));
  if (measurement.cost > limits.maxCost)
    errors.push(operationLimitError('cost', measurement.cost, limits.maxCost));
  return errors;
}
