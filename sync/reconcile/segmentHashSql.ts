import type { AnyReconcileEntity } from './ReconcileEntity';
import { cloudMd5AsSqlServer } from './cloudNormalisationSql';

/**
 * Row hashes and their sums, the same number on both sides for equal rows (data-diff's checksum, as it
 * hashes on SQL Server and PostgreSQL): a row's text is its key, then each field as 'v' + value or 'n'
 * for NULL, separated by CHAR(31); its hash is the first 6 bytes of MD5(text) read as a 48-bit unsigned
 * integer, less 2^47 so that sums of many rows stay far inside bigint (SQL Server's SUM(bigint) overflows
 * with error 8115; PostgreSQL's returns numeric). A range's checksum is (count, sum).
 */
const OFFSET = '140737488355328';

/**
 * T-SQL: HASHBYTES hashes the varchar's code page 1252 bytes; CONVERT(varbinary(6), ...) keeps the first 6
 * bytes (binary to binary truncates on the right) and CONVERT(bigint, ...) reads them big-endian, padded
 * with zeros on the left (learn.microsoft.com, "binary and varbinary", "CAST and CONVERT"). The text starts
 * as varchar(max) so SQL Server never truncates it at 8,000 bytes.
 */
export function uhRowText(entity: AnyReconcileEntity, alias = 'x'): string {
  return [
    `CONVERT(varchar(max), ${alias}.rk)`,
    ...entity.fields.map((_, i) => `ISNULL('v' + ${alias}.f${i}, 'n')`),
  ].join(' + CHAR(31) + ');
}

/**
 * The offset is written as a bigint: a bare literal that large is numeric(15, 0), which would make the row
 * hash and its SUM numeric(38, 0), and the driver hands numeric to JavaScript as a float (sums near 2^56
 * lose their last digits: ranges that agree would look different).
 */
export function uhRowHash(entity: AnyReconcileEntity, alias = 'x'): string {
  return `CONVERT(bigint, CONVERT(varbinary(6), HASHBYTES('MD5', ${uhRowText(entity, alias)}))) - CONVERT(bigint, ${OFFSET})`;
}

export function uhSegmentHashSql(entity: AnyReconcileEntity, where: string): string {
  return `SELECT COUNT_BIG(*) AS n, SUM(${uhRowHash(entity)}) AS h FROM (${entity.uhRows(where)}) x`;
}

/** Each row of a range with its hash (a small range whose checksums differ): key columns, rk, h. */
export function uhRowHashesSql(entity: AnyReconcileEntity, where: string): string {
  const keys = entity.backfill.keyColumns.map((c) => `x.${c.alias}`).join(', ');
  return `SELECT ${keys}, x.rk, ${uhRowHash(entity)} AS h FROM (${entity.uhRows(where)}) x`;
}

/** The cloud's rows of a range: key columns (k0..), key text and fields, the texts the UH side hashes. */
export function cloudRowsSql(entity: AnyReconcileEntity, where: string): string {
  return `SELECT ${entity.cloudKey.map((c, i) => `${c.expr} AS k${i}`).join(', ')}, ${entity.cloudRowKey} AS rk,
  ${entity.fields.map((f, i) => `${f.cloud} AS f${i}`).join(', ')}
FROM ${entity.cloudFrom} WHERE ${where}`;
}

/**
 * PostgreSQL: md5 of the same bytes; its first 12 hex digits as a 48-bit integer. The row's text is built
 * once per row (a LATERAL column), since the hash expression reads it up to three times.
 */
const CLOUD_ROW_HASH = `('x' || substr(${cloudMd5AsSqlServer('y.r')}, 1, 12))::bit(48)::bigint - ${OFFSET}`;

function cloudRowsWithText(entity: AnyReconcileEntity, where: string): string {
  const text = ['x.rk', ...entity.fields.map((_, i) => `coalesce('v' || x.f${i}, 'n')`)].join(
    ' || chr(31) || ',
  );
  return `(${cloudRowsSql(entity, where)}) x CROSS JOIN LATERAL (SELECT ${text} AS r) y`;
}

export function cloudSegmentHashSql(entity: AnyReconcileEntity, where: string): string {
  return `SELECT count(*) AS n, coalesce(sum(${CLOUD_ROW_HASH}), 0) AS h FROM ${cloudRowsWithText(entity, where)}`;
}

export function cloudRowHashesSql(entity: AnyReconcileEntity, where: string): string {
  const keys = entity.cloudKey.map((_, i) => `x.k${i}`).join(', ');
  return `SELECT ${keys}, x.rk, ${CLOUD_ROW_HASH} AS h FROM ${cloudRowsWithText(entity, where)}`;
}
