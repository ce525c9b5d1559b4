import type { HeadlineCount, PropertyIndex } from './PropertyIndex';
import { CATEGORY_DESCRIPTIONS, PROPERTY_INDEX_CATEGORIES } from './PropertyIndexCategory';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const n = (value: number | null) => (value === null ? '–' : value.toLocaleString('en-GB'));

function counts(title: string, rows: readonly HeadlineCount[]): string {
  return `<table><caption>${escape(title)}</caption>
<thead><tr><th scope="col">${escape(title)}</th><th scope="col">UH</th><th scope="col">Cloud</th><th scope="col">LLPG</th><th scope="col">Asset register</th></tr></thead>
<tbody>${rows
    .map(
      (r) =>
        `<tr><th scope="row">${escape(r.label)}</th><td>${n(r.counts.uh)}</td><td>${n(r.counts.cloud)}</td><td>${n(r.counts.llpg)}</td><td>${n(r.counts.register)}</td></tr>`,
    )
    .join('\n')}</tbody></table>`;
}

/**
 * The Property Index as one self-contained page for people who are not developers: the totals first,
 * then the counts by level and type, then each kind of disagreement with how many, what it probably means
 * and every property behind it. No script, no external file (styles inline), so it opens anywhere and
 * can be mailed; the gateway's admin pages can serve the same string.
 */
export function renderPropertyIndexHtml(index: PropertyIndex): string {
  const sections = PROPERTY_INDEX_CATEGORIES.map((category) => {
    const rows = index.disagreements.filter((d) => d.category === category);
    const description = CATEGORY_DESCRIPTIONS[category];
    const table =
      rows.length === 0
        ? '<p class="none">None.</p>'
        : `<table><thead><tr><th scope="col">Property</th><th scope="col">Level</th><th scope="col">Address</th><th scope="col">UH</th><th scope="col">Asset register</th><th scope="col">LLPG</th><th scope="col">Detail</th></tr></thead>
<tbody>${rows
            .map(
              (d) =>
                `<tr><td>${escape(d.propRef)}</td><td>${escape(d.level ?? '')}</td><td>${escape(d.address ?? '')}</td><td>${escape(d.uh ?? '')}</td><td>${escape(d.register ?? '')}</td><td>${escape(d.llpg ?? '')}</td><td>${escape(d.detail)}</td></tr>`,
            )
            .join('\n')}</tbody></table>`;
    return `<section id="${category}" class="${description.expected ? 'expected' : 'problem'}">
<h2>${escape(description.title)} <span class="count">${n(rows.length)}</span></h2>
<p>${escape(description.explanation)}</p>
${table}
</section>`;
  }).join('\n');
  const summary = PROPERTY_INDEX_CATEGORIES.map((category) => {
    const count = index.disagreements.filter((d) => d.category === category).length;
    return `<li><a href="#${category}">${escape(CATEGORY_DESCRIPTIONS[category].title)}</a>: ${n(count)}${CATEGORY_DESCRIPTIONS[category].expected ? ' (expected)' : ''}</li>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Property Index</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; max-width: 80rem; }
h1 { margin-bottom: 0.2rem; }
.totals { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.total { border: 1px solid #ccc; border-radius: 6px; padding: 0.7rem 1rem; min-width: 10rem; }
.total strong { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
td:nth-child(n+2) { font-variant-numeric: tabular-nums; }
section.problem h2 .count { background: #b3261e; }
section.expected h2 .count { background: #5f6368; }
h2 .count { color: white; border-radius: 1rem; padding: 0 0.6rem; font-size: 1rem; vertical-align: middle; }
.none { color: #5f6368; }
</style>
</head>
<body>
<h1>Property Index</h1>
<p>Where Universal Housing (UH), the cloud copy, the gazetteer (LLPG) and the asset register disagree. Made ${escape(index.generatedAt)}.</p>
<div class="totals">
<div class="total">UH<strong>${n(index.totals.uh)}</strong>properties</div>
<div class="total">Cloud<strong>${n(index.totals.cloud)}</strong>properties</div>
<div class="total">LLPG<strong>${n(index.totals.llpg)}</strong>current UPRNs</div>
<div class="total">Asset register<strong>${n(index.totals.register)}</strong>assets</div>
</div>
<h2>Disagreements</h2>
<ul>
${summary}
</ul>
${counts('Level', index.byLevel)}
${counts('Property type', index.byType)}
${sections}
</body>
</html>
`;
}
