import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from '../execution/GatewayContext';
import { isGatewayErrorCode } from './gatewayErrors';

/**
 * Logs, in full and with the request id, every error that clients will only see masked as
 * INTERNAL_SERVER_ERROR (maskGatewayError hides it; this keeps it findable from the response's
 * x-request-id). Coded errors are the client's business and are only counted.
 */
export function logInternalErrors(logger: Logger): ApolloServerPlugin<GatewayContext> {
  const hooks = {
    didEncounterErrors: async ({
      errors,
      contextValue,
    }: {
      errors: readonly GraphQLError[];
      contextValue: GatewayContext;
    }) => {
      for (const error of errors) {
        const code = error.extensions.code;
        if (isGatewayErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') continue;
        logger.error(
          {
            err: error.originalError ?? error,
            code,
            serviceName: error.extensions.serviceName,
            path: error.path,
            requestId: contextValue.requestId,
          },
          'internal error (masked for the client)',
        );
      }
    },
  };
  return { requestDidStart: async () => hooks };
}
