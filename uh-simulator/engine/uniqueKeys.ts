import type { ResolvedTable } from './Catalog';
import type { Stored } from './convertValue';
import { comparable } from './duplicateKey';
import { category } from './sqlTypes';

interface KeyShape {
  readonly name: string;
  readonly positions: readonly number[];
  readonly strings: readonly boolean[];
}

const shapes = new WeakMap<ResolvedTable, readonly KeyShape[]>();

function shapesOf(table: ResolvedTable): readonly KeyShape[] {
  let s = shapes.get(table);
  if (s === undefined) {
    s = table.indexes
      .filter((i) => i.unique)
      .map((index) => {
        const positions = index.columns.map((name) =>
          table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase()),
        );
        return {
          name: index.name.toLowerCase(),
          positions,
          strings: positions.map((p) => category(table.columns[p]!.type) === 'str'),
        };
      });
    shapes.set(table, s);
  }
  return s;
}

export function hasUniqueKeys(table: ResolvedTable): boolean {
  return shapesOf(table).length > 0;
}

/**
 * The unique-index keys of a row (table column order), one string per index, comparing as the index
 * does: what SQL Server's key locks are taken on. Keys containing NULL are left out (SQLite's unique
 * indexes admit several of them, so they never collide).
 */
export function uniqueKeys(table: ResolvedTable, row: readonly Stored[]): string[] {
  const keys: string[] = [];
  for (const shape of shapesOf(table)) {
    let key = shape.name;
    let complete = true;
    for (let i = 0; i < shape.positions.length; i++) {
      const v = row[shape.positions[i]!] ?? null;
      if (v === null) {
        complete = false;
        break;
      }
      key += `\u0000${comparable(v, shape.strings[i]!)}`;
    }
    if (complete) keys.push(key);
  }
  return keys;
}
