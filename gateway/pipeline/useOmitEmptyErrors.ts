import type { GatewayPlugin } from './GatewayPlugin';

/**
 * executeQueryPlan (and scope completion) answer `errors: []` when nothing failed; the GraphQL spec says
 * the entry is then absent, and clients test for its presence.
 */
export function useOmitEmptyErrors(): GatewayPlugin {
  return {
    name: 'omitEmptyErrors',
    onResult(_request, result) {
      if (result.errors === undefined || result.errors.length > 0) return result;
      const { errors: _empty, ...rest } = result;
      return rest;
    },
  };
}
