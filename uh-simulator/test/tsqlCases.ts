import type { Param, SqlType, SqlValue } from '../engine/types';

/**
 * The T-SQL subset as data: each case runs (inside a transaction that is rolled back afterwards) on a
 * database holding FIXTURE_SQL, both directly against the engine (engine/tsqlCases.test.ts) and through
 * the real `mssql` driver over TDS (test/tsql.wire.test.ts). Expected values are canonical SqlValues
 * (types.ts): padded chars, decimal strings, 'YYYY-MM-DD HH:MM:SS.fff' dates, Buffers for binary.
 */
export type TsqlExpectation =
  /** The result sets, in order, each a list of rows. */
  | {
      readonly sets: readonly (readonly (readonly SqlValue[])[])[];
      readonly columns?: readonly string[];
      readonly types?: readonly SqlType[];
    }
  /** Rows affected by the (last) INSERT/UPDATE/DELETE. */
  | { readonly rowCount: number }
  | { readonly error: number; readonly message?: string };

export interface TsqlCase {
  readonly name: string;
  readonly sql: string;
  readonly params?: readonly Param[];
  readonly expect: TsqlExpectation;
}

const pad = (s: string, n: number): string => s.padEnd(n, ' ');
const vc = (name: string, value: string | null, length = 50): Param => ({
  name,
  type: { name: 'varchar', length },
  value,
});
const nvc = (name: string, value: string | null, length = 50): Param => ({
  name,
  type: { name: 'nvarchar', length },
  value,
});
const int = (name: string, value: number | null): Param => ({ name, type: { name: 'int' }, value });

export const FIXTURE_SQL = `
INSERT INTO dbo.property (prop_ref, level_code, major_ref, post_code, post_desig, no_maint, num_bedrooms, address1) VALUES
  ('00000001', '2', '', 'E8 1AA', '', 0, NULL, 'Estate One'),
  ('00000002', '3', '00000001', 'E8 1AA', '', 0, NULL, 'Block A'),
  ('00000003', '7', '00000002', 'E8 1AB', '98', 1, 2, 'Flat 1 Block A'),
  ('00000004', '7', '00000002', 'N16 7UX', '12', 0, 3, 'Flat 2 Block A');
INSERT INTO dbo.tenagree (tag_ref, prop_ref, tenure, cot, eot, rent, cur_bal, terminated) VALUES
  ('0000001/01', '00000003', 'SEC', '2010-04-01', '', 105.50, 12.25, 0),
  ('0000002/01', '00000004', 'INT', '2015-06-15 10:30:29', NULL, 99.99, -3.10, 0),
  ('0000003/01', '00000004', 'SEC', '2001-01-01', '2014-12-31', 80, 0, 1);
INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, post_date, real_value) VALUES
  (1, 1, 1, 1, '0000001/01', 'DR1', '2024-01-01', 105.50),
  (1, 2, 1, 1, '0000001/01', 'RPY', '2024-01-03', -100.00),
  (1, 3, 1, 1, '0000001/01', 'DR1', '2024-01-08', 105.50),
  (1, 4, 1, 1, '0000002/01', 'DR1', '2024-01-01', 99.99);
INSERT INTO dbo.member (house_ref, person_no, forename, surname, dob) VALUES
  ('H1', 1, 'Ann', 'Smith', '1970-05-06'),
  ('H1', 2, 'Bob', 'Smith', '');
`;

export const TSQL_CASES: readonly TsqlCase[] = [
  // ---- literals, names, result types
  {
    name: 'literals and their types',
    sql: "SELECT 1 AS a, 'x' AS b, N'y' AS c, 1.50 AS d, NULL AS e, 0x0A0B AS f",
    expect: {
      sets: [[[1, 'x', 'y', '1.50', null, Buffer.from([10, 11])]]],
      types: [
        { name: 'int' },
        { name: 'varchar', length: 1 },
        { name: 'nvarchar', length: 1 },
        { name: 'numeric', precision: 3, scale: 2 },
        { name: 'int' },
        { name: 'varbinary', length: 2 },
      ],
    },
  },
  { name: "string literal with '' escape", sql: "SELECT 'O''Brien' AS n", expect: { sets: [[["O'Brien"]]] } },
  {
    name: 'unnamed expression column has name ""',
    sql: 'SELECT 1 + 1',
    expect: { sets: [[[2]]], columns: [''] },
  },
  {
    name: 'char(n) values come back padded',
    sql: "SELECT prop_ref FROM dbo.property WHERE prop_ref = '00000003'",
    expect: { sets: [[[pad('00000003', 12)]]], types: [{ name: 'char', length: 12 }] },
  },
  {
    name: '= ignores trailing spaces (param with padding)',
    sql: 'SELECT COUNT(*) FROM property WHERE prop_ref = @ref',
    params: [vc('ref', '00000003   ')],
    expect: { sets: [[[1]]] },
  },
  {
    name: 'bracketed three-part name with NOLOCK',
    sql: 'SELECT COUNT(*) AS n FROM [uhtlive].[dbo].[property] WITH (NOLOCK)',
    expect: { sets: [[[4]]] },
  },
  { name: 'three-part name', sql: 'SELECT COUNT(*) FROM uhtlive.dbo.property p', expect: { sets: [[[4]]] } },
  {
    name: 'other database is an invalid object (208)',
    sql: 'SELECT * FROM uhwlive.dbo.property',
    expect: { error: 208, message: "Invalid object name 'uhwlive.dbo.property'." },
  },
  {
    name: 'unknown table (208)',
    sql: 'SELECT * FROM dbo.nosuch',
    expect: { error: 208, message: "Invalid object name 'dbo.nosuch'." },
  },
  {
    name: 'unknown column (207)',
    sql: 'SELECT nosuch FROM property',
    expect: { error: 207, message: "Invalid column name 'nosuch'." },
  },
  {
    name: 'syntax error (102)',
    sql: 'SELECT * FROM property WHERE',
    expect: { error: 102, message: "Incorrect syntax near 'WHERE'." },
  },
  {
    name: 'unsupported construct names itself (50000)',
    sql: 'MERGE property AS t USING x ON 1 = 1',
    expect: {
      error: 50000,
      message: 'UH simulator: MERGE statements are not supported (see uh-simulator/TSQL-SUBSET.md)',
    },
  },
  {
    name: 'comments are ignored',
    sql: 'SELECT /* block /* nested */ */ 1 AS a -- trailing\n',
    expect: { sets: [[[1]]] },
  },
  {
    name: 'several statements in a batch',
    sql: "SELECT 1 AS a; SELECT 'b' AS b\nSELECT COUNT(*) FROM property",
    expect: { sets: [[[1]], [['b']], [[4]]] },
  },

  // ---- SELECT shapes
  {
    name: 'TOP 1 ... ORDER BY DESC',
    sql: 'SELECT TOP 1 tag_ref FROM tenagree ORDER BY cot DESC',
    expect: { sets: [[[pad('0000002/01', 11)]]] },
  },
  {
    name: 'TOP (@n) with multiple ORDER BY keys',
    sql: 'SELECT TOP (@n) tag_ref, prop_ref FROM tenagree ORDER BY prop_ref DESC, tag_ref ASC',
    params: [int('n', 2)],
    expect: {
      sets: [
        [
          [pad('0000002/01', 11), pad('00000004', 12)],
          [pad('0000003/01', 11), pad('00000004', 12)],
        ],
      ],
    },
  },
  {
    name: 'OFFSET/FETCH with params',
    sql: 'SELECT prop_ref FROM property ORDER BY prop_ref OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY',
    params: [int('skip', 1), int('take', 2)],
    expect: { sets: [[[pad('00000002', 12)], [pad('00000003', 12)]]] },
  },
  {
    name: 'DISTINCT',
    sql: 'SELECT DISTINCT tenure FROM tenagree ORDER BY tenure',
    expect: { sets: [[['INT'], ['SEC']]] },
  },
  {
    name: 'INNER JOIN with aliases',
    sql: "SELECT t.tag_ref, RTRIM(p.post_desig) AS desig FROM tenagree t INNER JOIN property p ON p.prop_ref = t.prop_ref WHERE p.prop_ref = '00000003'",
    expect: { sets: [[[pad('0000001/01', 11), '98']]] },
  },
  {
    name: 'LEFT JOIN keeps unmatched rows with NULLs',
    sql: 'SELECT p.prop_ref, t.tag_ref FROM property p LEFT JOIN tenagree t ON t.prop_ref = p.prop_ref WHERE p.level_code = @lvl ORDER BY p.prop_ref',
    params: [vc('lvl', '2')],
    expect: { sets: [[[pad('00000001', 12), null]]] },
  },
  {
    name: 'GROUP BY with HAVING',
    sql: 'SELECT prop_ref, COUNT(*) AS n FROM tenagree GROUP BY prop_ref HAVING COUNT(*) > 1',
    expect: { sets: [[[pad('00000004', 12), 2]]], types: [{ name: 'char', length: 12 }, { name: 'int' }] },
  },
  {
    name: 'SUM of numeric is exact numeric(38,s)',
    sql: "SELECT SUM(real_value) AS total FROM rtrans WHERE tag_ref = '0000001/01'",
    expect: { sets: [[['111.00']]], types: [{ name: 'numeric', precision: 38, scale: 2 }] },
  },
  {
    name: 'SUM/MIN/MAX/AVG of int',
    sql: 'SELECT SUM(num_bedrooms), MIN(num_bedrooms), MAX(num_bedrooms), AVG(num_bedrooms) FROM property',
    expect: { sets: [[[5, 2, 3, 2]]] },
  },
  {
    name: 'COUNT(x) skips NULLs, COUNT(DISTINCT x)',
    sql: 'SELECT COUNT(num_bedrooms), COUNT(DISTINCT major_ref), COUNT(*) FROM property',
    expect: { sets: [[[2, 3, 4]]] },
  },
  {
    name: 'MIN/MAX of strings and dates',
    sql: 'SELECT MIN(tag_ref), MAX(cot) FROM tenagree',
    expect: { sets: [[[pad('0000001/01', 11), '2015-06-15 10:30:00.000']]] },
  },
  {
    name: 'IN list / NOT IN / IN params',
    sql: "SELECT COUNT(*) FROM property WHERE level_code IN ('2', '3') AND prop_ref NOT IN (@a, @b)",
    params: [vc('a', '00000001'), vc('b', '00000009')],
    expect: { sets: [[[1]]] },
  },
  {
    name: 'IN (subquery)',
    sql: "SELECT prop_ref FROM property WHERE prop_ref IN (SELECT prop_ref FROM tenagree WHERE tenure = 'SEC') ORDER BY prop_ref",
    expect: { sets: [[[pad('00000003', 12)], [pad('00000004', 12)]]] },
  },
  // The legacy subgraph's look-ahead (subgraphs/legacy/lookahead/): one batch of SELECTs, each a result set,
  // each level's keys a subquery over the level above. On SQL Server: a batch returns one result set per SELECT
  // (https://learn.microsoft.com/en-us/sql/relational-databases/native-client-odbc-results/processing-results-odbc),
  // TOP makes ORDER BY legal in a subquery and decides its rows
  // (https://learn.microsoft.com/en-us/sql/t-sql/queries/select-order-by-clause-transact-sql), and an unqualified
  // or alias-qualified name resolves to the nearest enclosing FROM (https://learn.microsoft.com/en-us/sql/relational-databases/performance/subqueries).
  {
    name: 'several SELECTs in one batch: one result set each, an empty one included',
    sql: `SELECT prop_ref FROM property WHERE prop_ref IN (@r0);
SELECT tag_ref FROM tenagree WHERE prop_ref IN (SELECT p.prop_ref FROM property p WHERE p.prop_ref IN (@r0)) ORDER BY tag_ref;
SELECT prop_ref FROM property WHERE prop_ref = 'none'`,
    params: [vc('r0', '00000004')],
    expect: {
      sets: [[[pad('00000004', 12)]], [[pad('0000002/01', 11)], [pad('0000003/01', 11)]], []],
    },
  },
  {
    name: 'nested IN subqueries reusing one alias: each p is the nearest FROM (grandparent of a flat)',
    sql: `SELECT p.prop_ref FROM property p WHERE p.prop_ref IN (SELECT p.major_ref FROM property p
  WHERE p.prop_ref IN (SELECT p.major_ref FROM property p WHERE p.prop_ref IN (@r0)))`,
    params: [vc('r0', '00000003')],
    expect: { sets: [[[pad('00000001', 12)]]] },
  },
  {
    name: 'IN (SELECT TOP (@n) ... ORDER BY ...): the first n by the order, not any n',
    sql: `SELECT tag_ref FROM tenagree WHERE prop_ref IN (SELECT TOP (@n) p.prop_ref FROM property p
  WHERE p.level_code = '7' ORDER BY p.prop_ref DESC) ORDER BY tag_ref`,
    params: [int('n', 1)],
    expect: { sets: [[[pad('0000002/01', 11)], [pad('0000003/01', 11)]]] },
  },
  {
    name: 'IN over a derived table with ROW_NUMBER per partition (the first page of each parent)',
    sql: `SELECT tag_ref FROM tenagree WHERE prop_ref IN (SELECT x.prop_ref FROM (SELECT p.prop_ref,
  ROW_NUMBER() OVER (PARTITION BY p.major_ref ORDER BY p.prop_ref) AS rn FROM property p WHERE p.major_ref IN (@r0)) x
  WHERE x.rn <= @take) ORDER BY tag_ref`,
    params: [vc('r0', '00000002'), int('take', 1)],
    expect: { sets: [[[pad('0000001/01', 11)]]] },
  },
  {
    name: 'EXISTS / NOT EXISTS correlated',
    sql: 'SELECT prop_ref FROM property p WHERE NOT EXISTS (SELECT 1 FROM tenagree t WHERE t.prop_ref = p.prop_ref) ORDER BY 1',
    expect: { sets: [[[pad('00000001', 12)], [pad('00000002', 12)]]] },
  },
  {
    name: 'scalar subquery',
    sql: "SELECT (SELECT COUNT(*) FROM tenagree t WHERE t.prop_ref = p.prop_ref) AS n FROM property p WHERE p.prop_ref = '00000004'",
    expect: { sets: [[[2]]] },
  },
  {
    name: 'BETWEEN dates',
    sql: "SELECT COUNT(*) FROM rtrans WHERE post_date BETWEEN '2024-01-01' AND '2024-01-03'",
    expect: { sets: [[[3]]] },
  },
  {
    name: 'LIKE ignores trailing blanks of the value; NOT LIKE',
    sql: "SELECT COUNT(*) FROM property WHERE post_code LIKE 'E8 1A_' AND address1 NOT LIKE '%Block%'",
    expect: { sets: [[[1]]] },
  },
  {
    name: "LIKE sees char padding: a blank char(n) value matches ' %'",
    sql: "SELECT COUNT(*) FROM property WHERE u_llpg_ref LIKE ' %' AND prop_ref LIKE '0000000_'",
    expect: { sets: [[[4]]] },
  },
  {
    name: "LOWER(col) LIKE '%' + @p + '%'",
    sql: "SELECT prop_ref FROM property WHERE LOWER(post_code) LIKE '%' + @pc + '%'",
    params: [vc('pc', '16 7u')],
    expect: { sets: [[[pad('00000004', 12)]]] },
  },
  {
    name: 'IS NULL / IS NOT NULL',
    sql: 'SELECT COUNT(*), (SELECT COUNT(*) FROM tenagree WHERE eot IS NOT NULL) FROM tenagree WHERE eot IS NULL',
    expect: { sets: [[[1, 2]]] },
  },
  {
    name: 'ROW_NUMBER() OVER (ORDER BY ...) then WHERE rn = 1',
    sql: 'SELECT tag_ref, real_value FROM (SELECT tag_ref, real_value, ROW_NUMBER() OVER (ORDER BY post_date DESC) AS rn FROM rtrans) x WHERE rn = 1',
    expect: { sets: [[[pad('0000001/01', 11), '105.50']]] },
  },
  {
    name: 'ORDER BY a select-list alias',
    sql: 'SELECT RTRIM(tag_ref) AS ref FROM tenagree ORDER BY ref DESC',
    expect: { sets: [[['0000003/01'], ['0000002/01'], ['0000001/01']]] },
  },

  {
    name: 'UNION ALL with ORDER BY over the combined rows; UNION removes duplicates',
    sql: "SELECT prop_ref AS ref, 'P' AS kind FROM property WHERE level_code = '2' UNION ALL SELECT tag_ref, 'T' FROM tenagree WHERE tenure = 'INT' ORDER BY kind DESC, ref; SELECT tenure FROM tenagree UNION SELECT 'SEC'",
    expect: {
      sets: [
        [
          ['0000002/01  ', 'T'],
          ['00000001    ', 'P'],
        ],
        [['INT'], ['SEC']],
      ],
    },
  },
  {
    name: 'EXCEPT / INTERSECT',
    sql: 'SELECT prop_ref FROM property EXCEPT SELECT prop_ref FROM tenagree ORDER BY 1; SELECT prop_ref FROM property INTERSECT SELECT prop_ref FROM tenagree ORDER BY 1',
    expect: {
      sets: [
        [[pad('00000001', 12)], [pad('00000002', 12)]],
        [[pad('00000003', 12)], [pad('00000004', 12)]],
      ],
    },
  },
  {
    name: 'WITH common table expressions (with and without a column list)',
    sql: 'WITH tenancies AS (SELECT prop_ref, COUNT(*) AS n FROM tenagree GROUP BY prop_ref), props (ref, lvl) AS (SELECT prop_ref, level_code FROM property) SELECT p.ref, t.n FROM props p INNER JOIN tenancies t ON t.prop_ref = p.ref ORDER BY p.ref',
    expect: {
      sets: [
        [
          [pad('00000003', 12), 1],
          [pad('00000004', 12), 2],
        ],
      ],
    },
  },
  {
    name: '= is case-insensitive and ignores trailing spaces (default collation)',
    sql: "SELECT COUNT(*) FROM property WHERE post_code = 'n16 7ux  ' AND address1 <> 'FLAT 1 BLOCK A' AND level_code IN ('7 ')",
    expect: { sets: [[[1]]] },
  },
  {
    name: 'ORDER BY strings is case-insensitive',
    sql: "SELECT x FROM (SELECT 'b' AS x UNION ALL SELECT 'A' UNION ALL SELECT 'a2') t ORDER BY x",
    expect: { sets: [[['A'], ['a2'], ['b']]] },
  },
  // ---- expressions and functions
  {
    name: 'arithmetic on int',
    sql: 'SELECT 7 / 2, 7 % 3, -7 / 2, 2 + 3 * 4',
    expect: { sets: [[[3, 1, -3, 14]]] },
  },
  {
    name: 'exact decimal arithmetic',
    sql: "SELECT rent + 1, rent * 2, cur_bal - rent, rent - 0.01 FROM tenagree WHERE tag_ref = '0000001/01'",
    expect: { sets: [[['106.50', '211.00', '-93.25', '105.49']]] },
  },
  {
    name: 'string concatenation keeps char padding',
    sql: "SELECT RTRIM(LTRIM(forename)) + ' ' + RTRIM(LTRIM(surname)) AS name, level_code + '|' FROM member, property WHERE person_no = 1 AND prop_ref = '00000001'",
    expect: { sets: [[['Ann Smith', '2|']]] },
  },
  {
    name: 'char + varchar concatenation keeps the padding; CONVERT(varchar, char) too',
    sql: "SELECT prop_ref + '|', CONVERT(varchar(20), prop_ref) + '|', LTRIM(prop_ref) + '|' FROM property WHERE prop_ref = '00000001'",
    expect: { sets: [[['00000001    |', '00000001    |', '00000001    |']]] },
  },
  {
    name: 'CASE WHEN with CONVERT(bit, ...)',
    sql: "SELECT CASE WHEN (CONVERT(varchar(50), address1)) > '' THEN CONVERT(bit, 1) ELSE CONVERT(bit, 0) END AS has, CASE level_code WHEN '2' THEN 'estate' WHEN '3' THEN 'block' ELSE 'other' END AS kind FROM property WHERE prop_ref = '00000002'",
    expect: { sets: [[[true, 'block']]] },
  },
  {
    name: "~bit AS 'Maintainable'",
    sql: "SELECT ~no_maint AS 'Maintainable' FROM property WHERE prop_ref IN ('00000003', '00000004') ORDER BY prop_ref",
    expect: { sets: [[[false], [true]]], columns: ['Maintainable'] },
  },
  {
    name: 'ISNULL / COALESCE / NULLIF',
    sql: "SELECT ISNULL(num_bedrooms, 0), COALESCE(NULL, num_bedrooms, -1), NULLIF(level_code, '7'), COALESCE(TRIM(u_llpg_ref), '') FROM property WHERE prop_ref = '00000001'",
    expect: { sets: [[[0, -1, '2', '']]] },
  },
  {
    name: 'LEN ignores trailing spaces, DATALENGTH does not',
    sql: "SELECT LEN(prop_ref), DATALENGTH(prop_ref), LEN(''), LEN(NULL) FROM property WHERE prop_ref = '00000001'",
    expect: { sets: [[[8, 12, 0, null]]] },
  },
  {
    name: 'SUBSTRING / REPLACE / UPPER / LOWER',
    sql: "SELECT SUBSTRING('abcdef', 2, 3), REPLACE('0905836%2F01', '%2F', '/'), UPPER('ab'), LOWER('AB')",
    expect: { sets: [[['bcd', '0905836/01', 'AB', 'ab']]] },
  },
  {
    name: 'CONVERT / CAST',
    sql: "SELECT CONVERT(varchar(10), cot, 120), CAST(rent AS int), CONVERT(numeric(10,3), rent), CAST('42' AS int), CONVERT(varchar(20), rent), CONVERT(char(4), 'ab') FROM tenagree WHERE tag_ref = '0000001/01'",
    expect: { sets: [[['2010-04-01', 105, '105.500', 42, '105.50', 'ab  ']]] },
  },
  {
    name: 'CONVERT(varchar(50), text column)',
    sql: "SELECT CONVERT(varchar(5), rq_problem) FROM (SELECT CAST('leaking tap' AS text) AS rq_problem) x",
    expect: { sets: [[['leaki']]] },
  },
  {
    name: 'RTRIM(char) is varchar',
    sql: "SELECT RTRIM(prop_ref) AS r FROM property WHERE prop_ref = '00000001'",
    expect: { sets: [[['00000001']]], types: [{ name: 'varchar', length: 12 }] },
  },
  {
    name: 'GETDATE() is a datetime',
    sql: "SELECT CASE WHEN GETDATE() > CONVERT(datetime, '2020-01-01') THEN 1 ELSE 0 END",
    expect: { sets: [[[1]]] },
  },
  {
    name: 'ABS',
    sql: "SELECT ABS(-3), ABS(cur_bal) FROM tenagree WHERE tag_ref = '0000002/01'",
    expect: { sets: [[[3, '3.10']]] },
  },

  {
    name: 'alias = expr, alias.*, uhtlive..name and the old (NOLOCK) hint',
    sql: 'SELECT n = COUNT(*) FROM uhtlive..lulevel (NOLOCK); SELECT l.* FROM lookup l WHERE 1 = 0',
    expect: { sets: [[[0]], []], columns: ['n'] },
  },
  {
    name: 'CROSS JOIN and comma joins',
    sql: 'SELECT COUNT(*) FROM property a CROSS JOIN property b, lulevel c',
    expect: { sets: [[[0]]] },
  },
  {
    name: '!=, !<, !>, bitwise & | ^',
    sql: 'SELECT CASE WHEN 1 != 2 AND 2 !< 2 AND 1 !> 1 THEN 1 ELSE 0 END, 6 & 3, 6 | 3, 6 ^ 3',
    expect: { sets: [[[1, 2, 7, 5]]] },
  },
  {
    name: 'COLLATE ..._CI_.. is accepted',
    sql: "SELECT COUNT(*) FROM property WHERE post_code COLLATE SQL_Latin1_General_CP1_CI_AS = 'n16 7ux'",
    expect: { sets: [[[1]]] },
  },
  // COLLATE decides how strings compare (learn.microsoft.com/en-us/sql/t-sql/statements/collations):
  // _BIN/_BIN2 by code point, _CS_ case-sensitively, _CI_ not; trailing spaces are ignored under every
  // collation (learn.microsoft.com/en-us/sql/t-sql/language-elements/string-comparison-and-the-equals-operator).
  {
    name: 'COLLATE _BIN / _BIN2 / _CS_: = and <> match case exactly, trailing spaces still ignored',
    sql: `SELECT CASE WHEN 'abc' COLLATE Latin1_General_BIN = 'ABC' THEN 1 ELSE 0 END,
  CASE WHEN 'abc' COLLATE Latin1_General_BIN = 'abc   ' THEN 1 ELSE 0 END,
  CASE WHEN 'abc' COLLATE Latin1_General_BIN2 <> 'ABC' THEN 1 ELSE 0 END,
  CASE WHEN 'abc' COLLATE SQL_Latin1_General_CP1_CS_AS = 'ABC' THEN 1 ELSE 0 END,
  CASE WHEN 'abc' COLLATE Latin1_General_100_CI_AS_SC_UTF8 = 'ABC' THEN 1 ELSE 0 END,
  CASE WHEN 'abc' COLLATE DATABASE_DEFAULT = 'ABC' THEN 1 ELSE 0 END,
  CASE WHEN 'abc' = 'ABC' THEN 1 ELSE 0 END`,
    expect: { sets: [[[0, 1, 1, 0, 1, 1, 1]]] },
  },
  {
    name: 'COLLATE on a char column, or on the other operand (Explicit beats Implicit): case-sensitive',
    sql: `SELECT COUNT(*) FROM property WHERE post_code COLLATE Latin1_General_BIN = 'n16 7ux';
SELECT COUNT(*) FROM property WHERE post_code COLLATE Latin1_General_CS_AS = 'N16 7UX';
SELECT COUNT(*) FROM property WHERE 'n16 7ux' COLLATE Latin1_General_BIN = post_code;
SELECT COUNT(*) FROM property WHERE post_code = @pc COLLATE Latin1_General_BIN`,
    params: [vc('pc', 'e8 1aa')],
    expect: { sets: [[[0]], [[1]], [[0]], [[0]]] },
  },
  {
    name: 'COLLATE _BIN: IN, BETWEEN, simple CASE (the trimmed code), NULLIF compare exactly',
    sql: `SELECT CASE WHEN 'n' COLLATE Latin1_General_BIN IN ('N', 'U') THEN 1 ELSE 0 END,
  CASE WHEN 'n' IN ('N', 'U') THEN 1 ELSE 0 END,
  CASE WHEN 'b' COLLATE Latin1_General_BIN BETWEEN 'A' AND 'Z' THEN 1 ELSE 0 END,
  CASE LTRIM(RTRIM(' n ')) COLLATE Latin1_General_BIN WHEN 'N' THEN 'NORMAL' ELSE 'none' END,
  CASE LTRIM(RTRIM(' N ')) COLLATE Latin1_General_BIN WHEN 'N' THEN 'NORMAL' ELSE 'none' END,
  NULLIF('a' COLLATE Latin1_General_CS_AS, 'A'), NULLIF('a', 'A')`,
    expect: { sets: [[[0, 1, 0, 'none', 'NORMAL', 'a', null]]] },
  },
  {
    name: 'COLLATE _BIN on a NULLIF of a trimmed char column (the reconcile code lists): a lower-case code matches no WHEN',
    sql: `SELECT t.tag_ref, CASE NULLIF(LTRIM(RTRIM(LOWER(t.tenure))), '') COLLATE Latin1_General_BIN
    WHEN 'SEC' THEN 'secure' WHEN 'sec' THEN 'lower' ELSE 'other' END
  FROM tenagree t WHERE t.tag_ref = '0000001/01';
SELECT CASE WHEN CASE WHEN 'a' COLLATE Latin1_General_BIN = 'A' THEN 'x' ELSE 'y' END = 'Y' THEN 1 ELSE 0 END,
  CASE WHEN MIN(x COLLATE Latin1_General_BIN) = 'B' THEN 1 ELSE 0 END, CASE WHEN MIN(x) = 'a' THEN 1 ELSE 0 END
  FROM (SELECT 'a' AS x UNION ALL SELECT 'B') v`,
    expect: { sets: [[[pad('0000001/01', 11), 'lower']], [[1, 1, 1]]] },
  },
  {
    name: 'COLLATE ordering: _BIN by code point, _CS_AS case-insensitively first then lower case first',
    sql: `SELECT CASE WHEN 'B' COLLATE Latin1_General_BIN < 'a' THEN 1 ELSE 0 END,
  CASE WHEN 'a' COLLATE Latin1_General_CS_AS < 'B' THEN 1 ELSE 0 END,
  CASE WHEN 'a 2' COLLATE Latin1_General_CS_AS > 'A 1' THEN 1 ELSE 0 END,
  CASE WHEN 'a' COLLATE Latin1_General_CS_AS < 'A' THEN 1 ELSE 0 END,
  CASE WHEN 'A' COLLATE Latin1_General_CI_AS < 'a' THEN 1 ELSE 0 END;
SELECT x FROM (SELECT 'b' AS x UNION ALL SELECT 'B' UNION ALL SELECT 'a' UNION ALL SELECT 'A') v
  ORDER BY x COLLATE Latin1_General_BIN;
SELECT x FROM (SELECT 'b' AS x UNION ALL SELECT 'B' UNION ALL SELECT 'a' UNION ALL SELECT 'A') v
  ORDER BY x COLLATE Latin1_General_CS_AS DESC`,
    expect: { sets: [[[1, 1, 1, 1, 0]], [['A'], ['B'], ['a'], ['b']], [['B'], ['b'], ['A'], ['a']]] },
  },
  {
    name: 'COLLATE carries through string functions, CAST and concatenation; LIKE follows it',
    sql: `SELECT CASE WHEN UPPER(LTRIM('x' COLLATE Latin1_General_BIN)) + 'y' = 'XY' THEN 1 ELSE 0 END,
  CASE WHEN CAST('ab' COLLATE Latin1_General_BIN AS varchar(5)) = 'AB' THEN 1 ELSE 0 END,
  CASE WHEN 'Abc' COLLATE Latin1_General_CS_AS LIKE 'a%' THEN 1 ELSE 0 END,
  CASE WHEN 'Abc  ' COLLATE Latin1_General_BIN LIKE 'A_c' THEN 1 ELSE 0 END,
  CASE WHEN 'a*c' COLLATE Latin1_General_BIN LIKE 'a*%' THEN 1 ELSE 0 END,
  CASE WHEN 'abc' COLLATE Latin1_General_BIN LIKE 'a*%' THEN 1 ELSE 0 END,
  CASE WHEN 'Abc' LIKE 'a%' THEN 1 ELSE 0 END`,
    expect: { sets: [[[0, 0, 0, 1, 1, 0, 1]]] },
  },
  {
    name: 'REPLACE and CHARINDEX match case-insensitively by default, exactly under _BIN / _CS_',
    sql: `SELECT REPLACE('aXbxc', 'x', '-'), REPLACE('aXbxc' COLLATE Latin1_General_BIN, 'x', '-'),
  REPLACE('aXbxc', 'x' COLLATE Latin1_General_CS_AS, '-'), REPLACE('a  b', ' ', '_'),
  CHARINDEX('B', 'abc'), CHARINDEX('B', 'abc' COLLATE Latin1_General_BIN), CHARINDEX('b', 'aBcb' COLLATE Latin1_General_BIN)`,
    expect: { sets: [[['a-b-c', 'aXb-c', 'aXb-c', 'a__b', 2, 0, 4]]] },
  },
  {
    name: 'COLLATE with a name that is no collation is error 448',
    sql: "SELECT 1 WHERE 'a' COLLATE Latin1_General_XYZ = 'a'",
    expect: { error: 448, message: "Invalid collation 'Latin1_General_XYZ'." },
  },
  {
    name: 'COLLATE on a number is error 447',
    sql: 'SELECT 1 WHERE 1 COLLATE Latin1_General_BIN = 1',
    expect: { error: 447, message: 'Expression type int is invalid for COLLATE clause.' },
  },
  {
    name: 'two different explicit collations in one comparison are error 468',
    sql: "SELECT 1 WHERE 'a' COLLATE Latin1_General_BIN = 'a' COLLATE Latin1_General_CI_AS",
    expect: {
      error: 468,
      message:
        'Cannot resolve the collation conflict between "Latin1_General_CI_AS" and "Latin1_General_BIN" in the equal to operation.',
    },
  },
  {
    name: 'LEFT / RIGHT / CHARINDEX / SPACE / REPLICATE / CONCAT',
    sql: "SELECT LEFT('abcdef', 2), RIGHT('abcdef', 2), CHARINDEX('/', '0905836/01'), '[' + SPACE(2) + ']', REPLICATE('ab', 3), CONCAT('a', NULL, 1)",
    expect: { sets: [[['ab', 'ef', 8, '[  ]', 'ababab', 'a1']]] },
  },
  // HASHBYTES hashes the bytes of the value's own type: a varchar in code page 1252, an nvarchar in
  // UTF-16LE (learn.microsoft.com/en-us/sql/t-sql/functions/hashbytes-transact-sql). Known outputs: MD5('abc')
  // (RFC 1321's test suite), SHA-256('abc') (FIPS 180-2), and the SHA1 of nvarchar 'This is a test.' from the
  // HASHBYTES documentation's table example (0x0E7AAB0B4FF0FD2DFB4F0233E2EE7A26CD08F173).
  {
    name: 'HASHBYTES: varchar hashes its code page bytes, nvarchar its UTF-16LE bytes',
    sql: "SELECT HASHBYTES('MD5', 'abc'), HASHBYTES('MD5', N'abc'), HASHBYTES('SHA1', CONVERT(nvarchar(50), 'This is a test.')), HASHBYTES('SHA2_256', 'abc')",
    expect: {
      sets: [
        [
          [
            Buffer.from('900150983cd24fb0d6963f7d28e17f72', 'hex'),
            Buffer.from('ce1473cf80c6b3fda8e3dfc006adc315', 'hex'),
            Buffer.from('0e7aab0b4ff0fd2dfb4f0233e2ee7a26cd08f173', 'hex'),
            Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex'),
          ],
        ],
      ],
      types: [
        { name: 'varbinary', length: 8000 },
        { name: 'varbinary', length: 8000 },
        { name: 'varbinary', length: 8000 },
        { name: 'varbinary', length: 8000 },
      ],
    },
  },
  {
    name: 'HASHBYTES: a char(n) value with its padding, parameters by their type, binary input, NULL',
    sql: "SELECT HASHBYTES('MD5', prop_ref), HASHBYTES('md5', @v), HASHBYTES('MD5', @n), HASHBYTES('SHA1', 0x616263), HASHBYTES('MD5', NULL) FROM property WHERE prop_ref = '00000001'",
    params: [vc('v', 'abc'), nvc('n', 'abc')],
    expect: {
      sets: [
        [
          [
            // MD5('00000001    '): char(12) keeps its four spaces.
            Buffer.from('1c4784d84c5c9086ebe2144eeac77755', 'hex'),
            Buffer.from('900150983cd24fb0d6963f7d28e17f72', 'hex'),
            Buffer.from('ce1473cf80c6b3fda8e3dfc006adc315', 'hex'),
            Buffer.from('a9993e364706816aba3e25717850c26c9cd0d89d', 'hex'),
            null,
          ],
        ],
      ],
    },
  },
  {
    name: 'HASHBYTES of text outside ASCII hashes code page 1252 (CHAR(128) is the euro sign, byte 0x80)',
    sql: "SELECT HASHBYTES('MD5', CHAR(128)), HASHBYTES('MD5', 'caf' + CHAR(233))",
    expect: {
      sets: [
        [
          [
            Buffer.from('8d39dd7eef115ea6975446ef4082951f', 'hex'),
            Buffer.from('961f50f6282239d09e48f812c1ca7276', 'hex'),
          ],
        ],
      ],
    },
  },
  {
    name: 'HASHBYTES: the first 6 bytes as a bigint (binary truncates on the right, then reads big-endian)',
    sql: "SELECT CONVERT(bigint, CONVERT(varbinary(6), HASHBYTES('MD5', 'abc')))",
    expect: { sets: [[[158335321521362n]]] },
  },
  {
    name: 'CONVERT to varchar of numbers and dates, as reconciliation hashes them (sign, leading zero, scale; styles 23/120/121)',
    sql: "SELECT CONVERT(varchar(40), CONVERT(decimal(19, 2), cur_bal)), CONVERT(varchar(40), CONVERT(numeric(9, 2), 0.05)), CONVERT(varchar(20), -12), CONVERT(varchar(3), CONVERT(numeric(2, 0), 7)), CONVERT(varchar(10), cot, 120), CONVERT(varchar(19), cot, 120), CONVERT(varchar(23), CONVERT(datetime, '2024-03-01 10:15:30.997'), 121), CONVERT(varchar(10), CONVERT(datetime, '2024-03-01 10:15'), 23) FROM tenagree WHERE tag_ref = '0000002/01'",
    expect: {
      sets: [
        [
          [
            '-3.10',
            '0.05',
            '-12',
            '7',
            '2015-06-15',
            '2015-06-15 10:30:00',
            '2024-03-01 10:15:30.997',
            '2024-03-01',
          ],
        ],
      ],
    },
  },
  {
    name: 'CONVERT(bigint, binary): 6 bytes or fewer read big-endian; 8 bytes too; as SQL Server reads them',
    sql: "SELECT CONVERT(bigint, CONVERT(varbinary(6), HASHBYTES('MD5', prop_ref))), CONVERT(bigint, 0x0102), CONVERT(bigint, CONVERT(varbinary(8), tstamp)) - CONVERT(bigint, tstamp) FROM property WHERE prop_ref = '00000001'",
    expect: { sets: [[[31093497023580n, 258n, 0n]]] },
  },
  {
    name: 'HASHBYTES refuses an int input (error 8116)',
    sql: "SELECT HASHBYTES('MD5', num_bedrooms) FROM property",
    expect: {
      error: 8116,
      message: 'Argument data type int is invalid for argument 2 of hashbytes function.',
    },
  },
  {
    name: 'CHAR: code page 1252 characters, NULL outside 0-255',
    sql: "SELECT CHAR(65), CHAR(128), CHAR(256), CHAR(-1), CHAR(NULL), 'a' + CHAR(31) + 'b'",
    expect: { sets: [[['A', '\u20ac', null, null, null, 'a\u001fb']]] },
  },
  {
    name: 'YEAR / MONTH / DAY',
    sql: "SELECT YEAR(cot), MONTH(cot), DAY(cot) FROM tenagree WHERE tag_ref = '0000002/01'",
    expect: { sets: [[[2015, 6, 15]]] },
  },
  {
    name: 'COUNT_BIG is bigint; AVG of numeric has scale 6',
    sql: 'SELECT COUNT_BIG(*), AVG(rent) FROM tenagree',
    expect: {
      sets: [[[3n, '95.163333']]],
      types: [{ name: 'bigint' }, { name: 'numeric', precision: 38, scale: 6 }],
    },
  },
  {
    name: 'DECLARE / SET @v += / SELECT @v = ...',
    sql: "DECLARE @n int = 1, @ref char(12); SET @n += 2; SELECT @ref = prop_ref FROM property WHERE prop_ref = '00000003'; SELECT @n AS n, @ref + '|' AS ref",
    expect: { sets: [[[3, '00000003    |']]] },
  },
  {
    name: '@@ROWCOUNT after an UPDATE',
    sql: "UPDATE tenagree SET tenure = 'SEC' WHERE tenure = 'SEC'; SELECT @@ROWCOUNT",
    expect: { sets: [[[2]]] },
  },
  // The legacy subgraph's writes are one batch each (stores/uh/writeInOneBatch.ts): SET XACT_ABORT ON, the
  // transaction begun and committed inside the batch, each write guarded by what the batch found (no IF), an
  // INSERT ... SELECT that runs only when the guarded UPDATE wrote, and one SELECT of the outcome.
  ...(['00000004', '00000003'] as const).map((prop): TsqlCase => ({
    name: `a guarded write in one batch, in its own transaction (${prop === '00000004' ? 'written' : 'refused'})`,
    sql: `SET XACT_ABORT ON;
DECLARE @written int;
BEGIN TRANSACTION;
UPDATE property SET post_desig = 'X' WHERE prop_ref = @p
  AND EXISTS (SELECT 1 FROM property q WITH (UPDLOCK, ROWLOCK) WHERE q.prop_ref = @p AND ISNULL(q.no_maint, 0) = 0);
SET @written = @@ROWCOUNT;
INSERT INTO rmreqst (rq_ref, prop_ref, house_ref, rq_status)
SELECT RIGHT('0000000' + CONVERT(varchar(10), p.num_bedrooms + 40), 8), @p, LTRIM(RTRIM(ISNULL(p.house_ref, ''))), '000'
FROM property p WHERE p.prop_ref = @p AND @written > 0;
SELECT @written AS written, r.rq_ref, @@TRANCOUNT AS depth FROM property p LEFT JOIN rmreqst r ON r.prop_ref = p.prop_ref WHERE p.prop_ref = @p;
COMMIT TRANSACTION;
SELECT @@TRANCOUNT AS depth`,
    params: [{ name: 'p', type: { name: 'char', length: 12 }, value: prop }],
    // the cases run inside a transaction of their own: the batch's BEGIN nests in it (depth 2, then 1)
    expect: { sets: prop === '00000004' ? [[[1, '00000043', 2]], [[1]]] : [[[0, null, 2]], [[1]]] },
  })),
  {
    name: 'SELECT @v = (scalar subquery with TOP and ORDER BY), NULL when it finds no row',
    sql: "DECLARE @k char(11), @none int; SELECT @k = (SELECT TOP (1) t.tag_ref FROM tenagree t ORDER BY CASE WHEN t.terminated = 1 THEN 1 ELSE 0 END, t.cot DESC, t.tag_ref); SET @none = (SELECT TOP (1) t.tenagree_sid FROM tenagree t WHERE t.tag_ref = 'nope'); SELECT @k AS k, @none AS none",
    expect: { sets: [[['0000002/01 ', null]]] },
  },
  {
    name: 'DATEADD / DATEDIFF / DATEPART / IIF',
    sql: "SELECT DATEADD(day, 1, '2024-02-28'), DATEADD(month, 1, CONVERT(datetime, '2024-01-31')), DATEDIFF(day, '2024-01-01', '2024-03-01'), DATEDIFF(month, '2024-01-31', '2024-02-01'), DATEPART(weekday, '2024-01-07'), DATEDIFF(year, cot, '2024-01-01'), IIF(rent > 100, 'high', 'low') FROM tenagree WHERE tag_ref = '0000001/01'",
    expect: { sets: [[['2024-02-29 00:00:00.000', '2024-02-29 00:00:00.000', 60, 1, 1, 14, 'high']]] },
  },
  // ---- types and storage
  {
    name: "'' stored in a date column is 1900-01-01",
    sql: "SELECT eot, potentialenddate FROM tenagree WHERE tag_ref = '0000001/01'",
    expect: { sets: [[['1900-01-01 00:00:00.000', '1900-01-01 00:00:00.000']]] },
  },
  {
    name: "'' stored in datetime (member.dob)",
    sql: 'SELECT dob FROM member WHERE person_no = 2',
    expect: { sets: [[['1900-01-01 00:00:00.000']]], types: [{ name: 'datetime' }] },
  },
  {
    name: 'smalldatetime rounds to the minute',
    sql: "SELECT cot FROM tenagree WHERE tag_ref = '0000002/01'",
    expect: { sets: [[['2015-06-15 10:30:00.000']]] },
  },
  {
    name: 'numeric comes back as an exact string with its scale',
    sql: "SELECT rent, cur_bal FROM tenagree WHERE tag_ref = '0000002/01'",
    expect: {
      sets: [[['99.99', '-3.10']]],
      types: [
        { name: 'numeric', precision: 9, scale: 2 },
        { name: 'numeric', precision: 9, scale: 2 },
      ],
    },
  },
  {
    name: 'bit comes back as boolean',
    sql: "SELECT terminated, present FROM tenagree WHERE tag_ref = '0000003/01'",
    expect: { sets: [[[true, true]]] },
  },
  {
    name: 'datetime param compares with smalldatetime column',
    sql: 'SELECT COUNT(*) FROM tenagree WHERE cot >= @since',
    params: [{ name: 'since', type: { name: 'datetime' }, value: '2010-04-01 00:00:00.000' }],
    expect: { sets: [[[2]]] },
  },
  {
    name: 'decimal param compares exactly',
    sql: 'SELECT tag_ref FROM tenagree WHERE rent = @rent',
    params: [{ name: 'rent', type: { name: 'decimal', precision: 9, scale: 2 }, value: '99.99' }],
    expect: { sets: [[[pad('0000002/01', 11)]]] },
  },
  {
    name: 'rowversion: tstamp > binary param, CONVERT(bigint, tstamp)',
    sql: 'SELECT COUNT(*), SUM(CASE WHEN CONVERT(bigint, tstamp) > 0 THEN 1 ELSE 0 END) FROM property WHERE tstamp > @since',
    params: [{ name: 'since', type: { name: 'varbinary', length: 8 }, value: Buffer.alloc(8) }],
    expect: { sets: [[[4, 4]]] },
  },
  {
    name: 'MIN_ACTIVE_ROWVERSION() is at or below the rows of our own open transaction',
    sql: 'SELECT COUNT(*) FROM property WHERE tstamp >= MIN_ACTIVE_ROWVERSION()',
    expect: { sets: [[[4]]] },
  },
  {
    name: '@@DBTS is the last rowversion used',
    sql: 'SELECT CASE WHEN MAX(tstamp) = @@DBTS THEN 1 ELSE 0 END FROM member',
    expect: { sets: [[[1]]] },
  },

  // ---- writes
  {
    name: 'INSERT with OUTPUT inserted.*',
    sql: "INSERT INTO lookup (lu_type, lu_ref, lu_desc) OUTPUT inserted.lu_type, inserted.lu_desc VALUES ('PRI', 'N', 'Normal'), ('PRI', 'U', 'Urgent')",
    expect: {
      sets: [
        [
          ['PRI', 'Normal'],
          ['PRI', 'Urgent'],
        ],
      ],
    },
  },
  {
    name: 'INSERT returns the row count',
    sql: "INSERT INTO lookup (lu_type, lu_ref, lu_desc) VALUES ('PST', 'D', 'Dwelling')",
    expect: { rowCount: 1 },
  },
  {
    name: 'INSERT ... SELECT',
    sql: "INSERT INTO lookup (lu_type, lu_ref, lu_desc) SELECT 'TEN', tenure, 'tenure ' + tenure FROM tenagree WHERE tag_ref <> '0000003/01'",
    expect: { rowCount: 2 },
  },
  {
    name: 'UPDATE SET x = x + 1 then read it back',
    sql: "INSERT INTO sysserial (ser_type, ser_value) VALUES ('rq_ref', 41); UPDATE sysserial SET ser_value = ser_value + 1 WHERE ser_type = @t; SELECT ser_value FROM sysserial WHERE ser_type = @t",
    params: [vc('t', 'rq_ref')],
    expect: { sets: [[[42]]] },
  },
  {
    name: 'UPDATE OUTPUT inserted.tstamp is the new rowversion',
    sql: "UPDATE property SET post_desig = '99' OUTPUT inserted.post_desig, CASE WHEN inserted.tstamp = @@DBTS THEN 1 ELSE 0 END AS latest WHERE prop_ref = '00000003'",
    expect: { sets: [[[pad('99', 60), 1]]] },
  },
  {
    name: 'UPDATE alias SET ... FROM target INNER JOIN other ON ... WHERE ...',
    sql: "UPDATE t SET t.tenure = 'NON' FROM dbo.tenagree t INNER JOIN dbo.property p ON p.prop_ref = t.prop_ref WHERE p.post_code = @pc; SELECT RTRIM(tag_ref), tenure FROM tenagree ORDER BY tag_ref",
    params: [vc('pc', 'n16 7ux')],
    expect: {
      sets: [
        [
          ['0000001/01', 'SEC'],
          ['0000002/01', 'NON'],
          ['0000003/01', 'NON'],
        ],
      ],
    },
  },
  {
    name: 'UPDATE table SET ... FROM other WHERE other.key = table.key (row count)',
    sql: "UPDATE tenagree SET rent = rent + 1 FROM property p WHERE p.prop_ref = tenagree.prop_ref AND p.level_code = '7'",
    expect: { rowCount: 3 },
  },
  {
    name: "UPDATE writing '' to a datetime stores 1900-01-01",
    sql: "INSERT INTO rmreqst (rq_ref, rq_status, rq_cancel_date) VALUES ('R1', '100', '2024-02-02'); UPDATE rmreqst SET rq_status = '000', rq_cancel = '', rq_cancel_date = '' WHERE rq_ref = 'R1'; SELECT rq_status, rq_cancel, rq_cancel_date FROM rmreqst WHERE rq_ref = 'R1'",
    expect: { sets: [[['000', '   ', '1900-01-01 00:00:00.000']]] },
  },
  {
    name: 'DELETE with OUTPUT deleted.col',
    sql: "DELETE FROM member OUTPUT deleted.forename WHERE house_ref = 'H1' AND person_no = 2",
    expect: { sets: [[[pad('Bob', 24)]]] },
  },
  {
    name: 'DELETE returns the row count',
    sql: "DELETE FROM rtrans WHERE tag_ref = '0000001/01'",
    expect: { rowCount: 3 },
  },
  {
    name: 'defaults: space(1) pads, getdate() fills, NOT NULL DEFAULT',
    sql: "INSERT INTO lulevel (lu_ref) VALUES ('7'); SELECT lu_desc, lu_dwelling, comp_avail FROM lulevel WHERE lu_ref = '7'",
    expect: { sets: [[[pad('', 20), false, pad('', 200)]]] },
  },

  {
    name: 'INSERT ... DEFAULT VALUES; UPDATE TOP (1); DELETE TOP (1)',
    sql: "INSERT INTO lulevel DEFAULT VALUES; UPDATE TOP (1) tenagree SET rent += 1 WHERE tenure = 'SEC'; DELETE TOP (1) FROM rtrans WHERE trans_type = 'DR1'; SELECT COUNT(*) FROM lulevel WHERE lu_ref = ' '",
    expect: { sets: [[[1]]] },
  },
  {
    name: 'OUTPUT inserted.* and deleted.*',
    sql: "INSERT INTO rectype (rec_code, rec_desc) OUTPUT inserted.* VALUES ('RPY', 'Payment'); DELETE FROM rectype OUTPUT deleted.rec_code, deleted.rec_desc WHERE rec_code = 'RPY'",
    expect: {
      sets: [
        [['RPY', pad('Payment', 20), pad('', 200), pad('', 200), expect.any(Buffer)]],
        [['RPY', pad('Payment', 20)]],
      ],
    },
  },
  // ---- write errors
  {
    name: 'duplicate key in a unique index (2601)',
    sql: "INSERT INTO property (prop_ref) VALUES ('00000003')",
    expect: {
      error: 2601,
      message:
        "Cannot insert duplicate key row in object 'dbo.property' with unique index 'property01'. The duplicate key value is (00000003    ).",
    },
  },
  {
    name: 'duplicate key within one multi-row INSERT (2601)',
    sql: "INSERT INTO lookup (lu_type, lu_ref) VALUES ('X', '1'), ('X', '1 ')",
    expect: {
      error: 2601,
      message:
        "Cannot insert duplicate key row in object 'dbo.lookup' with unique index 'lookup01'. The duplicate key value is (X  , 1  ).",
    },
  },
  {
    name: 'duplicate key by UPDATE (2601)',
    sql: "UPDATE property SET prop_ref = '00000001' WHERE prop_ref = '00000002'",
    expect: {
      error: 2601,
      message:
        "Cannot insert duplicate key row in object 'dbo.property' with unique index 'property01'. The duplicate key value is (00000001    ).",
    },
  },
  {
    name: 'unique keys compare case-insensitively too (2601)',
    sql: "INSERT INTO lookup (lu_type, lu_ref) VALUES ('abc', 'x'), ('ABC', 'X')",
    expect: {
      error: 2601,
      message:
        "Cannot insert duplicate key row in object 'dbo.lookup' with unique index 'lookup01'. The duplicate key value is (ABC, X  ).",
    },
  },
  {
    name: 'string too long for char(n) (8152)',
    sql: "INSERT INTO lulevel (lu_ref) VALUES ('ab')",
    expect: { error: 8152, message: 'String or binary data would be truncated.' },
  },
  {
    name: 'trailing spaces beyond char(n) are dropped silently',
    sql: "INSERT INTO lulevel (lu_ref) VALUES ('z   '); SELECT lu_ref FROM lulevel WHERE lu_ref = 'z'",
    expect: { sets: [[['z']]] },
  },
  {
    name: 'NULL into a NOT NULL column (515)',
    sql: 'INSERT INTO contacts (con_key) VALUES (NULL)',
    expect: {
      error: 515,
      message:
        "Cannot insert the value NULL into column 'con_key', table 'uhtlive.dbo.contacts'; column does not allow nulls. INSERT fails.",
    },
  },
  {
    name: 'varchar that is not a number into int (245)',
    sql: "SELECT COUNT(*) FROM property WHERE num_bedrooms = 'abc'",
    expect: {
      error: 245,
      message: "Conversion failed when converting the varchar value 'abc' to data type int.",
    },
  },
  {
    name: 'nvarchar param that is not a number into numeric (8114)',
    sql: "UPDATE tenagree SET rent = @rent WHERE tag_ref = '0000001/01'",
    params: [nvc('rent', 'abc')],
    expect: { error: 8114, message: 'Error converting data type nvarchar to numeric.' },
  },
  {
    name: 'explicit value into a timestamp column (273)',
    sql: "INSERT INTO lulevel (lu_ref, tstamp) VALUES ('q', 0x01)",
    expect: { error: 273 },
  },
];
