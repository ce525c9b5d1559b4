import { UH_PARENT_XREF_CODE, type AddressColumn, type RawCrossReferenceRow } from './llpgExtractFormat';
import type { LlpgQuirkRecord } from './LlpgManifest';

/**
 * Row builders for the synthetic extract: the UHPARENT cross-reference, yyyymmdd dates, and the invalid
 * rows planted for the loader's reject path (each recorded with the reason the loader must give).
 */
export function plantInvalidLlpgRows(
  addresses: Record<AddressColumn, string>[],
  crossReferences: RawCrossReferenceRow[],
  lpiKey: () => string,
  xrefKey: () => string,
  record: (r: LlpgQuirkRecord) => void,
): void {
  const template = addresses[0];
  if (template === undefined) throw new Error('generateLlpgExtract: no address to copy');
  const bad = (changes: Partial<Record<AddressColumn, string>>, reason: string, note: string) => {
    const row = { ...template, lpi_key: lpiKey(), ...changes };
    addresses.push(row);
    // Line = header + position (no field of the synthetic extract spans lines).
    record({
      file: 'addresses',
      key: row.lpi_key === '' ? `line ${addresses.length + 1}` : row.lpi_key,
      reason,
      note,
    });
  };
  bad({ uprn: '10009O000123' }, 'invalid uprn', 'a letter O in the UPRN');
  bad({ lpi_logical_status: 'Approved' }, 'unknown logical status', "status 'Approved'");
  bad({ lpi_start_date: '20230231' }, 'invalid date', '31 February');
  bad({ lpi_key: '' }, 'missing lpi_key', 'no key');
  const xref = (changes: Partial<RawCrossReferenceRow>, reason: string, note: string) => {
    const row = { ...uhParentXref(xrefKey(), template.uprn, '00010005', '0'), ...changes };
    crossReferences.push(row);
    record({ file: 'crossReferences', key: row.xref_key, reason, note });
  };
  xref({ uprn: 'N/A' }, 'invalid uprn', "uprn 'N/A'");
  xref({ xref_value: 'BLK-12' }, 'invalid UH property reference', "UHPARENT value 'BLK-12'");
}

export function uhParentXref(
  key: string,
  uprn: string,
  propRef: string,
  endDate: string,
): RawCrossReferenceRow {
  return {
    xref_key: key,
    uprn,
    xref_code: UH_PARENT_XREF_CODE,
    xref_name: 'Universal Housing parent property',
    xref_value: propRef,
    xref_end_date: endDate,
  };
}

export function yyyymmdd(year: number, month: number, day: number): string {
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}
