import type { PgStore } from './PgStore';
import { MEMBER_COLUMNS, toPersonRecord, type MemberRow } from './cloudRows';
import type { PersonRecord } from '../model/records';

/** Reads for what only the cloud can give: the LLPG, every parent claim, duplicates, rejects. */
export interface LlpgAddressRecord {
  readonly uprn: string;
  readonly parentUprn: string | null;
  readonly usrn: number | null;
  readonly logicalStatus: 'APPROVED_PREFERRED' | 'ALTERNATIVE' | 'PROVISIONAL' | 'HISTORICAL';
  readonly sao: string | null;
  readonly pao: string | null;
  readonly buildingNumber: string | null;
  readonly street: string | null;
  readonly locality: string | null;
  readonly town: string | null;
  readonly postcode: string | null;
  readonly lines: readonly string[];
}

/** The current address of each UPRN: its approved preferred LPI (else the latest other current one). */
export async function llpgAddressByUprn(
  store: PgStore,
  uprns: readonly string[],
): Promise<Map<string, LlpgAddressRecord>> {
  const { rows } = await store.query<{
    uprn: string;
    parent_uprn: string | null;
    usrn: number | null;
    logical_status: LlpgAddressRecord['logicalStatus'];
    sao_text: string | null;
    pao_text: string | null;
    building_number: string | null;
    street: string | null;
    locality: string | null;
    town: string | null;
    postcode: string | null;
  }>(
    `SELECT DISTINCT ON (uprn) uprn, parent_uprn, usrn, logical_status, sao_text, pao_text, building_number, street, locality, town, postcode
     FROM llpg.address WHERE uprn = ANY($1::text[]) AND logical_status <> 'HISTORICAL'
     ORDER BY uprn, (logical_status = 'APPROVED_PREFERRED') DESC, start_date DESC NULLS LAST, lpi_key`,
    [uprns],
  );
  return new Map(
    rows.map((row) => {
      const numberAndStreet = [row.building_number, row.street].filter(Boolean).join(' ') || null;
      const lines = [row.sao_text, row.pao_text, numberAndStreet, row.locality, row.town].filter(
        (line): line is string => Boolean(line),
      );
      return [
        row.uprn,
        {
          uprn: row.uprn,
          parentUprn: row.parent_uprn,
          usrn: row.usrn,
          logicalStatus: row.logical_status,
          sao: row.sao_text,
          pao: row.pao_text,
          buildingNumber: row.building_number,
          street: row.street,
          locality: row.locality,
          town: row.town,
          postcode: row.postcode,
          lines,
        },
      ];
    }),
  );
}

export interface ParentClaimRecord {
  readonly parentReference: string;
  readonly source: 'UH_MAJOR_REF' | 'UH_U_ESTATE' | 'UH_U_BLOCK' | 'LLPG_PARENT_UPRN' | 'LLPG_XREF';
  readonly isPreferred: boolean;
}

export async function parentClaimsByChild(
  store: PgStore,
  children: readonly string[],
): Promise<Map<string, ParentClaimRecord[]>> {
  const { rows } = await store.query<{
    child_reference: string;
    parent_reference: string;
    source: ParentClaimRecord['source'];
    is_preferred: boolean;
  }>(
    `SELECT child_reference, parent_reference, source, is_preferred FROM housing.property_parent_claim
     WHERE child_reference = ANY($1::text[]) ORDER BY child_reference, is_preferred DESC, source, parent_reference`,
    [children],
  );
  const result = new Map<string, ParentClaimRecord[]>();
  for (const row of rows) {
    result.set(row.child_reference, [
      ...(result.get(row.child_reference) ?? []),
      { parentReference: row.parent_reference, source: row.source, isPreferred: row.is_preferred },
    ]);
  }
  return result;
}

/** Other household-member records linked to the same human (moved house, entered twice). */
export async function duplicatesOfMember(
  store: PgStore,
  memberIds: readonly string[],
): Promise<Map<string, PersonRecord[]>> {
  const { rows } = await store.query<MemberRow & { of_id: string }>(
    `SELECT m1.id AS of_id, ${MEMBER_COLUMNS} FROM housing.household_member m1
     JOIN housing.household_member m ON m.person_id = m1.person_id AND m.id <> m1.id
     WHERE m1.id = ANY($1::text[]) ORDER BY m1.id, m.house_ref, m.person_no`,
    [memberIds],
  );
  const result = new Map<string, PersonRecord[]>();
  for (const row of rows) result.set(row.of_id, [...(result.get(row.of_id) ?? []), toPersonRecord(row)]);
  return result;
}

/** How many properties share each UPRN (a UPRN must identify one property). */
export async function uprnSharing(store: PgStore, uprns: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await store.query<{ uprn: string; n: number }>(
    `SELECT uprn, count(*)::int AS n FROM housing.property WHERE uprn = ANY($1::text[]) GROUP BY uprn`,
    [uprns],
  );
  return new Map(rows.map((row) => [row.uprn, row.n]));
}

/** Open sync rejects recorded against these source keys (rows the sync could not take, not yet fixed). */
export async function rejectsByKey(
  store: PgStore,
  keys: readonly string[],
): Promise<Map<string, { source: string; reason: string }[]>> {
  const { rows } = await store.query<{ source_key: string; source: string; reason: string }>(
    `SELECT source_key, source, reason FROM sync.reject
     WHERE source_key = ANY($1::text[]) AND resolved_at IS NULL ORDER BY source_key, id`,
    [keys],
  );
  const result = new Map<string, { source: string; reason: string }[]>();
  for (const row of rows)
    result.set(row.source_key, [
      ...(result.get(row.source_key) ?? []),
      { source: row.source, reason: row.reason },
    ]);
  return result;
}
