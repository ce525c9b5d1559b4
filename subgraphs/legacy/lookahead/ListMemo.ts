import type { ListReads } from '../../common/GraphReadContext';
import type { PersonRecord, PropertyFilter, PropertyRecord } from '../../../stores/model/records';

/**
 * The list reads of one request, answered from what the look-ahead already fetched for the same arguments (or
 * with the error UH gave it), else read from UH as before.
 */
export class ListMemo implements ListReads {
  private readonly answers = new Map<string, unknown>();

  constructor(private readonly reads: ListReads) {}

  setProperties(
    filter: PropertyFilter,
    take: number,
    after: string | null,
    rows: PropertyRecord[] | Error,
  ): void {
    this.answers.set(key('properties', filter, take, after), rows);
  }

  setPropertyCount(filter: PropertyFilter, count: number | Error): void {
    this.answers.set(key('propertyCount', filter), count);
  }

  setPeople(words: readonly string[], skip: number, take: number, rows: PersonRecord[] | Error): void {
    this.answers.set(key('people', words, skip, take), rows);
  }

  setPeopleCount(words: readonly string[], count: number | Error): void {
    this.answers.set(key('peopleCount', words), count);
  }

  listProperties(filter: PropertyFilter, take: number, after: string | null): Promise<PropertyRecord[]> {
    return this.answer(key('properties', filter, take, after), () =>
      this.reads.listProperties(filter, take, after),
    );
  }

  countProperties(filter: PropertyFilter): Promise<number> {
    return this.answer(key('propertyCount', filter), () => this.reads.countProperties(filter));
  }

  searchPeople(words: readonly string[], skip: number, take: number): Promise<PersonRecord[]> {
    return this.answer(key('people', words, skip, take), () => this.reads.searchPeople(words, skip, take));
  }

  countPeople(words: readonly string[]): Promise<number> {
    return this.answer(key('peopleCount', words), () => this.reads.countPeople(words));
  }

  private async answer<T>(id: string, read: () => Promise<T>): Promise<T> {
    if (!this.answers.has(id)) return read();
    const answer = this.answers.get(id);
    if (answer instanceof Error) throw answer;
    return answer as T;
  }
}

function key(...parts: unknown[]): string {
  return JSON.stringify(parts);
}
