import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXPLORER_SCRIPT } from './explorerScript';

/** One file the explorer page loads, held in memory. */
export interface ExplorerAsset {
  readonly name: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** A strong ETag from the content (quoted). */
  readonly etag: string;
  /** The first 12 hex digits of the content's SHA-256: the page's `?v=` so a changed asset is a new URL. */
  readonly version: string;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * Every asset the page references, read once. The vendor files come from node_modules through
 * require.resolve: GraphiQL's UMD bundle (3.8, sets window.GraphiQL and needs window.React and
 * window.ReactDOM) and React 18's production UMD builds. React does not export its umd/ folder, so
 * those are found next to its package.json. A missing file fails here, at start, not in a browser.
 */
export function loadExplorerAssets(): ReadonlyMap<string, ExplorerAsset> {
  const reactDir = dirname(require.resolve('react/package.json'));
  const reactDomDir = dirname(require.resolve('react-dom/package.json'));
  const files: [name: string, contentType: string, content: string | Buffer][] = [
    ['react.production.min.js', JAVASCRIPT, readVendorFile(join(reactDir, 'umd', 'react.production.min.js'))],
    [
      'react-dom.production.min.js',
      JAVASCRIPT,
      readVendorFile(join(reactDomDir, 'umd', 'react-dom.production.min.js')),
    ],
    ['graphiql.min.js', JAVASCRIPT, readVendorFile(require.resolve('graphiql/graphiql.min.js'))],
    ['graphiql.min.css', CSS, readVendorFile(require.resolve('graphiql/graphiql.min.css'))],
    ['explorer.css', CSS, readFileSync(join(__dirname, 'static', 'explorer.css'))],
    ['explorer.js', JAVASCRIPT, EXPLORER_SCRIPT],
  ];
  return new Map(
    files.map(([name, contentType, content]) => {
      const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const hash = createHash('sha256').update(body).digest('hex');
      return [name, { name, contentType, body, etag: `"${hash.slice(0, 32)}"`, version: hash.slice(0, 12) }];
    }),
  );
}

/**
 * A vendor file without its trailing sourceMappingURL comment: the maps are not served (GraphiQL's is
 * megabytes), and a browser's developer tools would otherwise ask for them and get 404s.
 */
function readVendorFile(path: string): Buffer {
  const text = readFileSync(path, 'utf8');
  return Buffer.from(text.replace(/\n\/[/*]# sourceMappingURL=[^\n]*\s*$/, '\n'), 'utf8');
}
