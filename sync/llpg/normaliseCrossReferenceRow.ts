import { UH_PARENT_XREF_CODE, type LlpgCrossReference, type RawCrossReferenceRow } from './llpgExtractFormat';
import { isProblem, text, uprn, yyyymmdd, type Problem } from './llpgValues';
import type { Normalised } from './normaliseAddressRow';

/** One cross-reference row, validated and normalised (code upper case; a UHPARENT value padded to 8 digits). */
export function normaliseCrossReferenceRow(raw: RawCrossReferenceRow): Normalised<LlpgCrossReference> {
  const problems: Problem[] = [];
  const check = <T>(value: T | Problem): T => {
    if (isProblem(value)) {
      problems.push(value);
      return undefined as T;
    }
    return value;
  };
  const required = (column: keyof RawCrossReferenceRow, what: string): string => {
    const value = text(raw[column]);
    if (value === null)
      problems.push({ reason: `missing ${column}`, detail: `expected ${what} in ${column}, got nothing` });
    return value ?? '';
  };
  const xrefKey = required('xref_key', 'a cross-reference key');
  const code = required('xref_code', 'a code').toUpperCase();
  let value = required('xref_value', 'a value');
  if (code === UH_PARENT_XREF_CODE && value !== '') {
    if (/^\d{1,8}$/.test(value)) value = value.padStart(8, '0');
    else
      problems.push({
        reason: 'invalid UH property reference',
        detail: `expected a UH prop_ref (up to 8 digits) in xref_value for code ${UH_PARENT_XREF_CODE}, got ${JSON.stringify(raw.xref_value)}`,
      });
  }
  const row: LlpgCrossReference = {
    xrefKey,
    uprn: check(uprn(raw.uprn, 'uprn', true)) as string,
    code,
    name: text(raw.xref_name),
    value,
    endDate: check(yyyymmdd(raw.xref_end_date, 'xref_end_date')),
  };
  return problems.length === 0 ? { ok: true, value: row } : { ok: false, problems };
}
