/**
 * The explorer's own browser script, served as /explorer/assets/explorer.js (a file, so the page's
 * Content-Security-Policy can forbid inline scripts). Kept as a string in a TypeScript module because the
 * project's lint and typecheck cover TypeScript only and run without DOM types; the test compiles it and
 * the browser check in the report ran it.
 *
 * It reads the GraphQL path from the root element's data attribute, keeps the pasted bearer token in
 * sessionStorage (gone when the tab closes; never in localStorage, which outlives it), and sends it with
 * every request as `Authorization: Bearer <token>`. A header typed into GraphiQL's own headers editor
 * wins over the field. Plain ES2020, no template literals (this string is one).
 */
export const EXPLORER_SCRIPT = String.raw`'use strict';
(function () {
  var TOKEN_KEY = 'housing-graph.explorer.token';
  var root = document.getElementById('graphiql');
  var tokenInput = document.getElementById('explorer-token');
  var clearButton = document.getElementById('explorer-token-clear');
  // The field sits in a form (browsers warn about a password field outside one); Enter must not submit it.
  document.getElementById('explorer-token-form').addEventListener('submit', function (event) {
    event.preventDefault();
  });
  var graphqlPath = root.getAttribute('data-graphql-path');

  function readToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch (error) {
      return '';
    }
  }

  function saveToken(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (error) {
      // Storage refused (private mode): the token still works until the page is reloaded.
    }
  }

  var token = readToken();
  tokenInput.value = token;
  tokenInput.addEventListener('input', function () {
    // A pasted "Bearer eyJ..." works too.
    token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    saveToken(token);
  });
  clearButton.addEventListener('click', function () {
    token = '';
    tokenInput.value = '';
    saveToken('');
    tokenInput.focus();
  });

  function fetcher(params, options) {
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    var extra = (options && options.headers) || {};
    Object.keys(extra).forEach(function (name) {
      headers[name.toLowerCase()] = String(extra[name]);
    });
    return fetch(graphqlPath, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(params),
      credentials: 'same-origin',
    }).then(function (response) {
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (error) {
          // Not GraphQL JSON (a proxy's error page, a body-size refusal): show what came back.
          return { errors: [{ message: 'HTTP ' + response.status + ' ' + response.statusText + ': ' + text.slice(0, 500) }] };
        }
      });
    });
  }

  var defaultQuery = [
    '# Personal fields need a token: paste one above.',
    '# Ctrl-Enter runs; Ctrl-Space completes.',
    '{',
    '  property(reference: "00010009") {',
    '    reference',
    '    level',
    '    address {',
    '      line1',
    '      postcode',
    '    }',
    '    currentTenancy {',
    '      reference',
    '      startDate',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      // Headers typed into the editor may hold a token: never written to localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
`;
