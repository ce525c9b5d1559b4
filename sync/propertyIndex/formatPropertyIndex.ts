import { formatTable } from '../../core/formatTable';
import type { HeadlineCount, PropertyIndex } from './PropertyIndex';
import { CATEGORY_DESCRIPTIONS, PROPERTY_INDEX_CATEGORIES } from './PropertyIndexCategory';

/** Rows listed per category in the text report (--csv, --json and --html list them all). */
export const LISTED_PER_CATEGORY = 10;

const n = (value: number | null) => (value === null ? '-' : value.toLocaleString('en-GB'));

function headline(title: string, rows: readonly HeadlineCount[]): string {
  return formatTable(
    [title, 'UH', 'cloud', 'LLPG', 'register'],
    rows.map((r) => [r.label, n(r.counts.uh), n(r.counts.cloud), n(r.counts.llpg), n(r.counts.register)]),
  );
}

/** Totals first, then counts by level and by type, then each category with its count and first rows. */
export function formatPropertyIndex(index: PropertyIndex): string {
  const out = [
    `Property Index, ${index.generatedAt}: UH ${n(index.totals.uh)} properties, cloud ${n(index.totals.cloud)}, LLPG ${n(index.totals.llpg)} current UPRNs, asset register ${n(index.totals.register)} assets\n\n`,
    headline('level', index.byLevel),
    '\n',
    headline('property type', index.byType),
    '\n',
  ];
  for (const category of PROPERTY_INDEX_CATEGORIES) {
    const rows = index.disagreements.filter((d) => d.category === category);
    const description = CATEGORY_DESCRIPTIONS[category];
    out.push(
      `${description.title}: ${n(rows.length)}${description.expected ? ' (expected)' : ''}\n  ${description.explanation}\n`,
    );
    if (rows.length === 0) {
      out.push('\n');
      continue;
    }
    out.push(
      formatTable(
        ['  prop_ref', 'level', 'UH', 'register', 'LLPG', 'detail'],
        rows
          .slice(0, LISTED_PER_CATEGORY)
          .map((d) => [
            `  ${d.propRef}`,
            d.level ?? '-',
            d.uh ?? '-',
            d.register ?? '-',
            d.llpg ?? '-',
            d.detail,
          ]),
      ),
    );
    if (rows.length > LISTED_PER_CATEGORY)
      out.push(`  ... and ${n(rows.length - LISTED_PER_CATEGORY)} more (--csv or --html lists every one)\n`);
    out.push('\n');
  }
  return out.join('');
}
