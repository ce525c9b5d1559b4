import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ADMIN_CONTENT_SECURITY_POLICY } from './adminContentSecurityPolicy';
import { ADMIN_SCRIPT } from './adminScript';
import { ADMIN_API_PREFIX, createAdminApi, type AdminApiOptions } from './createAdminApi';
import { renderAdminPage } from './renderAdminPage';

export const ADMIN_PAGE_PATHS: readonly string[] = ['/admin', '/admin/'];
const ASSET_PREFIX = '/admin/assets/';

interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly version: string;
}

/**
 * Everything under /admin: the dashboard page and its two assets (only when the gateway has a migration
 * database: without one there is nothing to show), and the JSON API under /admin/api/ (always; a 503
 * says there is no database). Resolves false for any other path, so the caller routes it elsewhere.
 */
export function createAdminHandler(
  options: AdminApiOptions,
): (request: IncomingMessage, response: ServerResponse, url: URL, requestId: string) => Promise<boolean> {
  const api = createAdminApi(options);
  const assets = new Map<string, Asset>(
    (
      [
        ['admin.js', 'text/javascript; charset=utf-8', Buffer.from(ADMIN_SCRIPT, 'utf8')],
        ['admin.css', 'text/css; charset=utf-8', readFileSync(join(__dirname, 'static', 'admin.css'))],
      ] as const
    ).map(([name, contentType, body]) => {
      const hash = createHash('sha256').update(body).digest('hex');
      return [name, { body, contentType, etag: `"${hash.slice(0, 32)}"`, version: hash.slice(0, 12) }];
    }),
  );
  const html = Buffer.from(
    renderAdminPage({
      apiPath: ADMIN_API_PREFIX,
      assetUrl: (name) => `${ASSET_PREFIX}${name}?v=${assets.get(name)?.version ?? ''}`,
    }),
    'utf8',
  );
  const page: Asset = {
    body: html,
    contentType: 'text/html; charset=utf-8',
    etag: `"${createHash('sha256').update(html).digest('hex').slice(0, 32)}"`,
    version: '',
  };
  const withPage = options.store !== undefined;

  return async (request, response, url, requestId) => {
    const path = url.pathname;
    if (path.startsWith(ADMIN_API_PREFIX)) {
      await api(request, response, url, requestId);
      return true;
    }
    if (!withPage || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    if (ADMIN_PAGE_PATHS.includes(path)) {
      serve(request, response, page, 'no-cache', {
        'content-security-policy': ADMIN_CONTENT_SECURITY_POLICY,
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      return true;
    }
    if (!path.startsWith(ASSET_PREFIX)) return false;
    // Looked up by exact name in memory: a path with "..", encoded or not, only ever misses.
    const asset = assets.get(path.slice(ASSET_PREFIX.length));
    if (asset === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end(`no dashboard asset at ${path}\n`);
      return true;
    }
    const versioned = url.searchParams.get('v') === asset.version;
    serve(request, response, asset, versioned ? 'public, max-age=31536000, immutable' : 'no-cache', {});
    return true;
  };
}

function serve(
  request: IncomingMessage,
  response: ServerResponse,
  asset: Asset,
  cacheControl: string,
  extra: Record<string, string>,
): void {
  const headers = {
    ...extra,
    'content-type': asset.contentType,
    'cache-control': cacheControl,
    etag: asset.etag,
    'x-content-type-options': 'nosniff',
  };
  const ifNoneMatch = request.headers['if-none-match'];
  if (
    ifNoneMatch !== undefined &&
    ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)
  ) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': asset.body.length });
  response.end(request.method === 'HEAD' ? undefined : asset.body);
}
