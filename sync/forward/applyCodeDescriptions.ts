import type { PgClient } from '../../stores/cloud/PgStore';
import type { CodeDescription } from './collectChanges';

/**
 * A code list's description is copied into every cloud row using the code (the cloud model keeps it
 * denormalised, as the legacy subgraph serves it): a tenure's into its tenancies, a debit or receipt
 * code's into its rent transactions. Changing a description touches many rows that did not change in UH
 * themselves, so they are updated here by code instead of read again from UH (a receipt code may cover
 * half a million transactions). UH joins on the code ignoring case and trailing spaces; the cloud keeps
 * codes trimmed, so the match ignores case. Only rows whose description differs are written.
 */
export async function applyTenureDescriptions(
  client: PgClient,
  tenures: readonly CodeDescription[],
): Promise<number> {
  if (tenures.length === 0) return 0;
  const result = await client.query(
    `UPDATE housing.tenancy t SET tenure_description = d.description, synced_at = now()
FROM unnest($1::text[], $2::text[]) AS d(code, description)
WHERE upper(t.tenure_code) = upper(d.code) AND t.tenure_description IS DISTINCT FROM d.description`,
    [tenures.map((t) => t.code), tenures.map((t) => t.description)],
  );
  return result.rowCount ?? 0;
}

export async function applyTypeDescriptions(
  client: PgClient,
  types: readonly CodeDescription[],
): Promise<number> {
  if (types.length === 0) return 0;
  // The last change of a code in the batch is the latest (rowversion order); debtype's wins a tie with rectype's
  // by the COALESCE already applied when the description was read.
  const latest = new Map(types.map((t) => [t.code.toUpperCase(), t]));
  const result = await client.query(
    `UPDATE finance.rent_transaction r SET type_description = d.description, synced_at = now()
FROM unnest($1::text[], $2::text[]) AS d(code, description)
WHERE upper(r.type_code) = upper(d.code) AND r.type_description IS DISTINCT FROM d.description`,
    [[...latest.values()].map((t) => t.code), [...latest.values()].map((t) => t.description)],
  );
  return result.rowCount ?? 0;
}
