import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { quoteInput } from '../../core/quoteInput';

/**
 * Why a request's operationName selects no operation of its document, in the words of the client's mistake
 * (Apollo Server answers it HTTP 400, OPERATION_RESOLUTION_FAILURE). Graphql-js validation has already
 * refused a document with an anonymous operation beside others.
 */
export function unselectedOperationMessage(
  document: DocumentNode,
  operationName: string | null | undefined,
): string {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const names = operations.flatMap((operation) =>
    operation.name === undefined ? [] : [operation.name.value],
  );
  if (operationName === null || operationName === undefined) {
    return `operationName: expected one, to pick which of the document's ${operations.length} operations to run (${
      names.length === 0 ? 'it has no named ones: name them' : names.join(', ')
    })`;
  }
  const known = names.length === 0 ? 'it has only an unnamed one' : names.join(', ');
  return `operationName: expected the name of an operation in the document (${known}), got ${quoteInput(operationName)}`;
}
