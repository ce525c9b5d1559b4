import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import { EXPLORER_CONTENT_SECURITY_POLICY } from './explorerContentSecurityPolicy';
import { loadExplorerAssets, type ExplorerAsset } from './loadExplorerAssets';
import { renderExplorerPage } from './renderExplorerPage';

export interface ExplorerOptions {
  /** Where the page sends operations: a path on this server, e.g. '/graphql'. */
  readonly graphqlPath: string;
  readonly title?: string;
}

export const EXPLORER_PAGE_PATHS: readonly string[] = ['/', '/explorer', '/explorer/'];
export const EXPLORER_ASSET_PREFIX = '/explorer/assets/';

/** Asset responses whose URL names their content hash never change, so they may be kept for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Anything else may be kept but must be revalidated (ETag, 304) before each use. */
const REVALIDATE = 'no-cache';

/**
 * Handles GET (and HEAD) requests for the explorer; returns false when the request is not the
 * explorer's (another path, or another method), so the caller can route it elsewhere. The page is
 * served at / and /explorer, its assets under /explorer/assets/<name>, all from memory: read once here,
 * where a missing file throws at start.
 */
export function createExplorerHandler(
  options: ExplorerOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  const graphqlPath = validGraphqlPath(options.graphqlPath);
  const title = validTitle(options.title ?? 'housing-graph explorer');
  const assets = loadExplorerAssets();
  const html = Buffer.from(
    renderExplorerPage({
      title,
      graphqlPath,
      assetUrl: (name) => {
        const asset = assets.get(name);
        if (asset === undefined) throw new Error(`the explorer page references an unknown asset ${name}`);
        return `${EXPLORER_ASSET_PREFIX}${name}?v=${asset.version}`;
      },
    }),
    'utf8',
  );
  const page = {
    body: html,
    etag: `"${createHash('sha256').update(html).digest('hex').slice(0, 32)}"`,
  };
  const gzipped = new Map<string, Promise<Buffer>>();

  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    // The request target as sent (origin form), not normalised: assets are looked up by exact name in
    // memory, so "..", encoded or not, only ever misses.
    const target = request.url ?? '';
    const queryStart = target.indexOf('?');
    const pathname = queryStart === -1 ? target : target.slice(0, queryStart);
    if (EXPLORER_PAGE_PATHS.includes(pathname)) {
      respond(request, response, {
        status: 200,
        body: page.body,
        etag: page.etag,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': REVALIDATE,
          'content-security-policy': EXPLORER_CONTENT_SECURITY_POLICY,
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
        },
      });
      return true;
    }
    if (!pathname.startsWith(EXPLORER_ASSET_PREFIX)) return false;
    const asset = assets.get(pathname.slice(EXPLORER_ASSET_PREFIX.length));
    if (asset === undefined) {
      respond(request, response, {
        status: 404,
        body: Buffer.from(`no explorer asset at ${pathname}\n`, 'utf8'),
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      });
      return true;
    }
    const version = queryStart === -1 ? null : new URLSearchParams(target.slice(queryStart + 1)).get('v');
    const cacheControl = version === asset.version ? IMMUTABLE : REVALIDATE;
    if (!acceptsGzip(request)) {
      respond(request, response, assetResponse(asset, asset.body, asset.etag, cacheControl, false));
      return true;
    }
    let compressed = gzipped.get(asset.name);
    if (compressed === undefined) {
      compressed = gzipAsset(asset.body);
      gzipped.set(asset.name, compressed);
    }
    compressed.then(
      (body) => {
        const etag = `${asset.etag.slice(0, -1)}-gzip"`;
        respond(request, response, assetResponse(asset, body, etag, cacheControl, true));
      },
      () => {
        // zlib cannot fail on a buffer in memory short of running out of it; serve it uncompressed then.
        gzipped.delete(asset.name);
        respond(request, response, assetResponse(asset, asset.body, asset.etag, cacheControl, false));
      },
    );
    return true;
  };
}

function assetResponse(
  asset: ExplorerAsset,
  body: Buffer,
  etag: string,
  cacheControl: string,
  gzipped: boolean,
): Reply {
  return {
    status: 200,
    body,
    etag,
    headers: {
      'content-type': asset.contentType,
      'cache-control': cacheControl,
      vary: 'Accept-Encoding',
      ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
    },
  };
}

interface Reply {
  readonly status: number;
  readonly body: Buffer;
  readonly etag?: string;
  readonly headers: Record<string, string>;
}

function respond(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = {
    ...reply.headers,
    'x-content-type-options': 'nosniff',
  };
  if (reply.etag !== undefined) {
    headers['etag'] = reply.etag;
    if (reply.status === 200 && matchesEtag(request.headers['if-none-match'], reply.etag)) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
  }
  headers['content-length'] = reply.body.length;
  response.writeHead(reply.status, headers);
  response.end(request.method === 'HEAD' ? undefined : reply.body);
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/** Accept-Encoding lists gzip (or *) with a quality above 0. */
function acceptsGzip(request: IncomingMessage): boolean {
  const accepted = request.headers['accept-encoding'];
  if (typeof accepted !== 'string') return false;
  return accepted.split(',').some((entry) => {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

function gzipAsset(body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gzip(body, { level: 9 }, (error, result) => (error === null ? resolve(result) : reject(error)));
  });
}

function validGraphqlPath(path: unknown): string {
  if (typeof path !== 'string' || !/^\/(?!\/)[^\s?#]*$/.test(path))
    throw new TypeError(
      `explorer graphqlPath: expected a path on this server starting with one "/", e.g. "/graphql", got ${JSON.stringify(path)}`,
    );
  return path;
}

function validTitle(title: unknown): string {
  if (typeof title !== 'string' || title.trim() === '' || title.length > 200)
    throw new TypeError(`explorer title: expected text of 1 to 200 characters, got ${JSON.stringify(title)}`);
  return title;
}
