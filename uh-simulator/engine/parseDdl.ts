import type { ColumnDef, Expr, Statement, TableConstraint } from './ast';
import { parseExpression } from './parseExpression';
import { parseObjectName } from './parseSelect';
import { parseType } from './parseType';
import { unsupported } from './sqlErrors';
import type { TokenStream } from './TokenStream';

/** CREATE TABLE / CREATE INDEX (after the CREATE keyword) and DROP TABLE. */
export function parseCreate(ts: TokenStream): Statement {
  ts.expectKeyword('CREATE');
  if (ts.acceptKeyword('TABLE')) return parseCreateTable(ts);
  const unique = ts.acceptKeyword('UNIQUE');
  if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
  if (!ts.acceptKeyword('INDEX')) throw unsupported(`CREATE ${ts.peek().raw.toUpperCase()} is`);
  const name = ts.expectIdent();
  ts.expectKeyword('ON');
  const table = parseObjectName(ts);
  const columns = parseColumnList(ts);
  if (ts.isKeyword('INCLUDE') || ts.isKeyword('WHERE'))
    throw unsupported(`CREATE INDEX ... ${ts.peek().upper} is`);
  skipWithOptions(ts);
  return { k: 'createIndex', name, table, unique, columns };
}

function parseColumnList(ts: TokenStream): string[] {
  ts.expectOp('(');
  const columns: string[] = [];
  do {
    columns.push(ts.expectIdent());
    if (!ts.acceptKeyword('ASC')) ts.acceptKeyword('DESC');
  } while (ts.acceptOp(','));
  ts.expectOp(')');
  return columns;
}

/** WITH (FILLFACTOR = 90, ...) and ON [PRIMARY]: storage options mean nothing here. */
function skipWithOptions(ts: TokenStream): void {
  if (ts.isKeyword('WITH') && ts.isOp('(', 1)) {
    ts.next();
    ts.next();
    while (!ts.acceptOp(')')) if (ts.next().kind === 'eof') throw ts.error();
  }
  if (ts.acceptKeyword('ON')) ts.next();
}

function parseCreateTable(ts: TokenStream): Statement {
  const table = parseObjectName(ts);
  ts.expectOp('(');
  const columns: ColumnDef[] = [];
  const constraints: TableConstraint[] = [];
  do {
    if (ts.isKeyword('CONSTRAINT') || ts.isKeyword('PRIMARY') || ts.isKeyword('UNIQUE')) {
      const name = ts.acceptKeyword('CONSTRAINT') ? ts.expectIdent() : undefined;
      const kind = ts.acceptKeyword('PRIMARY', 'KEY') ? 'primary' : (ts.expectKeyword('UNIQUE'), 'unique');
      if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
      constraints.push({ name, kind, columns: parseColumnList(ts) });
      skipWithOptions(ts);
      continue;
    }
    if (ts.isKeyword('FOREIGN') || ts.isKeyword('CHECK') || ts.isKeyword('INDEX'))
      throw unsupported(`${ts.peek().upper} constraints in CREATE TABLE are`);
    columns.push(parseColumnDef(ts));
  } while (ts.acceptOp(','));
  ts.expectOp(')');
  skipWithOptions(ts);
  return { k: 'createTable', table, columns, constraints };
}

function parseColumnDef(ts: TokenStream): ColumnDef {
  const name = ts.expectIdent();
  const type = parseType(ts);
  let nullable = type.name !== 'rowversion';
  let defaultExpr: Expr | undefined;
  let unique: 'primary' | 'unique' | undefined;
  let constraintName: string | undefined;
  for (;;) {
    if (ts.acceptKeyword('NOT', 'NULL')) nullable = false;
    else if (ts.acceptKeyword('NULL')) nullable = true;
    else if (ts.acceptKeyword('CONSTRAINT')) constraintName = ts.expectIdent();
    else if (ts.acceptKeyword('DEFAULT')) defaultExpr = parseExpression(ts);
    else if (ts.acceptKeyword('PRIMARY', 'KEY')) {
      unique = 'primary';
      nullable = false;
      if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
    } else if (ts.acceptKeyword('UNIQUE')) {
      unique = 'unique';
      if (!ts.acceptKeyword('NONCLUSTERED')) ts.acceptKeyword('CLUSTERED');
    } else if (ts.acceptKeyword('COLLATE')) ts.expectIdent();
    else if (ts.isKeyword('IDENTITY')) throw unsupported('IDENTITY columns are');
    else if (ts.isKeyword('REFERENCES') || ts.isKeyword('CHECK') || ts.isKeyword('FOREIGN'))
      throw unsupported(`${ts.peek().upper} constraints are`);
    else break;
  }
  return { name, type, nullable, defaultExpr, defaultText: undefined, unique, constraintName };
}

export function parseDrop(ts: TokenStream): Statement {
  ts.expectKeyword('DROP');
  if (!ts.acceptKeyword('TABLE')) throw unsupported(`DROP ${ts.peek().raw.toUpperCase()} is`);
  const ifExists = ts.acceptKeyword('IF', 'EXISTS');
  return { k: 'dropTable', table: parseObjectName(ts), ifExists };
}
