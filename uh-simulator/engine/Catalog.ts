import type Database from 'better-sqlite3';
import type { Expr, ObjectName } from './ast';
import { invalidObject } from './sqlErrors';
import type { SqlType } from './types';

export interface CatalogColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  readonly defaultExpr: Expr | undefined;
}

export interface CatalogIndex {
  readonly name: string;
  readonly unique: boolean;
  /** 'primary'/'unique' constraints raise 2627, unique indexes 2601. */
  readonly kind: 'index' | 'primary' | 'unique';
  readonly columns: readonly string[];
  readonly sqliteName: string;
}

export interface TableDef {
  /** As created (for messages: 'dbo.<name>'). */
  readonly name: string;
  readonly sqliteName: string;
  readonly columns: readonly CatalogColumn[];
  readonly indexes: CatalogIndex[];
}

export interface ResolvedTable extends TableDef {
  readonly byName: ReadonlyMap<string, CatalogColumn>;
  readonly rowversion: CatalogColumn | undefined;
}

/** The database the simulator pretends to be; three-part names must name it. */
export const DATABASE_NAME = 'uhtlive';

/**
 * SQL Server column types, defaults and index kinds, persisted in the database file (`__uh_catalog`)
 * so a reopened file keeps them. Table and column names resolve case-insensitively, as on SQL Server's
 * default collation. `version` changes on every DDL so sessions drop their compiled-statement caches.
 */
export class Catalog {
  private tables = new Map<string, ResolvedTable>();
  version = 0;

  static ensureStorage(db: Database.Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS __uh_catalog (name TEXT PRIMARY KEY, def TEXT NOT NULL)');
    db.exec('CREATE TABLE IF NOT EXISTS __uh_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  }

  load(db: Database.Database): void {
    this.tables.clear();
    const rows = db.prepare('SELECT def FROM __uh_catalog').all() as { def: string }[];
    for (const row of rows) this.remember(JSON.parse(row.def) as TableDef);
    this.version++;
  }

  get size(): number {
    return this.tables.size;
  }

  allTables(): ResolvedTable[] {
    return [...this.tables.values()];
  }

  private remember(def: TableDef): ResolvedTable {
    const byName = new Map(def.columns.map((c) => [c.name.toLowerCase(), c] as const));
    const resolved: ResolvedTable = {
      ...def,
      byName,
      rowversion: def.columns.find((c) => c.type.name === 'rowversion'),
    };
    this.tables.set(def.name.toLowerCase(), resolved);
    return resolved;
  }

  find(name: string): ResolvedTable | undefined {
    return this.tables.get(name.toLowerCase());
  }

  /** Resolves db.schema.name, raising 208 for other databases/schemas or unknown tables. */
  resolve(name: ObjectName): ResolvedTable {
    if (name.database !== undefined && name.database.toLowerCase() !== DATABASE_NAME)
      throw invalidObject(name.written);
    if (name.schema !== undefined && name.schema.toLowerCase() !== 'dbo') throw invalidObject(name.written);
    const t = this.tables.get(name.name.toLowerCase());
    if (t === undefined) throw invalidObject(name.written);
    return t;
  }

  save(db: Database.Database, def: TableDef): ResolvedTable {
    db.prepare('INSERT OR REPLACE INTO __uh_catalog (name, def) VALUES (?, ?)').run(
      def.name.toLowerCase(),
      JSON.stringify(def),
    );
    this.version++;
    return this.remember(def);
  }

  remove(db: Database.Database, name: string): void {
    db.prepare('DELETE FROM __uh_catalog WHERE name = ?').run(name.toLowerCase());
    this.tables.delete(name.toLowerCase());
    this.version++;
  }
}
