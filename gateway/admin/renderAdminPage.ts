/**
 * The dashboard's HTML: the skeleton every view fills (headings, landmarks, the token form), no inline
 * script or style (the Content-Security-Policy forbids both), assets from /admin/assets/ with their
 * content hash in the URL.
 */
export function renderAdminPage(options: {
  readonly apiPath: string;
  readonly assetUrl: (name: string) => string;
}): string {
  const asset = (name: string) => escapeHtml(options.assetUrl(name));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>housing-graph migration</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${asset('admin.css')}" />
  </head>
  <body>
    <header class="bar">
      <h1>housing-graph migration</h1>
      <form id="token-form" class="token" autocomplete="off">
        <label for="token">Bearer token (scope migration:admin)</label>
        <input id="token" type="password" autocomplete="off" spellcheck="false"
          placeholder="paste a JWT (kept in this tab only)" />
        <button id="token-clear" type="button">Clear</button>
      </form>
      <p class="help"><code>housing token --scopes migration:admin</code> mints a development token.</p>
    </header>
    <main id="admin" data-api-path="${escapeHtml(options.apiPath)}">
      <p id="status" class="status" role="status" aria-live="polite">Loading…</p>
      <p id="updated" class="updated"></p>
      <section aria-labelledby="entities-heading">
        <h2 id="entities-heading">Entities</h2>
        <div id="entities" class="entities"></div>
      </section>
      <section aria-labelledby="sync-heading">
        <h2 id="sync-heading">Sync</h2>
        <dl id="sync-figures" class="figures"></dl>
        <figure class="chart">
          <div id="lag-chart"></div>
          <figcaption id="lag-caption">Sync lag over the last hour</figcaption>
        </figure>
      </section>
      <section aria-labelledby="shadow-heading">
        <h2 id="shadow-heading">Shadow mismatches</h2>
        <div id="shadow"></div>
      </section>
      <section aria-labelledby="reconcile-heading">
        <h2 id="reconcile-heading">Last reconciliation</h2>
        <div id="reconcile"></div>
      </section>
      <section aria-labelledby="index-heading">
        <h2 id="index-heading">Property Index</h2>
        <div id="property-index"></div>
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Recent phase changes</h2>
        <div id="history"></div>
      </section>
    </main>
    <noscript><p>The dashboard needs JavaScript.</p></noscript>
    <script src="${asset('admin.js')}"></script>
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
