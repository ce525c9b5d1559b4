import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import type { UhParam } from '../../stores/uh/UhQuery';
import { MAX_PARAMS_PER_REQUEST } from '../../stores/uh/UhQuery';
import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import { canonicalRef } from '../../stores/uh/canonicalRefs';
import { cleanText } from '../../stores/uh/normalise';
import type { BackfillEntityName } from '../backfill/BackfillEntity';
import { crashPoint } from '../worker/crashPoint';
import { applyEntityChanges } from './applyEntityChanges';
import { applyTypeDescriptions } from './applyCodeDescriptions';
import type { CodeDescription, EntityChanges } from './collectChanges';
import { readEntityPhases } from './entityPhases';
import { FORWARD_TARGETS } from './forwardTargets';
import type { PendingWriteMatcher } from './PendingWriteMatcher';
import { rereadHouseholds, rereadPropertiesByPostcode } from './rereadDependents';
import type { Rowversion } from './rowversion';

/**
 * Rows an entity is built from but not keyed by (a household's chosen contacts row, a property's postcode
 * row, a transaction type's debtype / rectype row) leave no rowversion behind when UH deletes them either:
 * the delete sweep finds the cloud rows built from a row UH no longer holds and derives them again from
 * UH's current state, as forward capture derives them when such a row changes (collectChanges):
 * - contactDetails: households whose uh_con_key UH no longer holds are read again whole and applied
 *   (applyEntityChanges, as dependent keys): the next contacts row, or the household's email;
 * - property: properties whose post_code has no postcode row in UH are read again and applied (their
 *   address lines composed without it); a post_code UH never held changes nothing, so writes nothing;
 * - rentTransaction: each code's description as UH now gives it, COALESCE(d.deb_desc, rc.rec_desc) as
 *   readTransactions joins them, written where the cloud's differs (applyTypeDescriptions).
 * Each in one transaction with what it records (conflicts, rejects); found again from the stores' state,
 * so a crash before the commit loses nothing and a second sweep finds nothing. A row read again that may
 * be uncommitted in UH (fwd_unsettled) is left for the next sweep.
 * Crash points: forward.sweep.afterRederive (written, not committed), forward.sweep.afterRederiveCommit.
 * Returns how many cloud rows changed.
 */
export async function sweepDependents(
  uh: UhStore,
  pg: PgStore,
  entity: BackfillEntityName,
  matcher: PendingWriteMatcher,
): Promise<number> {
  switch (entity) {
    case 'contactDetails': {
      const houseRefs = await householdsOfDeletedContacts(uh, pg);
      if (houseRefs.length === 0) return 0;
      const hi = await minActiveRowversion(uh);
      return applyDependents(
        pg,
        entity,
        householdChanges(await rereadHouseholds(uh, houseRefs, hi), houseRefs),
        matcher,
      );
    }
    case 'property': {
      const postcodes = await postcodesWithoutRow(uh);
      if (postcodes.length === 0) return 0;
      const hi = await minActiveRowversion(uh);
      return applyDependents(
        pg,
        entity,
        propertyChanges(await rereadPropertiesByPostcode(uh, postcodes, hi)),
        matcher,
      );
    }
    case 'rentTransaction':
      return rederiveTypeDescriptions(uh, pg);
    default:
      return 0;
  }
}

async function minActiveRowversion(uh: UhStore): Promise<Rowversion> {
  const [row] = await uh.query<UhRow>({
    name: 'forward.sweep.hi',
    text: 'SELECT MIN_ACTIVE_ROWVERSION() AS hi',
    params: [],
  });
  const hi = row?.hi;
  if (!Buffer.isBuffer(hi)) throw new TypeError('UH gave no MIN_ACTIVE_ROWVERSION()');
  return hi;
}

/** Households whose chosen contacts row (uh_con_key) UH no longer holds, by an exact look per chunk. */
async function householdsOfDeletedContacts(uh: UhStore, pg: PgStore): Promise<string[]> {
  const { rows } = await pg.query<{ house_ref: string; uh_con_key: number }>(
    'SELECT house_ref, uh_con_key FROM housing.contact_details WHERE uh_con_key IS NOT NULL',
  );
  const chosenBy = new Map<number, string[]>();
  for (const row of rows)
    chosenBy.set(row.uh_con_key, [...(chosenBy.get(row.uh_con_key) ?? []), row.house_ref]);
  const keys = [...chosenBy.keys()];
  const houseRefs: string[] = [];
  for (let i = 0; i < keys.length; i += MAX_PARAMS_PER_REQUEST) {
    const chunk = keys.slice(i, i + MAX_PARAMS_PER_REQUEST);
    const params: UhParam[] = chunk.map((value, k) => ({ type: 'int', name: `k${k}`, value }));
    const held = await uh.query<UhRow>({
      name: 'forward.sweep.contacts.verify',
      text: `SELECT c.con_key FROM dbo.contacts c WHERE c.con_key IN (${params.map((p) => `@${p.name}`).join(', ')})`,
      params,
    });
    const present = new Set(held.map((row) => Number(row.con_key)));
    for (const key of chunk) if (!present.has(key)) houseRefs.push(...(chosenBy.get(key) ?? []));
  }
  return houseRefs;
}

/** Every household row read (one per contacts row reached: the mapper picks the first), as collectChanges. */
function householdChanges(rows: readonly UhRow[], houseRefs: readonly string[]): EntityChanges {
  const wanted = new Set(houseRefs);
  const byHousehold = new Map<string, UhRow[]>();
  for (const row of rows) {
    const key = canonicalRef(typeof row.house_ref === 'string' ? row.house_ref : null);
    if (key === null || !wanted.has(key)) continue;
    byHousehold.set(key, [...(byHousehold.get(key) ?? []), row]);
  }
  const changes: EntityChanges = { rows: new Map(), dependent: new Set() };
  for (const [key, group] of byHousehold) {
    if (group.some((row) => Number(row.fwd_unsettled) === 1)) continue;
    group.forEach((row, i) => changes.rows.set(i === 0 ? key : `${key}\u0000${i}`, row));
    changes.dependent.add(key);
  }
  return changes;
}

/** The post_codes of UH properties that have no postcode row (UH's join ignores case and trailing spaces). */
async function postcodesWithoutRow(uh: UhStore): Promise<string[]> {
  const rows = await uh.query<UhRow>({
    name: 'forward.sweep.postcode.orphans',
    text: `SELECT DISTINCT p.post_code FROM dbo.property p
WHERE p.post_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dbo.postcode pc WHERE pc.post_code = p.post_code)`,
    params: [],
  });
  return rows.flatMap((row) => (typeof row.post_code === 'string' ? [row.post_code] : []));
}

function propertyChanges(rows: readonly UhRow[]): EntityChanges {
  const target = FORWARD_TARGETS.property;
  const changes: EntityChanges = { rows: new Map(), dependent: new Set() };
  for (const row of rows) {
    const key = target.keyOfRow(row);
    if (key === null || Number(row.fwd_unsettled) === 1) continue;
    changes.rows.set(key, row);
    changes.dependent.add(key);
  }
  return changes;
}

/**
 * Applies the rows read again as forward capture applies a dependent change (echoes, older versions,
 * pending cloud writes and conflicts decided there). A key whose conflict with the cloud's waiting write
 * is recorded already (the cloud masters it and keeps its row until the write reaches UH) is left out,
 * so the conflict is recorded once. Counts the rows the upsert changed: it sets synced_at, only on a real
 * change, to now(), the transaction's start.
 */
async function applyDependents(
  pg: PgStore,
  entity: BackfillEntityName,
  changes: EntityChanges,
  matcher: PendingWriteMatcher,
): Promise<number> {
  if (changes.rows.size === 0) return 0;
  const target = FORWARD_TARGETS[entity];
  const column = target.key[0]?.column ?? '';
  const changed = await pg.withTransaction(async (client) => {
    const settled = await conflictsRecorded(client, entity, [...changes.dependent]);
    const rows = new Map([...changes.rows].filter(([key]) => !settled.has(key.split('\u0000')[0] ?? '')));
    if (rows.size === 0) return 0;
    const report = await applyEntityChanges(
      { client, matcher, phases: () => readEntityPhases(client) },
      entity,
      { rows, dependent: changes.dependent },
    );
    if (report.applied.length === 0) return 0;
    const { rows: written } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${target.cloudTable} WHERE ${column} = ANY($1::text[]) AND synced_at = now()`,
      [[...changes.dependent]],
    );
    crashPoint('forward.sweep.afterRederive');
    return Number(written[0]?.n ?? 0);
  });
  crashPoint('forward.sweep.afterRederiveCommit');
  return changed;
}

/** Keys whose oldest waiting cloud write has an unresolved forward conflict already. */
async function conflictsRecorded(
  client: PgClient,
  entity: BackfillEntityName,
  keys: readonly string[],
): Promise<Set<string>> {
  if (!FORWARD_TARGETS[entity].cloudWritable) return new Set();
  const { rows } = await client.query<{ key: string }>(
    `SELECT o.entity_key AS key FROM (
  SELECT entity_key, min(id) AS oldest FROM sync.outbox
  WHERE entity = $1 AND entity_key = ANY($2::text[]) AND status = 'PENDING' GROUP BY entity_key
) o
WHERE EXISTS (SELECT 1 FROM sync.conflict c WHERE c.entity = $1 AND c.entity_key = o.entity_key
              AND c.outbox_id = o.oldest AND c.detected_by = 'forward' AND NOT c.resolved)`,
    [entity, keys],
  );
  return new Set(rows.map((row) => row.key));
}

/**
 * Each code's description as UH gives it now (debtype's, else rectype's, else none), written into the
 * transactions of codes whose cloud description differs. Both code lists are small: read whole.
 */
async function rederiveTypeDescriptions(uh: UhStore, pg: PgStore): Promise<number> {
  const { rows: cloud } = await pg.query<{ type_code: string; type_description: string | null }>(
    'SELECT DISTINCT type_code, type_description FROM finance.rent_transaction',
  );
  if (cloud.length === 0) return 0;
  const [debits = [], receipts = []] = await uh.queryBatch({
    name: 'forward.sweep.typeCodes',
    text: `SELECT d.deb_code AS code, COALESCE(d.deb_desc, rc.rec_desc) AS type_desc
FROM dbo.debtype d LEFT JOIN dbo.rectype rc ON rc.rec_code = d.deb_code;
SELECT rc.rec_code AS code, rc.rec_desc AS type_desc FROM dbo.rectype rc`,
    params: [],
  });
  const described = new Map<string, string | null>();
  for (const row of [...debits, ...receipts]) {
    const code = typeof row.code === 'string' ? codeKey(row.code) : null;
    if (code === null || described.has(code)) continue;
    described.set(code, cleanText(typeof row.type_desc === 'string' ? row.type_desc : null));
  }
  const differing = new Map<string, CodeDescription>();
  for (const row of cloud) {
    const description = described.get(codeKey(row.type_code)) ?? null;
    if (description !== row.type_description)
      differing.set(row.type_code, { code: row.type_code, description });
  }
  if (differing.size === 0) return 0;
  const changed = await pg.withTransaction(async (client) => {
    const n = await applyTypeDescriptions(client, [...differing.values()]);
    crashPoint('forward.sweep.afterRederive');
    return n;
  });
  crashPoint('forward.sweep.afterRederiveCommit');
  return changed;
}

/** UH joins codes ignoring case and trailing spaces; the cloud keeps them trimmed. */
function codeKey(code: string): string {
  return code.trim().toUpperCase();
}
