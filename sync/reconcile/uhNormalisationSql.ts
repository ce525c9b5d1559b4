/**
 * UH's normalisation (stores/uh/normalise.ts, canonicalRefs.ts, composeAddress.ts, codeLists.ts) written
 * in T-SQL, so SQL Server can hash rows as the legacy mappers would serve them without sending them across
 * the VPN. Every builder returns a varchar expression that is NULL where the mapper gives null, and the
 * mapper's text otherwise; `reconcileNormalisation.test.ts` runs them on the seeded faults and compares
 * with the mappers row by row. Where T-SQL cannot say what JavaScript does (trim() also strips tabs and
 * no-break spaces; \s+ also collapses tabs), the SQL keeps the value as it is: the row then hashes
 * differently, is fetched, and the mappers themselves decide. A difference is never hidden that way.
 */

/** Dates UH uses for "none" (normalise.ts PLACEHOLDER_DATES), as CONVERT(varchar(10), d, 120) writes them. */
const PLACEHOLDER_DATES = ["'1900-01-01'", "'1899-12-30'", "'1899-12-31'", "'1753-01-01'"].join(', ');

/**
 * A marker character that never occurs in UH text, for collapsing runs of spaces: ' ' -> ' ' + marker, then
 * marker + ' ' -> '' removes every space after the first of a run, then the markers go. REPLACE runs
 * under a binary collation: under the server's default (CI_AS) collation control characters may compare
 * as ignorable, and REPLACE would match them where they are not.
 */
const MARK = 'CHAR(1)';

/** cleanText: trimmed (spaces), blank -> NULL. `text` columns are converted first (LTRIM refuses text). */
export function uhText(expr: string, legacyText = false): string {
  const value = legacyText ? `CONVERT(varchar(max), ${expr})` : expr;
  return `NULLIF(LTRIM(RTRIM(${value})), '')`;
}

/** Inner runs of spaces made one (the \s+ -> ' ' of the mappers, for spaces). */
export function uhCollapseSpaces(expr: string): string {
  return `REPLACE(REPLACE(REPLACE(${expr} COLLATE Latin1_General_BIN, ' ', ' ' + ${MARK}), ${MARK} + ' ', ''), ${MARK}, '')`;
}

/** The text with every digit removed: empty exactly when the text is all digits (DATALENGTH counts trailing spaces, LEN would not). */
function withoutDigits(expr: string): string {
  let sql = expr;
  for (let digit = 0; digit <= 9; digit++) sql = `REPLACE(${sql}, '${digit}', '')`;
  return sql;
}

/** canonicalPropertyRef: cleanText, then 1 to 8 digits zero-padded to 8; anything else as it is. */
export function uhPropertyRef(expr: string): string {
  const t = uhText(expr);
  return `CASE WHEN DATALENGTH(${t}) <= 8 AND DATALENGTH(${withoutDigits(t)}) = 0 THEN RIGHT('00000000' + ${t}, 8) ELSE ${t} END`;
}

/** cleanUprn: 11 or 12 digits not starting with 0, else NULL. */
export function uhUprn(expr: string): string {
  const t = uhText(expr);
  return `CASE WHEN DATALENGTH(${t}) IN (11, 12) AND LEFT(${t}, 1) <> '0' AND DATALENGTH(${withoutDigits(t)}) = 0 THEN ${t} END`;
}

/** cleanPostcode: cleanText, upper case, inner runs of spaces made one. */
export function uhPostcode(expr: string): string {
  return `UPPER(${uhCollapseSpaces(uhText(expr))})`;
}

/** cleanDate: the stored day as YYYY-MM-DD, NULL for NULL and the placeholder dates. */
export function uhDate(expr: string): string {
  const day = `CONVERT(varchar(10), ${expr}, 120)`;
  return `CASE WHEN ${day} IN (${PLACEHOLDER_DATES}) THEN NULL ELSE ${day} END`;
}

/** cleanDateTime, as 'YYYY-MM-DD hh:mi:ss.mmm' (style 121 always writes the milliseconds; 126 drops .000). */
export function uhDateTime(expr: string): string {
  return `CASE WHEN CONVERT(varchar(10), ${expr}, 120) IN (${PLACEHOLDER_DATES}) THEN NULL ELSE CONVERT(varchar(23), ${expr}, 121) END`;
}

/** cleanMoney: an exact decimal string with 2 places ('95.40', '-0.50'). */
export function uhMoney(expr: string): string {
  return `CONVERT(varchar(40), CONVERT(decimal(19, 2), ${expr}))`;
}

/** cleanFlag: NULL reads as false. '1' / '0'. */
export function uhFlag(expr: string): string {
  return `CASE WHEN ${expr} = 1 THEN '1' ELSE '0' END`;
}

/** A whole number as text. */
export function uhInt(expr: string): string {
  return `CONVERT(varchar(20), ${expr})`;
}

/** A code list mapped as the mappers map it (a CASE over the trimmed code; anything else `otherwise`). */
export function uhCodeList(
  expr: string,
  mapping: Readonly<Record<string, string>>,
  otherwise: string | null,
): string {
  // UH compares case-insensitively; the mappers look codes up exactly ('n' is no priority), so must this.
  const code = `${uhText(expr)} COLLATE Latin1_General_BIN`;
  const whens = Object.entries(mapping)
    .map(([from, to]) => `WHEN '${from.replace(/'/g, "''")}' THEN '${to.replace(/'/g, "''")}'`)
    .join(' ');
  return `CASE ${code} ${whens} ELSE ${otherwise === null ? 'NULL' : `'${otherwise}'`} END`;
}

/**
 * The k-th (1-based) non-NULL of the candidates, NULL when there are fewer: composeAddress fills address
 * lines from its candidates in order, skipping blanks. Candidates must be cheap to repeat (columns of a
 * derived table).
 */
export function uhNthNonNull(k: number, candidates: readonly string[]): string {
  if (candidates.length < k || k < 1) return 'NULL';
  if (k === 1) return candidates.length === 1 ? candidates[0]! : `COALESCE(${candidates.join(', ')})`;
  const [first, ...rest] = candidates;
  return `CASE WHEN ${first} IS NOT NULL THEN ${uhNthNonNull(k - 1, rest)} ELSE ${uhNthNonNull(k, rest)} END`;
}
