import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { createExplorerHandler } from './createExplorerHandler';
import {
  EXPLORER_CONTENT_SECURITY_POLICY,
  GRAPHIQL_SCROLL_LOCK_STYLE,
} from './explorerContentSecurityPolicy';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

let server: Server;
let port: number;

/** What the test server answers when the handler returns false (the gateway's other routes). */
const NOT_THE_EXPLORERS = 418;

beforeAll(async () => {
  const explorer = createExplorerHandler({ graphqlPath: '/graphql', title: 'Housing <graph> & "friends"' });
  server = createServer((req, res) => {
    if (explorer(req, res)) return;
    res.writeHead(NOT_THE_EXPLORERS, { 'content-type': 'text/plain' });
    res.end('not the explorer');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Every src and href in the page, in order. */
function references(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? '');
}

function moduleDir(packageName: string): string {
  return dirname(require.resolve(`${packageName}/package.json`));
}

describe('the explorer page', () => {
  it.each(['/', '/explorer', '/explorer/', '/?x=1'])('is served at %s', async (path) => {
    const reply = await send(path);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(EXPLORER_CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.headers['etag']).toMatch(/^"[0-9a-f]{32}"$/);
    expect(reply.body.toString()).toContain('<div id="graphiql" data-graphql-path="/graphql"></div>');
  });

  it('references only its own assets, with no inline script or style and no other host', async () => {
    const html = (await send('/')).body.toString();
    const refs = references(html);
    expect(refs).toEqual([
      'data:,',
      expect.stringMatching(/^\/explorer\/assets\/graphiql\.min\.css\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/explorer\/assets\/explorer\.css\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/explorer\/assets\/react\.production\.min\.js\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/explorer\/assets\/react-dom\.production\.min\.js\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/explorer\/assets\/graphiql\.min\.js\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/explorer\/assets\/explorer\.js\?v=[0-9a-f]{12}$/),
    ]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\/\/[a-z]/i);
    expect(
      [...html.matchAll(/<script\b[^>]*>/g)].every(([tag]) => / src="\/explorer\/assets\//.test(tag)),
    ).toBe(true);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('has the token field and the help line, and escapes the title', async () => {
    const html = (await send('/explorer')).body.toString();
    expect(html).toContain('<input id="explorer-token" type="password"');
    expect(html).toContain('<code>housing token --scopes all</code> mints a development token.');
    expect(html).toContain('<title>Housing &lt;graph&gt; &amp; &quot;friends&quot;</title>');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await send('/');
    const again = await send('/', { headers: { 'if-none-match': String(first.headers['etag']) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await send('/', { method: 'HEAD' });
    expect(reply.status).toBe(200);
    expect(Number(reply.headers['content-length'])).toBeGreaterThan(500);
    expect(reply.body.length).toBe(0);
  });
});

describe('the CSP', () => {
  it('allows only this server, data: fonts and images, and the one style GraphiQL inserts', () => {
    expect(EXPLORER_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|https?:|\*/);
    expect(EXPLORER_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(EXPLORER_CONTENT_SECURITY_POLICY).toContain("connect-src 'self';");
    // The hash chromium named when it refused GraphiQL 3.8.3's scroll-lock style.
    expect(EXPLORER_CONTENT_SECURITY_POLICY).toContain(
      "style-src 'self' 'sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc=';",
    );
    expect(createHash('sha256').update(GRAPHIQL_SCROLL_LOCK_STYLE).digest('base64')).toBe(
      'Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc=',
    );
  });

  it('was measured against GraphiQL 3.8.3 (an upgrade must re-check the style hash in a browser)', () => {
    const { version } = JSON.parse(readFileSync(join(moduleDir('graphiql'), 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version).toBe('3.8.3');
    const bundle = readFileSync(require.resolve('graphiql/graphiql.min.js'), 'utf8');
    expect(bundle).toContain(
      "var removedBarSizeVariable = exports.removedBarSizeVariable = '--removed-body-scroll-bar-size';",
    );
  });
});

describe('the assets', () => {
  const expected: [name: string, contentType: string, source: () => string][] = [
    [
      'react.production.min.js',
      'text/javascript; charset=utf-8',
      () => join(moduleDir('react'), 'umd', 'react.production.min.js'),
    ],
    [
      'react-dom.production.min.js',
      'text/javascript; charset=utf-8',
      () => join(moduleDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    ],
    ['graphiql.min.js', 'text/javascript; charset=utf-8', () => require.resolve('graphiql/graphiql.min.js')],
    ['graphiql.min.css', 'text/css; charset=utf-8', () => require.resolve('graphiql/graphiql.min.css')],
    ['explorer.css', 'text/css; charset=utf-8', () => join(__dirname, 'static', 'explorer.css')],
  ];

  it.each(expected)(
    'serves %s from its file with the right type and a year of caching at its versioned URL',
    async (name, contentType, source) => {
      const html = (await send('/')).body.toString();
      const url = references(html).find((ref) => ref.startsWith(`/explorer/assets/${name}?v=`));
      if (url === undefined) throw new Error(`the page does not reference ${name}`);
      const reply = await send(url);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe(contentType);
      expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
      // The file as installed, less the sourceMappingURL comment (maps are not served).
      const file = readFileSync(source(), 'utf8');
      const body = reply.body.toString();
      expect(body).not.toContain('sourceMappingURL=');
      expect(file.startsWith(body)).toBe(true);
      expect(file.slice(body.length)).toMatch(/^(\/[/*]# sourceMappingURL=\S+\s*)?$/);
    },
  );

  it('revalidates an asset fetched without its version, with a 304 on a matching ETag', async () => {
    const reply = await send('/explorer/assets/graphiql.min.css');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-cache');
    const etag = String(reply.headers['etag']);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await send('/explorer/assets/graphiql.min.css', {
      headers: { 'if-none-match': `W/"x", ${etag}` },
    });
    expect(again.status).toBe(304);
  });

  it('gzips for clients that accept it, with its own ETag', async () => {
    const plain = await send('/explorer/assets/graphiql.min.js');
    const zipped = await send('/explorer/assets/graphiql.min.js', {
      headers: { 'accept-encoding': 'br, gzip;q=0.8' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('Accept-Encoding');
    expect(zipped.headers['etag']).not.toBe(plain.headers['etag']);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const refused = await send('/explorer/assets/graphiql.min.js', {
      headers: { 'accept-encoding': 'gzip;q=0' },
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('serves its own script: valid JavaScript that sends the token as a bearer header', async () => {
    const reply = await send('/explorer/assets/explorer.js');
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const script = reply.body.toString();
    expect(() => new Script(script, { filename: 'explorer.js' })).not.toThrow();
    expect(script).toContain("getAttribute('data-graphql-path')");
    expect(script).toContain("headers.authorization = 'Bearer ' + token;");
    expect(script).toContain('sessionStorage.setItem(TOKEN_KEY, value)');
    expect(script).not.toMatch(/localStorage\.setItem|https?:\/\//);
  });

  it('lets the stylesheets load nothing from another host: every url() is a data: URL', async () => {
    for (const name of ['graphiql.min.css', 'explorer.css']) {
      const css = (await send(`/explorer/assets/${name}`)).body.toString();
      const urls = [...css.matchAll(/url\(\s*["']?([^"')]*)/g)].map((match) => match[1] ?? '');
      expect(urls.filter((url) => !url.startsWith('data:'))).toEqual([]);
      expect(css).not.toMatch(/@import/);
    }
  });

  it.each(['/explorer/assets/nope.js', '/explorer/assets/', '/explorer/assets/graphiql.min.js.map'])(
    'answers 404 for %s',
    async (path) => {
      const reply = await send(path);
      expect(reply.status).toBe(404);
      expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    },
  );

  it('never reaches the file system through the path', async () => {
    for (const path of [
      '/explorer/assets/../../package.json',
      '/explorer/assets/%2e%2e/%2e%2e/package.json',
      '/explorer/assets/..%2fpackage.json',
    ]) {
      const reply = await send(path);
      expect([404, NOT_THE_EXPLORERS]).toContain(reply.status);
      expect(reply.body.toString()).not.toContain('"name"');
    }
  });
});

describe('what the handler leaves alone', () => {
  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])('does not handle %s', async (method) => {
    for (const path of ['/', '/explorer', '/explorer/assets/graphiql.min.js']) {
      expect((await send(path, { method })).status).toBe(NOT_THE_EXPLORERS);
    }
  });

  it.each(['/graphql', '/healthz', '/explorerx', '/explorer/other', '/favicon.ico'])(
    'does not handle GET %s',
    async (path) => {
      expect((await send(path)).status).toBe(NOT_THE_EXPLORERS);
    },
  );
});

describe('createExplorerHandler options', () => {
  it.each(['graphql', '//evil.example/graphql', 'https://evil.example/graphql', '/graph ql', ''])(
    'refuses graphqlPath %j',
    (graphqlPath) => {
      expect(() => createExplorerHandler({ graphqlPath })).toThrow(
        `explorer graphqlPath: expected a path on this server starting with one "/", e.g. "/graphql", got ${JSON.stringify(graphqlPath)}`,
      );
    },
  );

  it('refuses an empty title', () => {
    expect(() => createExplorerHandler({ graphqlPath: '/graphql', title: ' ' })).toThrow(
      'explorer title: expected text of 1 to 200 characters, got " "',
    );
  });
});
