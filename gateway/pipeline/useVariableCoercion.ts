import { getVariableValues } from 'graphql/execution/values';
import type { GatewayPlugin } from './GatewayPlugin';

/**
 * Refuses variables that do not fit their declared types (BAD_USER_INPUT, as graphql-js words it). Apollo
 * Server hands a gateway's executor the variables as sent, and the query plan would pass them on to the
 * subgraphs unchecked; a wrong type must stop here, before any limit is measured or any fetch is sent.
 */
export function useVariableCoercion(): GatewayPlugin {
  return {
    name: 'variableCoercion',
    onOperation({ graph, requestContext }) {
      const definitions = requestContext.operation.variableDefinitions;
      if (definitions === undefined || definitions.length === 0) return undefined;
      const { errors } = getVariableValues(
        graph.apiGraphQLSchema,
        definitions,
        requestContext.request.variables ?? {},
      );
      return errors === undefined ? undefined : { respond: { errors } };
    },
  };
}
