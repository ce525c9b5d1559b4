import type { UhClient } from './UhStore';
import type { UhParam, UhQuery } from './UhQuery';
import type { RowSetQuery } from './readProperties';
import type { PersonRecord } from '../model/records';
import { toPerson } from './readPeople';
import { INT } from './uhTypes';

/**
 * People whose forename or surname contains every word of the search (LIKE is case-insensitive under
 * UH's collation), ordered by surname, forename, household, person number. Offset paging: a search is
 * re-run, not scrolled for long. Returns one more row than asked for, to tell whether a page follows.
 */
export function searchPeopleQuery(words: readonly string[], skip: number, take: number): RowSetQuery {
  const { where, params } = conditions(words);
  const all = [...params, { ...INT, name: 'skip', value: skip }, { ...INT, name: 'take', value: take + 1 }];
  const tail = `FROM dbo.member m WITH (NOLOCK) WHERE ${where}
ORDER BY m.surname, m.forename, m.house_ref, m.person_no OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY`;
  return {
    query: {
      name: 'searchPeople',
      text: `SELECT m.house_ref, m.person_no, m.title, m.forename, m.surname, m.dob, m.responsible\n${tail}`,
      params: all,
    },
    column: (name) => ({ sql: `SELECT m.${name} ${tail}`, params: all }),
  };
}

export async function searchPeople(
  store: UhClient,
  words: readonly string[],
  skip: number,
  take: number,
): Promise<PersonRecord[]> {
  const rows = await store.query<Parameters<typeof toPerson>[0]>(searchPeopleQuery(words, skip, take).query);
  return rows.map(toPerson);
}

export function countPeopleQuery(words: readonly string[]): UhQuery {
  const { where, params } = conditions(words);
  return {
    name: 'countPeople',
    text: `SELECT COUNT(*) AS n FROM dbo.member m WITH (NOLOCK) WHERE ${where}`,
    params,
  };
}

export async function countPeople(store: UhClient, words: readonly string[]): Promise<number> {
  const rows = await store.query<{ n: number }>(countPeopleQuery(words));
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
