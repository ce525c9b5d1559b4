/**
 * The cloud's columns as text in exactly the form the T-SQL side (uhNormalisationSql.ts) writes UH's
 * normalised values: the cloud stores values as the graph serves them, so this is only formatting.
 */

export function cloudText(expr: string): string {
  return expr;
}

export function cloudDate(expr: string): string {
  return `to_char(${expr}, 'YYYY-MM-DD')`;
}

/** A timestamptz as UTC 'YYYY-MM-DD hh:mi:ss.mmm' (what CONVERT(varchar(23), datetime, 121) writes). */
export function cloudDateTime(expr: string): string {
  return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')`;
}

/** Two decimal places whatever the column's scale, as cleanMoney gives them. */
export function cloudMoney(expr: string): string {
  return `round(${expr}, 2)::text`;
}

export function cloudFlag(expr: string): string {
  return `CASE WHEN ${expr} THEN '1' ELSE '0' END`;
}

export function cloudInt(expr: string): string {
  return `${expr}::text`;
}

/**
 * The bytes SQL Server hashes for a varchar are its code page 1252 encoding; PostgreSQL's md5(text) hashes
 * UTF-8. They agree for ASCII; other text is converted to WIN1252 first, and text that has no WIN1252 form
 * (what UH cannot hold: 'Łukasz') is hashed as UTF-8, so it differs from whatever UH holds, as it should.
 */
const CP1252_ONLY =
  '^[\\x01-\\x7f\\u00a0-\\u00ff\\u20ac\\u201a\\u0192\\u201e\\u2026\\u2020\\u2021\\u02c6\\u2030\\u0160\\u2039\\u0152\\u017d\\u2018\\u2019\\u201c\\u201d\\u2022\\u2013\\u2014\\u02dc\\u2122\\u0161\\u203a\\u0153\\u017e\\u0178\\u0081\\u008d\\u008f\\u0090\\u009d]*$';

export function cloudMd5AsSqlServer(expr: string): string {
  // octet_length = char_length: every character is one UTF-8 byte, so ASCII (far cheaper than a regex).
  return `CASE WHEN octet_length(${expr}) = char_length(${expr}) THEN md5(${expr}) WHEN ${expr} ~ '${CP1252_ONLY}' THEN md5(convert_to(${expr}, 'WIN1252')) ELSE md5(${expr}) END`;
}
