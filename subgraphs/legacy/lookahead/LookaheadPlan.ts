import type { UhRow } from '../../../stores/uh/UhStore';
import type { KeySource, UhQuery } from '../../../stores/uh/UhQuery';

/** A record with the UH row it came from (the raw key values decide what may be primed). */
export interface Entry<T> {
  readonly record: T;
  readonly row: UhRow;
}

/**
 * Rows one statement of the plan fetches, known only once the batch has answered (`entries`), and, before
 * that, any of their columns as a subquery (`column`) for the statements that fetch what hangs from them.
 */
export interface PlannedSet<T> {
  column(name: string): KeySource;
  entries(): readonly Entry<T>[];
}

/** A statement's rows, or the error UH gave it. */
export type Outcome = UhRow[] | Error;

/**
 * Prime each key with its value from the statement's rows, or, when the statement failed, with its error: the
 * fields that need it fail with that error (and only those), without asking UH again.
 */
export function primeEach<K, V>(
  keys: Iterable<K>,
  outcome: Outcome,
  valueOf: (rows: UhRow[]) => (key: K) => V,
  prime: (key: K, value: V | Error) => unknown,
): void {
  const value: (key: K) => V | Error = outcome instanceof Error ? () => outcome : valueOf(outcome);
  for (const key of keys) prime(key, value(key));
}

/**
 * The statements of one look-ahead, in the order they were planned (a parent always before what hangs from
 * it), each with what to do with its rows once the batch has answered.
 */
export class LookaheadPlan {
  readonly statements: { readonly query: UhQuery; readonly resolve: (outcome: Outcome) => void }[] = [];
  private nextId = 1;

  /** A fresh parameter prefix for a subquery embedded in another statement. */
  prefix(): string {
    return `q${this.nextId++}_`;
  }

  /** Add a statement whose rows become a set (and are handed to `found` when the batch answers). */
  set<T>(
    statement: { readonly query: UhQuery; column(name: string): KeySource },
    toRecord: (row: UhRow) => T,
    found?: (outcome: Outcome) => void,
  ): PlannedSet<T> {
    let entries: Entry<T>[] = [];
    this.statements.push({
      query: statement.query,
      resolve: (outcome) => {
        entries = outcome instanceof Error ? [] : outcome.map((row) => ({ record: toRecord(row), row }));
        found?.(outcome);
      },
    });
    return { column: (name) => statement.column(name), entries: () => entries };
  }

  /** Add a statement whose rows only prime loaders. */
  leaf(query: UhQuery, found: (outcome: Outcome) => void): void {
    this.statements.push({ query, resolve: found });
  }
}

/**
 * The keys a resolver will ask a loader for, from the records of a parent set, each with whether it may be
 * primed from a statement that reached its rows through the parent's raw column (`x IN (SELECT parent.col
 * ...)`) rather than through the key itself (`x IN (@key)`, what the loader sends). The two find the same rows
 * when the raw value is the key with trailing spaces (which SQL Server's comparisons ignore); a raw value the
 * store canonicalised otherwise (a leading space, a prop_ref without its leading zeros) may find other rows, so
 * its key is left to the loader (one more round trip, the same answer).
 */
export function primeableKeys<T>(
  entries: readonly Entry<T>[],
  keyOf: (record: T) => string | null,
  rawOf: (row: UhRow) => unknown,
): Set<string> {
  const clean = new Map<string, boolean>();
  for (const { record, row } of entries) {
    const key = keyOf(record);
    if (key === null) continue;
    const raw = rawOf(row);
    const same = typeof raw === 'string' && raw.replace(/ +$/, '') === key;
    clean.set(key, (clean.get(key) ?? true) && same);
  }
  return new Set([...clean].filter(([, same]) => same).map(([key]) => key));
}
