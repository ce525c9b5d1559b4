/**
 * The explorer's HTML: no inline script or style (the Content-Security-Policy forbids both), every asset
 * from this server's own /explorer/assets/, and the GraphQL path handed to the script in a data attribute.
 */
export function renderExplorerPage(options: {
  readonly title: string;
  readonly graphqlPath: string;
  /** Asset name to its URL (with the content hash, so a changed asset is never served stale). */
  readonly assetUrl: (name: string) => string;
}): string {
  const title = escapeHtml(options.title);
  const asset = (name: string) => escapeHtml(options.assetUrl(name));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
    <link rel="stylesheet" href="${asset('explorer.css')}" />
  </head>
  <body>
    <header class="explorer-bar">
      <h1 class="explorer-title">${title}</h1>
      <form id="explorer-token-form" class="explorer-token" autocomplete="off">
        <label for="explorer-token">Bearer token</label>
        <input id="explorer-token" type="password" autocomplete="off" spellcheck="false"
          placeholder="paste a JWT (kept in this tab only)" />
        <button id="explorer-token-clear" type="button">Clear</button>
      </form>
      <p class="explorer-help">
        <code>housing token --scopes all</code> mints a development token.
      </p>
    </header>
    <div id="graphiql" data-graphql-path="${escapeHtml(options.graphqlPath)}"></div>
    <noscript><p class="explorer-noscript">The explorer needs JavaScript.</p></noscript>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script src="${asset('explorer.js')}"></script>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
