import type { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { limitErrors, type OperationLimits } from './checkOperationLimits';
import { compileOperationShape, selectOperation, type OperationShape } from './compileOperationShape';
import { measureOperationShape } from './measureOperationShape';
import type { CostDirectives } from './readCostDirectives';

export type LimitChecker = (
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
) => GraphQLError[];

/**
 * checkOperationLimits for one schema and set of limits, compiling each (document, operation name) once:
 * a server that reuses parsed documents (Apollo Server's document store does) then only resolves
 * variables per request. Keyed weakly by the document, so dropped documents free their entries.
 * A new supergraph means a new schema, hence a new checker.
 */
export function createLimitChecker(
  schema: GraphQLSchema,
  costs: CostDirectives,
  limits: OperationLimits,
): LimitChecker {
  validateLimits(limits);
  // Per document, per operation node (not per name sent: that would let a client grow the map with names).
  const shapes = new WeakMap<DocumentNode, Map<OperationDefinitionNode, OperationShape>>();
  return (document, operationName, variables) => {
    const operation = selectOperation(document, operationName);
    if (operation === null) return [];
    let byOperation = shapes.get(document);
    if (byOperation === undefined) {
      byOperation = new Map();
      shapes.set(document, byOperation);
    }
    let shape = byOperation.get(operation);
    if (shape === undefined) {
      shape = compileOperationShape(schema, costs, document, operation);
      byOperation.set(operation, shape);
    }
    return limitErrors(measureOperationShape(shape, variables), limits);
  };
}

/** Limits are whole numbers of at least 1 (0 would reject every operation). */
export function validateLimits(limits: OperationLimits): void {
  for (const [name, value] of Object.entries(limits))
    if (!Number.isSafeInteger(value) || (value as number) < 1)
      throw new RangeError(
        `operation limit ${name}: expected a whole number of at least 1, got ${String(value)}`,
      );
}
