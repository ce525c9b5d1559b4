import type { UhStore } from './UhStore';
import type { UhParam } from './UhQuery';
import type { PersonRecord } from '../model/records';
import { toPerson } from './readPeople';
import { INT } from './uhTypes';

/**
 * People whose forename or surname contains every word of the search (LIKE is case-insensitive under
 * UH's collation), ordered by surname, forename, household, person number. Offset paging: a search is
 * re-run, not scrolled for long. Returns one more row than asked for, to tell whether a page follows.
 */
export async function searchPeople(
  store: UhStore,
  words: readonly string[],
  skip: number,
  take: number,
): Promise<PersonRecord[]> {
  const { where, params } = conditions(words);
  const rows = await store.query<Parameters<typeof toPerson>[0]>({
    name: 'searchPeople',
    text: `SELECT m.house_ref, m.person_no, m.title, m.forename, m.surname, m.dob, m.responsible
FROM dbo.member m WITH (NOLOCK) WHERE ${where}
ORDER BY m.surname, m.forename, m.house_ref, m.person_no OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY`,
    params: [...params, { ...INT, name: 'skip', value: skip }, { ...INT, name: 'take', value: take + 1 }],
  });
  return rows.map(toPerson);
}

export async function countPeople(store: UhStore, words: readonly string[]): Promise<number> {
  const { where, params } = conditions(words);
  const rows = await store.query<{ n: number }>({
    name: 'countPeople',
    text: `SELECT COUNT(*) AS n FROM dbo.member m WITH (NOLOCK) WHERE ${where}`,
    params,
  });
  return rows[0]?.n ?? 0;
}

function conditions(words: readonly string[]): { where: string; params: UhParam[] } {
  const params = words.map((word, index) => ({
    type: 'varchar' as const,
    length: 60,
    name: `w${index}`,
    value: `%${word}%`,
  }));
  const where = params.map((p) => `(m.forename LIKE @${p.name} OR m.surname LIKE @${p.name})`).join(' AND ');
  return { where, params };
}
