import type { PgStore } from './PgStore';
import type { PersonRecord, PropertyFilter, PropertyRecord } from '../model/records';
import {
  MEMBER_COLUMNS,
  PROPERTY_COLUMNS,
  toPersonRecord,
  toPropertyRecord,
  type MemberRow,
  type PropertyRow,
} from './cloudRows';

/**
 * The cloud store's list reads, matching the legacy store's semantics: postcodes compared without
 * spacing or case, address text matched case-insensitively anywhere in the address, people by every
 * word in first name or surname, ordered as UH's collation orders them (case-insensitively, blanks first).
 */
function propertyConditions(filter: PropertyFilter): { where: string; values: unknown[] } {
  const clauses: string[] = [];
  const values: unknown[] = [];
  if (filter.postcode) {
    values.push(filter.postcode.toUpperCase().replace(/\s+/g, ''));
    clauses.push(`replace(p.postcode, ' ', '') = $${values.length}`);
  }
  if (filter.level) {
    values.push(filter.level);
    clauses.push(`p.level = $${values.length}`);
  }
  if (filter.addressContains) {
    values.push(`%${filter.addressContains}%`);
    const n = values.length;
    clauses.push(
      `(p.address_line1 ILIKE $${n} OR p.address_line2 ILIKE $${n} OR p.address_line3 ILIKE $${n} OR p.address_line4 ILIKE $${n} OR p.postcode ILIKE $${n})`,
    );
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', values };
}

export async function listProperties(
  store: PgStore,
  filter: PropertyFilter,
  take: number,
  after: string | null,
): Promise<PropertyRecord[]> {
  const { where, values } = propertyConditions(filter);
  values.push(after, take + 1);
  const afterClause = `${where ? `${where} AND` : 'WHERE'} ($${values.length - 1}::text IS NULL OR p.reference > $${values.length - 1})`;
  const { rows } = await store.query<PropertyRow>(
    `SELECT ${PROPERTY_COLUMNS} FROM housing.property p ${afterClause} ORDER BY p.reference LIMIT $${values.length}`,
    values,
  );
  return rows.map(toPropertyRecord);
}

export async function countProperties(store: PgStore, filter: PropertyFilter): Promise<number> {
  const { where, values } = propertyConditions(filter);
  const { rows } = await store.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM housing.property p ${where}`,
    values,
  );
  return rows[0]?.n ?? 0;
}

function personConditions(words: readonly string[]): { where: string; values: unknown[] } {
  const values = words.map((word) => `%${word}%`);
  const where = values
    .map((_, i) => `(m.first_name ILIKE $${i + 1} OR m.surname ILIKE $${i + 1})`)
    .join(' AND ');
  return { where, values };
}

export async function searchPeople(
  store: PgStore,
  words: readonly string[],
  skip: number,
  take: number,
): Promise<PersonRecord[]> {
  const { where, values } = personConditions(words);
  values.push(skip, take + 1);
  const { rows } = await store.query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM housing.household_member m WHERE ${where}
     ORDER BY lower(coalesce(m.surname, '')), lower(coalesce(m.first_name, '')), m.house_ref, m.person_no
     OFFSET $${values.length - 1} LIMIT $${values.length}`,
    values,
  );
  return rows.map(toPersonRecord);
}

export async function countPeople(store: PgStore, words: readonly string[]): Promise<number> {
  const { where, values } = personConditions(words);
  const { rows } = await store.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM housing.household_member m WHERE ${where}`,
    values,
  );
  return rows[0]?.n ?? 0;
}
