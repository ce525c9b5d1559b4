import type { GraphQLFormattedError } from 'graphql';
import type { GatewayMetrics } from '../metrics/createGatewayMetrics';
import { isGatewayErrorCode } from './gatewayErrors';
import { shortenQuotedValues } from '../../core/shortenQuotedValues';

/** Extensions a coded error may keep: the limit's name and numbers, the argument a message is about. */
const SAFE_EXTENSIONS = ['limit', 'measured', 'maximum', 'argument'] as const;

/**
 * Apollo Server's formatError for the gateway: clients see a registry code, a safe message, the path and
 * the subgraph (serviceName) — never a stack, SQL, driver text or an unregistered extension. Anything not
 * deliberately coded becomes INTERNAL_SERVER_ERROR (logInternalErrors logs it in full with the request id).
 * Every error is counted by code.
 */
export function maskGatewayError(metrics: GatewayMetrics) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const serviceName = formatted.extensions?.serviceName;
    const safe = isGatewayErrorCode(code);
    const finalCode = safe ? code : 'INTERNAL_SERVER_ERROR';
    metrics.errors.inc({ code: finalCode });
    const extensions: Record<string, unknown> = { code: finalCode };
    if (typeof serviceName === 'string') extensions.serviceName = serviceName;
    if (safe) {
      for (const key of SAFE_EXTENSIONS) {
        const value = formatted.extensions?.[key];
        if (typeof value === 'string' || typeof value === 'number') extensions[key] = value;
      }
    }
    return {
      message:
        safe && code !== 'INTERNAL_SERVER_ERROR'
          ? shortenQuotedValues(formatted.message)
          : 'Internal server error',
      ...(formatted.locations === undefined ? {} : { locations: formatted.locations }),
      ...(formatted.path === undefined ? {} : { path: formatted.path }),
      extensions,
    };
  };
}
