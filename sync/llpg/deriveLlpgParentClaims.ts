import type { PgClient } from '../../stores/cloud/PgStore';
import { UH_PARENT_XREF_CODE } from './llpgExtractFormat';
import type { LlpgClaimSummary } from './LlpgLoadSummary';

/**
 * Recompute the LLPG's claims about property parents from llpg.* and housing.property, inside the
 * caller's transaction (all LLPG_* claims deleted and re-inserted, so a re-run gives the same rows):
 *
 * - LLPG_PARENT_UPRN: a current (not Historical) LPI of UPRN U with parent UPRN P: each property whose
 *   uprn is U claims the property whose uprn is P. Where UH gives P to several properties (domain issue 7:
 *   a flat carrying its block's UPRN) the non-dwellings among them are the parent (the shell is the block,
 *   not the flat that wrongly holds its UPRN); only when all are dwellings (a converted house) is each one
 *   claimed.
 * - LLPG_XREF: a cross-reference with code UHPARENT on UPRN U, not ended (end date empty or after today),
 *   whose value is a prop_ref: each property whose uprn is U claims that prop_ref as parent, whether the
 *   cloud holds it or not (claims may name properties it does not hold).
 *
 * Never preferred: UH's major_ref stays the preferred claim. A property never claims itself.
 */
export async function deriveLlpgParentClaims(client: PgClient): Promise<LlpgClaimSummary> {
  await client.query(
    `DELETE FROM housing.property_parent_claim WHERE source IN ('LLPG_PARENT_UPRN', 'LLPG_XREF')`,
  );
  const parentUprn = await client.query(
    `INSERT INTO housing.property_parent_claim (child_reference, parent_reference, source, is_preferred)
SELECT DISTINCT child.reference, parent.reference, 'LLPG_PARENT_UPRN', false
FROM llpg.address a
JOIN housing.property child ON child.uprn = a.uprn
JOIN (SELECT reference, uprn, rank() OVER (PARTITION BY uprn ORDER BY level = 'DWELLING') AS fit
      FROM housing.property WHERE uprn IS NOT NULL) parent ON parent.uprn = a.parent_uprn AND parent.fit = 1
WHERE a.logical_status <> 'HISTORICAL' AND child.reference <> parent.reference`,
  );
  const crossReference = await client.query(
    `INSERT INTO housing.property_parent_claim (child_reference, parent_reference, source, is_preferred)
SELECT DISTINCT child.reference, x.value, 'LLPG_XREF', false
FROM llpg.cross_reference x
JOIN housing.property child ON child.uprn = x.uprn
WHERE x.code = $1 AND (x.end_date IS NULL OR x.end_date > current_date) AND child.reference <> x.value`,
    [UH_PARENT_XREF_CODE],
  );
  return { parentUprn: parentUprn.rowCount ?? 0, crossReference: crossReference.rowCount ?? 0 };
}
