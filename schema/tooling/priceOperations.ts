import { Kind, validate, type OperationDefinitionNode } from 'graphql';
import { compileOperationShape } from '../../gateway/limits/compileOperationShape';
import { measureOperationShape } from '../../gateway/limits/measureOperationShape';
import { readCostDirectives } from '../../gateway/limits/readCostDirectives';
import { loadSupergraph } from '../../gateway/supergraph/loadSupergraph';
import type { RegisteredOperation } from './loadRegisteredOperations';

/** The largest page a subgraph serves (`first` is 1 to 100): an operation's cost at its worst. */
export const LARGEST_PAGE = 100;

/** What the gateway would charge a registered operation, as its cost limit measures it. */
export interface OperationCost {
  readonly client: string;
  readonly name: string;
  readonly file: string;
  /** With the operation's sample variables (`<Operation>.variables.json`). */
  readonly cost: number;
  /** With every Int variable at LARGEST_PAGE (the registered operations' Int variables are page sizes). */
  readonly costAtLargestPages: number;
}

/**
 * Prices each registered operation that validates against a supergraph's API schema, with the gateway's
 * own cost model (the supergraph's @cost and @listSize, gateway/limits), so a schema change that makes an
 * operation dearer shows in the check before it is refused in production.
 */
export function priceOperations(
  supergraphSdl: string,
  operations: readonly RegisteredOperation[],
): OperationCost[] {
  const supergraph = loadSupergraph(supergraphSdl);
  const schema = supergraph.apiSchema.toGraphQLJSSchema();
  const costs = readCostDirectives(supergraph.supergraph.schema);
  return operations.flatMap((op) => {
    const operation = op.document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (operation === undefined || validate(schema, op.document).length > 0) return [];
    const shape = compileOperationShape(schema, costs, op.document, operation);
    const largest: Record<string, unknown> = { ...op.variables };
    for (const variable of operation.variableDefinitions ?? [])
      if (variable.type.kind === Kind.NAMED_TYPE && variable.type.name.value === 'Int')
        largest[variable.variable.name.value] = LARGEST_PAGE;
    return [
      {
        client: op.client,
        name: op.name,
        file: op.file,
        cost: measureOperationShape(shape, op.variables ?? {}).cost,
        costAtLargestPages: measureOperationShape(shape, largest).cost,
      },
    ];
  });
}
