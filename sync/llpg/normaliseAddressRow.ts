import type { LlpgAddress, RawAddressRow } from './llpgExtractFormat';
import {
  flag,
  isProblem,
  logicalStatus,
  postcode,
  text,
  uprn,
  usrn,
  yyyymmdd,
  type Problem,
} from './llpgValues';

export type Normalised<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

/** One address row of the extract, validated and normalised; every problem found, not just the first. */
export function normaliseAddressRow(raw: RawAddressRow): Normalised<LlpgAddress> {
  const problems: Problem[] = [];
  const check = <T>(value: T | Problem): T => {
    if (isProblem(value)) {
      problems.push(value);
      return undefined as T;
    }
    return value;
  };
  const lpiKey = text(raw.lpi_key);
  if (lpiKey === null)
    problems.push({ reason: 'missing lpi_key', detail: 'expected an LPI key in lpi_key, got nothing' });
  const value: LlpgAddress = {
    lpiKey: lpiKey ?? '',
    uprn: check(uprn(raw.uprn, 'uprn', true)) as string,
    parentUprn: check(uprn(raw.parent_uprn, 'parent_uprn', false)),
    usrn: check(usrn(raw.usrn)),
    logicalStatus: check(logicalStatus(raw.lpi_logical_status)),
    blpuClass: text(raw.blpu_class),
    propertyShell: check(flag(raw.property_shell, 'property_shell')),
    sao: text(raw.sao_text),
    pao: text(raw.pao_text),
    buildingNumber: text(raw.building_number),
    street: text(raw.street_description),
    locality: text(raw.locality),
    town: text(raw.town),
    postcode: postcode(raw.postcode),
    startDate: check(yyyymmdd(raw.lpi_start_date, 'lpi_start_date')),
    endDate: check(yyyymmdd(raw.lpi_end_date, 'lpi_end_date')),
  };
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}
