import type { PgClient } from '../../stores/cloud/PgStore';
import type { LlpgAddress, LlpgCrossReference } from './llpgExtractFormat';

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
}

/**
 * Upsert by key, one array parameter per column. A row already held exactly so is not rewritten
 * (the WHERE ... IS DISTINCT FROM), so loading the same extract twice writes nothing.
 */
export async function upsertLlpgAddresses(
  client: PgClient,
  rows: readonly LlpgAddress[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const columns = `uprn, parent_uprn, usrn, logical_status, blpu_class, property_shell, sao_text, pao_text,
    building_number, street, locality, town, postcode, start_date, end_date`;
  const { rows: written } = await client.query<{ inserted: boolean }>(
    `INSERT INTO llpg.address AS a (lpi_key, ${columns})
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::boolean[], $8::text[],
  $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::date[], $16::date[])
ON CONFLICT (lpi_key) DO UPDATE SET (${columns}) = (
  EXCLUDED.uprn, EXCLUDED.parent_uprn, EXCLUDED.usrn, EXCLUDED.logical_status, EXCLUDED.blpu_class,
  EXCLUDED.property_shell, EXCLUDED.sao_text, EXCLUDED.pao_text, EXCLUDED.building_number, EXCLUDED.street,
  EXCLUDED.locality, EXCLUDED.town, EXCLUDED.postcode, EXCLUDED.start_date, EXCLUDED.end_date)
WHERE (a.${columns.replace(/,\s+/g, ', a.')}) IS DISTINCT FROM (EXCLUDED.${columns.replace(/,\s+/g, ', EXCLUDED.')})
RETURNING (xmax = 0) AS inserted`,
    [
      rows.map((r) => r.lpiKey),
      rows.map((r) => r.uprn),
      rows.map((r) => r.parentUprn),
      rows.map((r) => r.usrn),
      rows.map((r) => r.logicalStatus),
      rows.map((r) => r.blpuClass),
      rows.map((r) => r.propertyShell),
      rows.map((r) => r.sao),
      rows.map((r) => r.pao),
      rows.map((r) => r.buildingNumber),
      rows.map((r) => r.street),
      rows.map((r) => r.locality),
      rows.map((r) => r.town),
      rows.map((r) => r.postcode),
      rows.map((r) => r.startDate),
      rows.map((r) => r.endDate),
    ],
  );
  const inserted = written.filter((r) => r.inserted).length;
  return { inserted, updated: written.length - inserted };
}

export async function upsertLlpgCrossReferences(
  client: PgClient,
  rows: readonly LlpgCrossReference[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const { rows: written } = await client.query<{ inserted: boolean }>(
    `INSERT INTO llpg.cross_reference AS x (xref_key, uprn, code, name, value, end_date)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])
ON CONFLICT (xref_key) DO UPDATE SET (uprn, code, name, value, end_date) =
  (EXCLUDED.uprn, EXCLUDED.code, EXCLUDED.name, EXCLUDED.value, EXCLUDED.end_date)
WHERE (x.uprn, x.code, x.name, x.value, x.end_date) IS DISTINCT FROM
  (EXCLUDED.uprn, EXCLUDED.code, EXCLUDED.name, EXCLUDED.value, EXCLUDED.end_date)
RETURNING (xmax = 0) AS inserted`,
    [
      rows.map((r) => r.xrefKey),
      rows.map((r) => r.uprn),
      rows.map((r) => r.code),
      rows.map((r) => r.name),
      rows.map((r) => r.value),
      rows.map((r) => r.endDate),
    ],
  );
  const inserted = written.filter((r) => r.inserted).length;
  return { inserted, updated: written.length - inserted };
}
