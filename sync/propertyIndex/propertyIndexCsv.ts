import { stringify } from 'csv-stringify/sync';
import type { PropertyIndex } from './PropertyIndex';
import { CATEGORY_DESCRIPTIONS } from './PropertyIndexCategory';

export const PROPERTY_INDEX_CSV_COLUMNS = [
  'category',
  'explanation',
  'prop_ref',
  'level',
  'address',
  'uh',
  'register',
  'llpg',
  'detail',
] as const;

/** Every disagreement as one CSV row (header first), for a spreadsheet; the counts are in the other formats. */
export function propertyIndexCsv(index: PropertyIndex): string {
  return stringify(
    index.disagreements.map((d) => ({
      category: d.category,
      explanation: CATEGORY_DESCRIPTIONS[d.category].title,
      prop_ref: d.propRef,
      level: d.level ?? '',
      address: d.address ?? '',
      uh: d.uh ?? '',
      register: d.register ?? '',
      llpg: d.llpg ?? '',
      detail: d.detail,
    })),
    { header: true, columns: [...PROPERTY_INDEX_CSV_COLUMNS] },
  );
}
