import type Database from 'better-sqlite3';
import type { CatalogIndex, ResolvedTable } from './Catalog';
import { decoderFor } from './codec';
import type { Stored } from './convertValue';
import { category } from './sqlTypes';
import { SqlServerError } from './types';
import { ERR } from './sqlErrors';

function formatKeyValue(v: Stored, table: ResolvedTable, column: string): string {
  if (v === null) return '<NULL>';
  const col = table.byName.get(column.toLowerCase())!;
  const decoded = decoderFor(col.type)(v);
  if (Buffer.isBuffer(decoded)) return `0x${decoded.toString('hex').toUpperCase()}`;
  if (typeof decoded === 'boolean') return decoded ? '1' : '0';
  return String(decoded);
}

/** One key value as SQL Server's default collation compares it (case- and trailing-space-insensitive strings). */
export function comparable(v: Stored, isString: boolean): string {
  if (v === null) return 'null';
  if (Buffer.isBuffer(v)) return `b:${v.toString('hex')}`;
  return isString ? `s:${String(v).trimEnd().toLowerCase()}` : `v:${String(v)}`;
}

/** SQL Server's message for a duplicate key in a unique index (2601) or a PRIMARY KEY/UNIQUE constraint (2627). */
export function duplicateKeyError(
  table: ResolvedTable,
  index: CatalogIndex,
  values: readonly Stored[],
): SqlServerError {
  const shown = values.map((v, i) => formatKeyValue(v, table, index.columns[i]!)).join(', ');
  if (index.kind === 'index') {
    return new SqlServerError(
      ERR.DUP_INDEX,
      `Cannot insert duplicate key row in object 'dbo.${table.name}' with unique index '${index.name}'. The duplicate key value is (${shown}).`,
      { class: 14 },
    );
  }
  const what = index.kind === 'primary' ? 'PRIMARY KEY' : 'UNIQUE KEY';
  return new SqlServerError(
    ERR.DUP_CONSTRAINT,
    `Violation of ${what} constraint '${index.name}'. Cannot insert duplicate key in object 'dbo.${table.name}'. The duplicate key value is (${shown}).`,
    { class: 14 },
  );
}

/**
 * SQLite says only "UNIQUE constraint failed"; SQL Server names the index and the key. Re-evaluate the
 * rows the failed statement would have written (`probeRows`, table column order, UPDATE rows end
 * with their rowid) and find the first key that collides with a stored row or an earlier new row.
 */
export function findDuplicate(
  db: Database.Database,
  table: ResolvedTable,
  probeRows: readonly (readonly Stored[])[],
  isUpdate: boolean,
): SqlServerError | undefined {
  const updated = new Set<string>(isUpdate ? probeRows.map((r) => String(r[r.length - 1])) : []);
  for (const index of table.indexes) {
    if (!index.unique) continue;
    const positions = index.columns.map((name) =>
      table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase()),
    );
    const strings = positions.map((p) => category(table.columns[p]!.type) === 'str');
    const where = index.columns.map((c) => `"${c}" = ?`).join(' AND ');
    const lookup = db
      .prepare(`SELECT rowid FROM "${table.sqliteName}" WHERE ${where}`)
      .raw(true)
      .safeIntegers(true);
    const seen = new Set<string>();
    for (const row of probeRows) {
      const key = positions.map((p) => row[p] ?? null);
      if (key.some((v) => v === null)) continue;
      const sig = key.map((v, i) => comparable(v, strings[i]!)).join('|');
      if (seen.has(sig)) return duplicateKeyError(table, index, key);
      seen.add(sig);
      for (const [rowid] of lookup.all(...key) as [bigint][]) {
        if (!updated.has(String(rowid))) return duplicateKeyError(table, index, key);
      }
    }
  }
  return undefined;
}
