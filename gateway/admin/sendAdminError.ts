import type { ServerResponse } from 'node:http';
import { sendJson } from '../../core/httpBody';
import type { GatewayErrorCode } from '../errors/gatewayErrors';

/**
 * /admin/api's error body: `{ "error": { "code", "message", ...detail } }`, the code from the gateway's
 * registry, the message saying what was expected. Never cached; a 401 says how to authenticate.
 */
export function sendAdminError(
  response: ServerResponse,
  status: number,
  code: GatewayErrorCode,
  message: string,
  detail: Record<string, unknown> = {},
): void {
  sendJson(
    response,
    status,
    { error: { code, message, ...detail } },
    {
      'cache-control': 'no-store',
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="housing-graph admin"' } : {}),
    },
  );
}
