import type Database from 'better-sqlite3';
import type { Statement } from './ast';
import type { Catalog, CatalogIndex, TableDef } from './Catalog';
import { ERR, sqlError } from './sqlErrors';
import { sqliteColumnType } from './sqlTypes';

type CreateTable = Extract<Statement, { k: 'createTable' }>;
type CreateIndex = Extract<Statement, { k: 'createIndex' }>;
type DropTable = Extract<Statement, { k: 'dropTable' }>;

function checkSchema(name: {
  database: string | undefined;
  schema: string | undefined;
  written: string;
}): void {
  if (
    (name.database !== undefined && name.database.toLowerCase() !== 'uhtlive') ||
    (name.schema !== undefined && name.schema.toLowerCase() !== 'dbo')
  ) {
    throw sqlError(
      2760,
      `The specified schema name "${name.schema ?? name.database}" either does not exist or you do not have permission to use it.`,
    );
  }
}

export function indexSql(tableSqlite: string, index: CatalogIndex): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX "${index.sqliteName}" ON "${tableSqlite}" (${index.columns.map((c) => `"${c}"`).join(', ')})`;
}

/** CREATE TABLE / CREATE INDEX / DROP TABLE on the session's connection, recorded in the catalog. */
export function executeDdl(db: Database.Database, catalog: Catalog, stmt: Statement): void {
  switch (stmt.k) {
    case 'createTable':
      return createTable(db, catalog, stmt);
    case 'createIndex':
      return createIndex(db, catalog, stmt);
    case 'dropTable':
      return dropTable(db, catalog, stmt);
    default:
      throw new Error(`not DDL: ${stmt.k}`);
  }
}

function createTable(db: Database.Database, catalog: Catalog, stmt: CreateTable): void {
  checkSchema(stmt.table);
  const name = stmt.table.name;
  if (catalog.find(name) !== undefined)
    throw sqlError(ERR.OBJECT_EXISTS, `There is already an object named '${name}' in the database.`);
  const seen = new Set<string>();
  for (const c of stmt.columns) {
    if (seen.has(c.name.toLowerCase()))
      throw sqlError(
        2705,
        `Column names in each table must be unique. Column name '${c.name}' in table '${stmt.table.written}' is specified more than once.`,
      );
    seen.add(c.name.toLowerCase());
  }
  if (stmt.columns.filter((c) => c.type.name === 'rowversion').length > 1)
    throw sqlError(
      2738,
      'A table can only have one timestamp column. Because table already has one, the column cannot be added.',
    );
  const sqliteName = name.toLowerCase();
  const indexes: CatalogIndex[] = [];
  const constraint = (
    kind: 'primary' | 'unique',
    cname: string | undefined,
    columns: readonly string[],
  ): void => {
    for (const c of columns)
      if (!seen.has(c.toLowerCase()))
        throw sqlError(1911, `Column name '${c}' does not exist in the target table or view.`);
    const n =
      cname ??
      `${kind === 'primary' ? 'PK' : 'UQ'}__${name}__${(indexes.length + 1).toString(16).padStart(8, '0').toUpperCase()}`;
    const cols = columns.map((c) => stmt.columns.find((d) => d.name.toLowerCase() === c.toLowerCase())!.name);
    indexes.push({
      name: n,
      unique: true,
      kind,
      columns: cols,
      sqliteName: `${sqliteName}__${n.toLowerCase()}`,
    });
  };
  for (const c of stmt.columns) if (c.unique !== undefined) constraint(c.unique, c.constraintName, [c.name]);
  for (const c of stmt.constraints) constraint(c.kind, c.name, c.columns);
  const primary = new Set(
    indexes.filter((i) => i.kind === 'primary').flatMap((i) => i.columns.map((c) => c.toLowerCase())),
  );
  const columns = stmt.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.nullable && !primary.has(c.name.toLowerCase()),
    defaultExpr: c.defaultExpr,
  }));
  const ddl = columns
    .map((c) => `"${c.name}" ${sqliteColumnType(c.type)}${c.nullable ? '' : ' NOT NULL'}`)
    .join(', ');
  db.exec(`CREATE TABLE "${sqliteName}" (${ddl})`);
  for (const index of indexes) db.exec(indexSql(sqliteName, index));
  const def: TableDef = { name, sqliteName, columns, indexes };
  catalog.save(db, def);
}

function createIndex(db: Database.Database, catalog: Catalog, stmt: CreateIndex): void {
  const table = catalog.resolve(stmt.table);
  if (table.indexes.some((i) => i.name.toLowerCase() === stmt.name.toLowerCase())) {
    throw sqlError(
      1913,
      `The operation failed because an index or statistics with name '${stmt.name}' already exists on table 'dbo.${table.name}'.`,
    );
  }
  const columns = stmt.columns.map((c) => {
    const col = table.byName.get(c.toLowerCase());
    if (col === undefined)
      throw sqlError(1911, `Column name '${c}' does not exist in the target table or view.`);
    return col.name;
  });
  const index: CatalogIndex = {
    name: stmt.name,
    unique: stmt.unique,
    kind: 'index',
    columns,
    sqliteName: `${table.sqliteName}__${stmt.name.toLowerCase()}`,
  };
  try {
    db.exec(indexSql(table.sqliteName, index));
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw sqlError(
        1505,
        `The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name 'dbo.${table.name}' and the index name '${stmt.name}'.`,
      );
    }
    throw error;
  }
  catalog.save(db, {
    name: table.name,
    sqliteName: table.sqliteName,
    columns: table.columns,
    indexes: [...table.indexes, index],
  });
}

function dropTable(db: Database.Database, catalog: Catalog, stmt: DropTable): void {
  const table = catalog.find(stmt.table.name);
  const wrongPlace =
    (stmt.table.database !== undefined && stmt.table.database.toLowerCase() !== 'uhtlive') ||
    (stmt.table.schema !== undefined && stmt.table.schema.toLowerCase() !== 'dbo');
  if (table === undefined || wrongPlace) {
    if (stmt.ifExists) return;
    throw sqlError(
      3701,
      `Cannot drop the table '${stmt.table.written}', because it does not exist or you do not have permission.`,
    );
  }
  db.exec(`DROP TABLE "${table.sqliteName}"`);
  catalog.remove(db, table.name);
}
