import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { readBody, sendJson } from '../../core/httpBody';
import { MigrationControlError } from '../../migration/migrationErrors';
import type { MigrationStore } from '../../migration/store/MigrationStore';
import { parseEntity } from '../../migration/phases';
import { validatePhaseRequest } from '../../migration/validatePhaseChange';
import type { Principal, TokenVerifier } from '../auth/Principal';
import { MIGRATION_ADMIN_SCOPE } from './adminScope';
import { AdminRequestError, parsePhaseChangeBody } from './parsePhaseChangeBody';
import { sendAdminError } from './sendAdminError';

/** What the API needs of the migration store (MigrationStore; the same gated code the CLI runs). */
export type AdminMigrationStore = Pick<MigrationStore, 'readOverview' | 'history' | 'setPhase'>;

export interface AdminApiOptions {
  /** Absent: the gateway has no migration database, and every request gets a 503 saying so. */
  readonly store: AdminMigrationStore | undefined;
  readonly verify: TokenVerifier;
  readonly logger: Logger;
  /** A phase change's body is a few hundred bytes; anything near this is not one. */
  readonly maxBodyBytes?: number;
}

export const ADMIN_API_PREFIX = '/admin/api/';
export const DEFAULT_ADMIN_MAX_BODY_BYTES = 16 * 1024;

const ENDPOINTS =
  'GET /admin/api/overview, GET /admin/api/history?entity=&limit=, POST /admin/api/entities/:entity/phase';
const PHASE_PATH = /^\/admin\/api\/entities\/([^/]+)\/phase$/;

/**
 * The migration controls as JSON over HTTP, for the dashboard and for deployment pipelines: every request
 * needs a bearer token with the migration:admin scope; a phase change goes through validatePhaseRequest
 * and MigrationStore.setPhase, the gated code `housing migrate set` runs, and is attributed to the
 * token's subject.
 */
export function createAdminApi(
  options: AdminApiOptions,
): (request: IncomingMessage, response: ServerResponse, url: URL, requestId: string) => Promise<void> {
  const { store, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_ADMIN_MAX_BODY_BYTES;

  return async (request, response, url, requestId) => {
    try {
      const principal = await authorize(options.verify, request.headers.authorization);
      if (store === undefined)
        return sendAdminError(
          response,
          503,
          'MIGRATION_STORE_UNAVAILABLE',
          'this gateway has no migration database (set DATABASE_URL, or run it inside housing start): there are no phases to show or change',
        );
      const path = url.pathname;
      const method = request.method ?? 'GET';
      if (path === '/admin/api/overview') {
        if (method !== 'GET') return wrongMethod(response, 'GET');
        return sendJson(response, 200, await store.readOverview(), { 'cache-control': 'no-store' });
      }
      if (path === '/admin/api/history') {
        if (method !== 'GET') return wrongMethod(response, 'GET');
        const entity = url.searchParams.get('entity');
        const limit = url.searchParams.get('limit');
        if (limit !== null && !/^\d{1,6}$/.test(limit))
          throw new AdminRequestError(
            400,
            `limit: expected a whole number from 1 to 1000, got ${JSON.stringify(limit)}`,
          );
        const changes = await store.history(
          entity === null || entity === '' ? undefined : parseEntity(entity),
          limit === null ? undefined : Number(limit),
        );
        return sendJson(response, 200, { changes }, { 'cache-control': 'no-store' });
      }
      const phaseMatch = PHASE_PATH.exec(path);
      if (phaseMatch !== null) {
        if (method !== 'POST') return wrongMethod(response, 'POST');
        const entity = parseEntity(decodeURIComponent(phaseMatch[1] ?? ''));
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
        if (contentType !== 'application/json')
          throw new AdminRequestError(
            415,
            `expected Content-Type: application/json, got ${contentType === '' ? 'none' : JSON.stringify(contentType)}`,
          );
        const body = await readBody(request, maxBodyBytes);
        if (body === 'too large')
          throw new AdminRequestError(413, `request body over the limit of ${maxBodyBytes} bytes`);
        if (principal.subject === null || principal.subject.trim() === '')
          return sendAdminError(
            response,
            403,
            'FORBIDDEN',
            'a phase change is recorded with who made it: expected a token with a "sub" claim',
          );
        const change = parsePhaseChangeBody(body.text, entity, principal.subject);
        // The rules that need no database first (as the CLI checks them before connecting), then the
        // store, which checks them again, locks the row and judges the gates.
        validatePhaseRequest(change);
        const { before, after } = await store.setPhase(change);
        logger.info(
          {
            requestId,
            entity,
            by: principal.subject,
            before,
            after,
            overrideGates: change.overrideGates === true,
          },
          'phase changed through /admin/api',
        );
        return sendJson(response, 200, { before, after }, { 'cache-control': 'no-store' });
      }
      return sendAdminError(
        response,
        404,
        'NOT_FOUND',
        `no endpoint ${method} ${path}; expected ${ENDPOINTS}`,
      );
    } catch (error) {
      respondWithError(response, error, logger, requestId);
    }
  };
}

/** A verified token with the scope, or an error saying what was wrong (401) or missing (403). */
async function authorize(verify: TokenVerifier, authorization: string | undefined): Promise<Principal> {
  if (authorization === undefined || authorization.trim() === '')
    throw new AuthError(
      401,
      'UNAUTHENTICATED',
      `this API needs \`Authorization: Bearer <JWT>\` with scope ${MIGRATION_ADMIN_SCOPE} (housing token --scopes ${MIGRATION_ADMIN_SCOPE} mints a development one)`,
    );
  let principal: Principal;
  try {
    principal = await verify(authorization);
  } catch (error) {
    // The verifier's errors carry the gateway's code and HTTP status (401, or 503 when the identity
    // provider's key set cannot be fetched: not the caller's fault).
    const extensions = (error as { extensions?: { code?: unknown; http?: { status?: unknown } } }).extensions;
    if (extensions?.code === 'UNAUTHENTICATED')
      throw new AuthError(401, 'UNAUTHENTICATED', (error as Error).message);
    if (extensions?.code === 'DOWNSTREAM_SERVICE_ERROR')
      throw new AuthError(503, 'DOWNSTREAM_SERVICE_ERROR', (error as Error).message);
    throw error;
  }
  if (!principal.scopes.has(MIGRATION_ADMIN_SCOPE))
    throw new AuthError(
      403,
      'FORBIDDEN',
      `this API needs scope ${MIGRATION_ADMIN_SCOPE}; the token has ${principal.scopes.size === 0 ? 'no scopes' : `only ${[...principal.scopes].join(', ')}`}`,
    );
  return principal;
}

class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'DOWNSTREAM_SERVICE_ERROR',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

function wrongMethod(response: ServerResponse, allowed: string): void {
  response.setHeader('allow', allowed);
  sendAdminError(response, 405, 'BAD_REQUEST', `expected ${allowed} here`);
}

/**
 * Client mistakes say what was expected (400, 413, 415); a refused forward move is a 409 with every gate
 * check; a database away or unmigrated is a 503; anything else is a 500 logged under the request id.
 */
function respondWithError(response: ServerResponse, error: unknown, logger: Logger, requestId: string): void {
  if (error instanceof AuthError) return sendAdminError(response, error.status, error.code, error.message);
  if (error instanceof AdminRequestError)
    return sendAdminError(
      response,
      error.status,
      error.status === 400 ? 'BAD_USER_INPUT' : 'BAD_REQUEST',
      error.message,
    );
  if (error instanceof MigrationControlError) {
    switch (error.code) {
      case 'MIGRATION_INVALID_INPUT':
      case 'MIGRATION_INVALID_CHANGE':
        return sendAdminError(response, 400, 'BAD_USER_INPUT', error.message);
      case 'MIGRATION_GATE_FAILED':
        return sendAdminError(response, 409, 'MIGRATION_GATE_FAILED', error.message, refusalDetail(error));
      case 'MIGRATION_STORE_UNAVAILABLE':
      case 'MIGRATION_SCHEMA_MISSING':
        logger.warn({ err: error, requestId }, 'migration database unavailable to /admin/api');
        return sendAdminError(response, 503, 'MIGRATION_STORE_UNAVAILABLE', error.message);
    }
  }
  logger.error({ err: error, requestId }, '/admin/api request failed');
  sendAdminError(
    response,
    500,
    'INTERNAL_SERVER_ERROR',
    `something unexpected failed; the gateway log has the details under request id ${requestId}`,
  );
}

/** The checks a refusal carries (every gate, passed or not), read from its verdict whatever gates exist. */
function refusalDetail(error: MigrationControlError): Record<string, unknown> {
  const verdict = (error as { verdict?: { checks?: unknown } }).verdict;
  return Array.isArray(verdict?.checks) ? { checks: verdict.checks } : {};
}
