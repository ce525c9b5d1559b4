/**
 * The dashboard's browser script, served as /admin/assets/admin.js (a file, so the page's CSP can forbid
 * inline scripts). Kept as a string in a TypeScript module, as the explorer's is, because lint and
 * typecheck run without DOM types; the headless Chromium test (test/adminDashboard.test.ts) runs it.
 *
 * It keeps the bearer token in sessionStorage (gone with the tab), polls /admin/api/overview and
 * /admin/api/history every few seconds, and renders with DOM calls only (no innerHTML: every value from
 * the database is text). Each entity's card is built once and updated in place, so a reason being typed
 * survives the polling. Gate checks are rendered from their shape ({gate, passed, value, expected}),
 * whatever gates the server judges. Plain ES2020, no template literals (this string is one).
 */
export const ADMIN_SCRIPT = String.raw`'use strict';
(function () {
  var TOKEN_KEY = 'housing-graph.admin.token';
  var POLL_MS = 5000;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var root = document.getElementById('admin');
  var api = root.getAttribute('data-api-path');
  var statusLine = document.getElementById('status');
  var updatedLine = document.getElementById('updated');
  var tokenInput = document.getElementById('token');
  var cards = {};
  var timer = null;
  var token = readToken();

  document.getElementById('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
  });
  tokenInput.value = token;
  tokenInput.addEventListener('input', function () {
    token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    saveToken(token);
    refresh();
  });
  document.getElementById('token-clear').addEventListener('click', function () {
    token = '';
    tokenInput.value = '';
    saveToken('');
    tokenInput.focus();
    refresh();
  });

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

  // ---- DOM helpers: text only, never markup ----
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function svg(tag, attributes, children) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function setAttributes(node, attributes) {
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = String(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    });
  }

  function append(node, children) {
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
  }

  function replace(node, children) {
    while (node.firstChild) node.removeChild(node.firstChild);
    append(node, children);
  }

  function table(headings, rows, caption) {
    return el('table', {}, [
      caption ? el('caption', { class: 'visually-hidden', text: caption }) : null,
      el('thead', {}, [
        el(
          'tr',
          {},
          headings.map(function (h) {
            return el('th', { scope: 'col', class: h.number ? 'number' : null, text: h.text || h });
          }),
        ),
      ]),
      el(
        'tbody',
        {},
        rows.map(function (cells) {
          return el(
            'tr',
            {},
            cells.map(function (cell, index) {
              var number = headings[index] && headings[index].number;
              return cell instanceof Node
                ? el('td', { class: number ? 'number' : null }, [cell])
                : el('td', { class: number ? 'number' : null, text: cell });
            }),
          );
        }),
      ),
    ]);
  }

  function empty(text) {
    return el('p', { class: 'empty', text: text });
  }

  function time(iso) {
    if (!iso) return el('span', { text: 'never' });
    return el('time', { datetime: iso, text: new Date(iso).toLocaleString() });
  }

  function phaseText(phase, percent) {
    return phase === 'CANARY' ? 'CANARY ' + percent + '%' : phase;
  }

  function seconds(value) {
    if (value === null || value === undefined) return 'unknown';
    return value < 10 ? value.toFixed(1) + ' s' : Math.round(value) + ' s';
  }

  function count(value) {
    return value === null || value === undefined ? 'unknown' : Number(value).toLocaleString();
  }

  function dig(object, path) {
    return path.split('.').reduce(function (value, key) {
      return value === null || value === undefined ? undefined : value[key];
    }, object);
  }

  function setStatus(text, problem) {
    if (statusLine.textContent !== text) statusLine.textContent = text;
    statusLine.className = problem ? 'status problem' : 'status';
  }

  // ---- talking to /admin/api ----
  function call(method, path, body) {
    var headers = { accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(api + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    }).then(function (response) {
      return response.json().then(
        function (json) {
          return { status: response.status, body: json };
        },
        function () {
          return { status: response.status, body: { error: { message: 'HTTP ' + response.status } } };
        },
      );
    });
  }

  function errorText(body) {
    var error = body && body.error;
    return error ? (error.code ? error.code + ': ' : '') + error.message : 'unexpected answer';
  }

  function refresh() {
    clearTimeout(timer);
    timer = null;
    if (!token) {
      setStatus('Paste a bearer token with scope migration:admin above to see and steer the migration.', true);
      return;
    }
    Promise.all([call('GET', 'overview'), call('GET', 'history?limit=10')])
      .then(function (results) {
        var overview = results[0];
        if (overview.status !== 200) {
          setStatus(errorText(overview.body), true);
          return;
        }
        render(overview.body);
        if (results[1].status === 200) renderHistory(results[1].body.changes);
        setStatus('Live: refreshed every ' + POLL_MS / 1000 + ' s.', false);
        updatedLine.textContent = 'Read at ' + new Date(overview.body.readAt).toLocaleTimeString();
      })
      .catch(function (error) {
        setStatus('The gateway did not answer: ' + error.message, true);
      })
      .then(function () {
        if (token && timer === null) timer = setTimeout(refresh, POLL_MS);
      });
  }

  // ---- the page ----
  function render(overview) {
    renderEntities(overview);
    renderSync(overview);
    renderShadow(overview.shadowMismatches);
    renderReconciliations(overview.reconciliations);
    renderPropertyIndex(overview.propertyIndex);
  }

  function renderEntities(overview) {
    var container = document.getElementById('entities');
    overview.entities.forEach(function (entity) {
      var card = cards[entity.entity];
      if (!card) {
        card = buildCard(entity);
        cards[entity.entity] = card;
        container.appendChild(card.root);
      }
      updateCard(card, entity);
    });
  }

  function buildCard(entity) {
    var id = 'entity-' + entity.entity;
    var card = { entity: entity.entity, current: entity };
    card.phase = el('span', { class: 'phase', 'data-testid': 'phase' });
    card.since = el('p', { class: 'since' });
    card.gates = el('div', { class: 'gates' });
    card.readings = el('dl', { class: 'readings' });
    card.reason = el('textarea', { id: id + '-reason', name: 'reason', rows: 2, maxlength: 500 });
    card.percent = el('input', {
      id: id + '-percent',
      name: 'percent',
      type: 'number',
      min: 1,
      max: 99,
      step: 1,
      value: entity.phase === 'CANARY' ? entity.percent : 10,
    });
    card.override = el('input', { id: id + '-override', name: 'overrideGates', type: 'checkbox' });
    card.acceptLoss = el('input', { id: id + '-accept-loss', name: 'acceptLoss', type: 'checkbox' });
    card.advance = el('button', { type: 'button', class: 'primary', 'data-action': 'advance' });
    card.raise = el('button', { type: 'button', 'data-action': 'canary' });
    card.back = el('button', { type: 'button', class: 'danger', 'data-action': 'back' });
    card.result = el('div', { class: 'result', role: 'alert', 'data-testid': 'result' });
    var form = el('form', { class: 'move', 'aria-label': 'Move ' + entity.entity }, [
      el('fieldset', {}, [
        el('legend', { text: 'Move ' + entity.entity }),
        el('label', { for: card.reason.id, text: 'Reason (kept in the phase history)' }),
        card.reason,
        el('label', { for: card.percent.id, text: 'Canary percent (for a move to CANARY)' }),
        card.percent,
        el('div', { class: 'check' }, [
          card.override,
          el('label', { for: card.override.id, text: 'Override failing gates (recorded as an override)' }),
        ]),
        el('div', { class: 'check' }, [
          card.acceptLoss,
          el('label', {
            for: card.acceptLoss.id,
            text: 'Accept losing cloud writes not yet in UH (rolling back)',
          }),
        ]),
        el('div', { class: 'buttons' }, [card.advance, card.raise, card.back]),
      ]),
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
    });
    card.percent.addEventListener('input', function () {
      labelButtons(card);
    });
    card.advance.addEventListener('click', function () {
      var next = card.current.next;
      if (next) move(card, next.phase);
    });
    card.raise.addEventListener('click', function () {
      move(card, 'CANARY');
    });
    card.back.addEventListener('click', function () {
      var back = card.current.back;
      if (back) move(card, back.phase);
    });
    var heading = el('h3', { id: id + '-heading', text: entity.entity });
    card.root = el('article', { class: 'entity', id: id, 'aria-labelledby': heading.id }, [
      el('header', {}, [heading, card.phase]),
      card.since,
      card.gates,
      card.readings,
      form,
      card.result,
    ]);
    return card;
  }

  function canaryPercent(card) {
    return Number(card.percent.value);
  }

  function labelButtons(card) {
    var entity = card.current;
    var next = entity.next;
    var back = entity.back;
    card.advance.hidden = !next;
    if (next)
      card.advance.textContent =
        'Advance to ' + phaseText(next.phase, next.phase === 'CANARY' ? canaryPercent(card) : next.percent);
    card.raise.hidden = entity.phase !== 'CANARY';
    card.raise.textContent = 'Set canary to ' + canaryPercent(card) + '%';
    card.back.hidden = !back;
    if (back)
      card.back.textContent =
        'Roll back to ' + phaseText(back.phase, back.phase === 'CANARY' ? canaryPercent(card) : back.percent);
  }

  function updateCard(card, entity) {
    var changedPhase = card.current.phase !== entity.phase || card.current.percent !== entity.percent;
    card.current = entity;
    card.phase.textContent = phaseText(entity.phase, entity.percent);
    replace(card.since, [
      'since ',
      time(entity.changedAt),
      ', by ' + entity.changedBy + ': ' + entity.reason,
    ]);
    if (changedPhase && entity.phase === 'CANARY') card.percent.value = entity.percent;
    var next = entity.next;
    if (!next) {
      replace(card.gates, [empty('In CLOUD: no step further; every gate is behind it.')]);
    } else {
      var checks = (next.verdict && next.verdict.checks) || [];
      var failing = checks.filter(function (check) {
        return !check.passed;
      }).length;
      replace(card.gates, [
        el('h4', {
          text:
            'Gates for ' +
            phaseText(entity.phase, entity.percent) +
            ' → ' +
            phaseText(next.phase, next.percent) +
            ': ' +
            (failing === 0 ? 'all hold' : failing + ' failing'),
        }),
        checksTable(checks, entity.entity),
      ]);
    }
    var r = entity.readings || {};
    replace(card.readings, [
      el('dt', { text: 'Backfill' }),
      el('dd', { text: dig(r, 'backfill.complete') ? 'complete' : 'incomplete' }),
      el('dt', { text: 'Forward lag' }),
      el('dd', { text: seconds(dig(r, 'sync.forward.lagSeconds')) }),
      el('dt', { text: 'Writes waiting for UH' }),
      el('dd', { text: count(dig(r, 'sync.reverse.pending')) }),
      el('dt', { text: 'Dead letters' }),
      el('dd', { text: count(dig(r, 'sync.reverse.deadLetters')) }),
      el('dt', { text: 'Open conflicts' }),
      el('dd', { text: count(dig(r, 'sync.reverse.openConflicts')) }),
      el('dt', { text: 'Shadow mismatches (' + (dig(r, 'shadowMismatches.windowHours') || 24) + ' h)' }),
      el('dd', { text: count(dig(r, 'shadowMismatches.count')) }),
    ]);
    labelButtons(card);
  }

  function checksTable(checks, caption) {
    if (checks.length === 0) return empty('No gate to pass.');
    return table(
      ['Gate', 'Reading', 'Expected', 'Result'],
      checks.map(function (check) {
        return [
          check.gate,
          String(check.value),
          String(check.expected),
          el('span', { class: check.passed ? 'pass' : 'fail', text: check.passed ? '✔ pass' : '✘ fail' }),
        ];
      }),
      'Gates of ' + caption,
    );
  }

  function move(card, phase) {
    var body = { phase: phase, reason: card.reason.value };
    if (phase === 'CANARY') body.percent = canaryPercent(card);
    if (card.override.checked) body.overrideGates = true;
    if (card.acceptLoss.checked) body.acceptLoss = true;
    var buttons = [card.advance, card.raise, card.back];
    buttons.forEach(function (button) {
      button.disabled = true;
    });
    replace(card.result, [el('p', { text: 'Asking the gateway…' })]);
    call('POST', 'entities/' + encodeURIComponent(card.entity) + '/phase', body)
      .then(function (answer) {
        if (answer.status === 200) {
          var before = answer.body.before;
          var after = answer.body.after;
          card.reason.value = '';
          card.override.checked = false;
          card.acceptLoss.checked = false;
          replace(card.result, [
            el('div', { class: 'done' }, [
              el('p', {
                text:
                  'Moved ' +
                  card.entity +
                  ' from ' +
                  phaseText(before.phase, before.percent) +
                  ' to ' +
                  phaseText(after.phase, after.percent) +
                  '.',
              }),
            ]),
          ]);
          refresh();
          return;
        }
        var error = answer.body.error || {};
        var checks = (error.checks || []).filter(function (check) {
          return !check.passed;
        });
        replace(card.result, [
          el('div', { class: 'refused' }, [
            el('p', { text: 'Refused (' + (error.code || 'HTTP ' + answer.status) + ')' }),
            el('p', { text: String(error.message || '').split('\n')[0] }),
            checks.length === 0
              ? null
              : el(
                  'ul',
                  { 'aria-label': 'Failing gates' },
                  checks.map(function (check) {
                    return el('li', {
                      text: check.gate + ': ' + check.value + ' (expected ' + check.expected + ')',
                    });
                  }),
                ),
          ]),
        ]);
      })
      .catch(function (error) {
        replace(card.result, [
          el('div', { class: 'refused' }, [el('p', { text: 'The gateway did not answer: ' + error.message })]),
        ]);
      })
      .then(function () {
        buttons.forEach(function (button) {
          button.disabled = false;
        });
      });
  }

  function renderSync(overview) {
    var sync = overview.sync;
    var figure = function (label, value, testid, words) {
      return el('div', {}, [
        el('dt', { text: label }),
        el('dd', { text: value, 'data-testid': testid, class: words ? 'words' : null }),
      ]);
    };
    var workers = sync.workers || [];
    var worker = function (direction) {
      var w = workers.filter(function (x) {
        return x.direction === direction;
      })[0];
      return !w ? 'no worker' : w.alive ? w.state : 'down (' + w.state + ')';
    };
    replace(document.getElementById('sync-figures'), [
      figure('Forward lag (UH → cloud)', seconds(sync.forwardLagSeconds), 'forward-lag'),
      figure('Reverse lag (cloud → UH)', seconds(sync.reverseLagSeconds), 'reverse-lag'),
      figure(
        'Outbox depth',
        count(sync.outboxDepth) + (sync.outboxDepth > 0 ? ' (oldest ' + seconds(sync.oldestOutboxAgeSeconds) + ')' : ''),
        'outbox-depth',
      ),
      figure('Dead letters', count(sync.deadLetters), 'dead-letters'),
      figure('Open conflicts', count(sync.openConflicts), 'conflicts'),
      figure('Workers', 'forward ' + worker('forward') + ', reverse ' + worker('reverse'), 'workers', true),
    ]);
    renderLagChart(overview);
  }

  function renderLagChart(overview) {
    var lag = overview.lag;
    var bound = overview.thresholds && overview.thresholds.maxForwardLagSeconds;
    var holder = document.getElementById('lag-chart');
    var end = new Date(overview.readAt).getTime();
    var start = end - lag.windowMinutes * 60000;
    var width = 720;
    var height = 220;
    var left = 48;
    var right = 12;
    var top = 12;
    var bottom = 28;
    var points = lag.forward.concat(lag.reverse);
    // Scaled to the samples, not the bound: a healthy sync lags a second or two against a bound of a
    // minute, and a chart scaled to the bound would draw it as a flat line. The bound is drawn when it is
    // on the scale and named in the legend when it is above it.
    var worstSample = Math.max.apply(
      null,
      [0].concat(
        points.map(function (p) {
          return p.lagSeconds;
        }),
      ),
    );
    var max = niceCeiling(Math.max(1, worstSample * 1.2));
    var boundOnChart = bound && bound <= max;
    var x = function (iso) {
      return left + ((new Date(iso).getTime() - start) / (end - start)) * (width - left - right);
    };
    var y = function (value) {
      return top + (1 - value / max) * (height - top - bottom);
    };
    var line = function (series, cls) {
      if (series.length === 0) return null;
      return svg('polyline', {
        class: cls,
        fill: 'none',
        stroke: cls === 'forward' ? '#1d4f9c' : '#9a4a00',
        'stroke-width': 2,
        'stroke-dasharray': cls === 'reverse' ? '6 4' : null,
        points: series
          .map(function (p) {
            return x(p.at).toFixed(1) + ',' + y(p.lagSeconds).toFixed(1);
          })
          .join(' '),
      });
    };
    var worst = function (series) {
      return series.length === 0
        ? 'no samples'
        : 'worst ' +
            seconds(
              Math.max.apply(
                null,
                series.map(function (p) {
                  return p.lagSeconds;
                }),
              ),
            ) +
            ', latest ' +
            seconds(series[series.length - 1].lagSeconds);
    };
    var summary =
      'Sync lag over the last ' +
      lag.windowMinutes +
      ' minutes. Forward (UH to cloud): ' +
      worst(lag.forward) +
      '. Reverse (cloud to UH): ' +
      worst(lag.reverse) +
      '.';
    var ticks = [0, max / 2, max].map(function (value) {
      return svg('g', {}, [
        svg('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), stroke: '#e1e4ea' }),
        svg('text', {
          x: left - 6,
          y: y(value) + 4,
          'text-anchor': 'end',
          'font-size': 11,
          fill: '#3d4456',
          text: Math.round(value * 10) / 10 + ' s',
        }),
      ]);
    });
    var times = [0, 30, 60].map(function (minutesAgo) {
      var at = new Date(end - minutesAgo * 60000).toISOString();
      return svg('text', {
        x: x(at),
        y: height - 8,
        'text-anchor': minutesAgo === 0 ? 'end' : minutesAgo === 60 ? 'start' : 'middle',
        'font-size': 11,
        fill: '#3d4456',
        text: minutesAgo === 0 ? 'now' : minutesAgo + ' min ago',
      });
    });
    var chart = svg(
      'svg',
      {
        viewBox: '0 0 ' + width + ' ' + height,
        role: 'img',
        'aria-labelledby': 'lag-chart-title',
        'data-testid': 'lag-chart',
      },
      [svg('title', { id: 'lag-chart-title', text: summary })]
        .concat(ticks)
        .concat(times)
        .concat([
          boundOnChart
            ? svg('line', {
                x1: left,
                x2: width - right,
                y1: y(bound),
                y2: y(bound),
                stroke: '#4a5264',
                'stroke-dasharray': '2 3',
              })
            : null,
          line(lag.forward, 'forward'),
          line(lag.reverse, 'reverse'),
          points.length === 0
            ? svg('text', {
                x: width / 2,
                y: height / 2,
                'text-anchor': 'middle',
                'font-size': 13,
                fill: '#3d4456',
                text: 'No lag samples in the last hour: is the sync worker running?',
              })
            : null,
        ]),
    );
    replace(holder, [
      chart,
      el('ul', { class: 'legend' }, [
        el('li', {}, [el('span', { class: 'key', 'aria-hidden': 'true' }), 'forward (UH → cloud)']),
        el('li', {}, [el('span', { class: 'key reverse', 'aria-hidden': 'true' }), 'reverse (cloud → UH)']),
        !bound
          ? null
          : boundOnChart
            ? el('li', {}, [
                el('span', { class: 'key bound', 'aria-hidden': 'true' }),
                'forward lag bound (' + bound + ' s)',
              ])
            : el('li', { text: 'forward lag bound: ' + bound + ' s, above this scale' }),
      ]),
    ]);
  }

  function niceCeiling(value) {
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i += 1) if (steps[i] * power >= value) return steps[i] * power;
    return 10 * power;
  }

  function json(value) {
    return value === undefined ? '(absent)' : JSON.stringify(value, null, 2);
  }

  function renderShadow(shadow) {
    var holder = document.getElementById('shadow');
    if (shadow.recent.length === 0) {
      replace(holder, [empty('No shadow read has disagreed.')]);
      return;
    }
    replace(holder, [
      el('p', { text: 'The ' + shadow.recent.length + ' most recent, newest first.' }),
      table(
        ['Observed', 'Entity', 'Operation', 'Path', 'UH (legacy)', 'Cloud'],
        shadow.recent.map(function (m) {
          return [
            time(m.observedAt),
            m.entity,
            m.operationName || '(anonymous)',
            el('code', { text: m.path }),
            el('div', { class: 'diff' }, [el('pre', { class: 'legacy', text: json(m.legacyValue) })]),
            el('div', { class: 'diff' }, [el('pre', { class: 'cloud', text: json(m.cloudValue) })]),
          ];
        }),
        'Shadow mismatches',
      ),
    ]);
  }

  function renderReconciliations(runs) {
    var holder = document.getElementById('reconcile');
    if (runs.length === 0) {
      replace(holder, [empty('Never reconciled: run housing reconcile.')]);
      return;
    }
    replace(holder, [
      table(
        [
          'Table',
          'Status',
          'Finished',
          { text: 'UH rows', number: true },
          { text: 'Cloud rows', number: true },
          { text: 'Differences', number: true },
          { text: 'Unexplained', number: true },
        ],
        runs.map(function (run) {
          return [
            run.source,
            run.status + (run.error ? ': ' + run.error : ''),
            time(run.finishedAt),
            count(run.uhRows),
            count(run.cloudRows),
            count(run.differences),
            el('span', { class: run.unexplained > 0 ? 'fail' : 'pass', text: count(run.unexplained) }),
          ];
        }),
        'Latest reconciliation of each table',
      ),
    ]);
  }

  function renderPropertyIndex(index) {
    var holder = document.getElementById('property-index');
    if (!index) {
      replace(holder, [empty('Not built yet: run housing property-index.')]);
      return;
    }
    var sources = ['uh', 'cloud', 'llpg', 'register'];
    var names = { uh: 'UH', cloud: 'Cloud', llpg: 'LLPG', register: 'Asset register' };
    var headings = [{ text: 'Level' }].concat(
      sources.map(function (s) {
        return { text: names[s], number: true };
      }),
    );
    var rows = [['All'].concat(
      sources.map(function (s) {
        return count(index.totals[s]);
      }),
    )].concat(
      index.byLevel.map(function (row) {
        return [row.label].concat(
          sources.map(function (s) {
            return row.counts[s] === null ? '–' : count(row.counts[s]);
          }),
        );
      }),
    );
    var categories = Object.keys(index.disagreements);
    replace(holder, [
      el('p', {}, ['Built ', time(index.generatedAt), ' (housing property-index).']),
      table(headings, rows, 'Properties by level in each source'),
      el('h3', { text: 'Disagreements' }),
      table(
        ['Category', { text: 'Count', number: true }],
        categories.map(function (c) {
          return [c, count(index.disagreements[c])];
        }),
        'Disagreements by category',
      ),
    ]);
  }

  function renderHistory(changes) {
    var holder = document.getElementById('history');
    if (!changes || changes.length === 0) {
      replace(holder, [empty('No phase change yet.')]);
      return;
    }
    replace(holder, [
      table(
        ['When', 'Entity', 'Change', 'By', 'Reason', 'Gates'],
        changes.map(function (c) {
          var readings = c.gateReadings || {};
          var verdict = readings.verdict;
          var gates = readings.override
            ? 'overridden'
            : !verdict
              ? 'not judged'
              : verdict.direction === 'back'
                ? 'rollback (not gated)'
                : verdict.passed
                  ? 'held'
                  : 'failed';
          return [
            time(c.changedAt),
            c.entity,
            phaseText(c.fromPhase, c.fromPercent) + ' → ' + phaseText(c.toPhase, c.toPercent),
            c.changedBy,
            c.reason,
            gates,
          ];
        }),
        'Recent phase changes',
      ),
    ]);
  }

  refresh();
})();
`;
