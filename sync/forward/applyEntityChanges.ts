import type { PgClient } from '../../stores/cloud/PgStore';
import type { UhRow } from '../../stores/uh/UhStore';
import { cleanText } from '../../stores/uh/normalise';
import { firstContactRowByHousehold, type HouseholdContactRow } from '../../stores/uh/readPeople';
import type { BackfillEntityName } from '../backfill/BackfillEntity';
import { backfillEntities } from '../backfill/backfillEntities';
import { BACKFILL_JOB } from '../backfill/checkpoints';
import { sourceKey } from '../backfill/mapRows';
import { FORWARD_UPSERT } from '../backfill/upsertRows';
import { writeRejections } from '../backfill/writeRejections';
import { resolveJudgedRejects } from '../resolveRejects';
import type { EntityChanges } from './collectChanges';
import { FORWARD_JOB } from './forwardCheckpoints';
import type { EntityPhases } from './entityPhases';
import { FORWARD_TARGETS, entityKey, type ForwardTarget } from './forwardTargets';
import type { PendingWrite, PendingWriteMatcher } from './PendingWriteMatcher';
import { compareRowversions } from './rowversion';
import { recordConflicts, type NewConflict } from './recordConflicts';

export interface ApplyContext {
  readonly client: PgClient;
  /** Read once per cycle, when first needed (a conflict). */
  readonly phases: () => Promise<EntityPhases>;
  readonly matcher: PendingWriteMatcher;
}

/** What became of one entity's changed rows in a cycle. */
export interface EntityApplyReport {
  /** Records upserted (some may have been equal to the cloud's and rewrote nothing). */
  readonly applied: unknown[];
  /** UH versions the cloud already holds: written by the reverse direction, or applied before. */
  readonly echoes: number;
  /** UH versions older than the cloud's (the reverse direction wrote a newer one meanwhile). */
  readonly older: number;
  readonly conflicts: number;
  readonly rejected: number;
  /** Open rejects (forward's or the backfill's) of rows UH has fixed since: resolved. */
  readonly resolvedRejects: number;
}

interface KeyState {
  readonly stored: Buffer | null;
  /** The UH row the stored version belongs to (versionScope), as text. */
  readonly scope: string | null;
  readonly echoed: boolean;
  readonly pending: boolean;
}

/**
 * Apply one entity's changed UH rows in the cycle's transaction: mapped by the backfill's own mapper,
 * then, per key,
 * - a version the cloud already holds (its uh_tstamp, or the rowversion an applied outbox row got from UH)
 *   is an echo and is skipped, unless the key was read for a dependent change;
 * - a version older than the cloud's is skipped (never older over newer);
 * - a key with PENDING outbox rows (the cloud changed it too): when UH already holds the oldest pending
 *   write (the matcher), an echo of an apply whose marking was lost; else a conflict, recorded with both
 *   versions, won by the entity's master (its phase): CLOUD keeps the cloud row (the outbox will write UH);
 *   UH applies its version and sets the pending outbox rows to CONFLICT;
 * - text UH could not hold (sync.lossy_text): while UH still holds the substitute, the cloud's exact text
 *   is kept; once UH holds something else, UH's value is applied and the lossy record dropped.
 * Rows the mapper rejects go to sync.reject (job 'forward'). Every other row read is one the cloud model can
 * hold now: the open rejects of its UH key (forward's, and the backfill's) are resolved, whether its version
 * is then applied or skipped (an echo, older, a conflict the cloud wins: the cloud holds the row either
 * way); a row rejected again for another reason has its other rejects resolved.
 */
export async function applyEntityChanges(
  ctx: ApplyContext,
  entity: BackfillEntityName,
  changes: EntityChanges,
): Promise<EntityApplyReport> {
  const definition = backfillEntities[entity];
  const target = FORWARD_TARGETS[entity];
  const rows = [...changes.rows.values()];
  const mapped = definition.map(rows);
  await writeRejections(ctx.client, entity, mapped.rejections, FORWARD_JOB);
  const resolvedRejects = await resolveJudgedRejects(
    ctx.client,
    [FORWARD_JOB, BACKFILL_JOB],
    entity,
    rows.map((row) => sourceKey(definition.keyColumns, row)),
    mapped.rejections,
  );
  const report = {
    applied: [] as unknown[],
    echoes: 0,
    older: 0,
    conflicts: 0,
    rejected: mapped.rejections.length,
    resolvedRejects,
  };
  if (mapped.records.length === 0) return report;

  // Entities the cloud never writes have no echoes, pending writes or newer cloud versions to look for
  // (the upsert still never writes an older version over a newer one).
  const states = target.cloudWritable ? await readKeyStates(ctx.client, target, mapped.records) : undefined;
  const pendingKeys: string[] = [];
  let records: unknown[] = states === undefined ? mapped.records : [];
  if (states !== undefined) {
    mapped.records.forEach((record, i) => {
      const key = entityKey(target, record);
      const state = states[i] as KeyState;
      const tstamp = target.tstampOf(record);
      const own = !changes.dependent.has(key);
      const sameRow =
        target.versionScope === undefined || state.scope === stringOrNull(target.versionScope.of(record));
      if (tstamp !== null && state.stored !== null && sameRow) {
        const order = compareRowversions(tstamp, state.stored);
        if (order < 0) {
          report.older += 1;
          return;
        }
        if (order === 0 && own) {
          report.echoes += 1;
          return;
        }
      }
      if (state.echoed && own) {
        report.echoes += 1;
        return;
      }
      if (state.pending) pendingKeys.push(key);
      records.push(record);
    });
  }

  if (pendingKeys.length > 0) {
    const resolved = await resolvePending(ctx, target, records, pendingKeys, rowsByKey(target, rows));
    records = resolved.records;
    report.echoes += resolved.echoes;
    report.conflicts += resolved.conflicts;
  }
  records = await keepLossyText(ctx.client, target, records);
  if (records.length === 0) return report;
  await definition.prepare?.(ctx.client, records);
  await definition.upsert(ctx.client, records, FORWARD_UPSERT);
  report.applied = records;
  return report;
}

/**
 * Per record, in order: the cloud's stored version, and whether outbox rows make it an echo or pending.
 * The cloud rows are locked first (FOR UPDATE, in key order), and the outbox read by a later statement:
 * a cloud write to one of these rows either committed before (its PENDING outbox row is seen) or waits
 * for this transaction, so UH's version never silently replaces a cloud write made meanwhile.
 */
async function readKeyStates(
  client: PgClient,
  target: ForwardTarget,
  records: readonly unknown[],
): Promise<KeyState[]> {
  const keyColumn = target.key[0]?.column;
  if (target.key.length !== 1 || keyColumn === undefined) {
    throw new TypeError(`forward capture: ${target.entity} is cloud-writable and needs one key column`);
  }
  const keys = records.map((record) => entityKey(target, record));
  const scope = target.versionScope === undefined ? 'NULL' : `t.${target.versionScope.column}::text`;
  const { rows: locked } = await client.query<{ key: string; stored: Buffer | null; scope: string | null }>(
    `SELECT t.${keyColumn} AS key, t.uh_tstamp AS stored, ${scope} AS scope FROM ${target.cloudTable} t
WHERE t.${keyColumn} = ANY($1::text[]) ORDER BY t.${keyColumn} FOR UPDATE`,
    [keys],
  );
  const stored = new Map(locked.map((row) => [row.key, row]));
  const { rows: outbox } = await client.query<{ echoed: boolean; pending: boolean }>(
    `SELECT
  EXISTS (SELECT 1 FROM sync.outbox o WHERE o.entity = $1 AND o.entity_key = k.key AND o.uh_tstamp = k.ts) AS echoed,
  EXISTS (SELECT 1 FROM sync.outbox o WHERE o.status = 'PENDING' AND o.entity = $1 AND o.entity_key = k.key) AS pending
FROM unnest($2::text[], $3::bytea[]) WITH ORDINALITY AS k(key, ts, i)
ORDER BY k.i`,
    [target.entity, keys, records.map((record) => target.tstampOf(record))],
  );
  return keys.map((key, i) => ({
    stored: stored.get(key)?.stored ?? null,
    scope: stored.get(key)?.scope ?? null,
    echoed: outbox[i]?.echoed ?? false,
    pending: outbox[i]?.pending ?? false,
  }));
}

async function resolvePending(
  ctx: ApplyContext,
  target: ForwardTarget,
  records: unknown[],
  keys: readonly string[],
  uhRows: ReadonlyMap<string, UhRow>,
): Promise<{ records: unknown[]; echoes: number; conflicts: number }> {
  const { rows: pending } = await ctx.client.query<{
    id: string;
    entity_key: string;
    operation: PendingWrite['operation'];
    payload: unknown;
  }>(
    // ORDER BY o.id, the bigint: a bare `id` would name the text column of the select list, and '103'
    // sorts before '59' (the oldest pending write is the one the reverse direction applies first).
    `SELECT o.id::text AS id, o.entity_key, o.operation, o.payload FROM sync.outbox o
WHERE o.status = 'PENDING' AND o.entity = $1 AND o.entity_key = ANY($2::text[]) ORDER BY o.id`,
    [target.entity, keys],
  );
  const byKey = new Map<string, PendingWrite[]>();
  for (const row of pending) {
    const write: PendingWrite = {
      id: row.id,
      entity: target.entity,
      entityKey: row.entity_key,
      operation: row.operation,
      payload: row.payload,
    };
    byKey.set(row.entity_key, [...(byKey.get(row.entity_key) ?? []), write]);
  }
  const cloudRows = await readCloudRows(ctx.client, target, keys);
  const known = await readKnownVersions(ctx.client, target, records, keys);
  const phases = await ctx.phases();
  const master = phases.master(target.graphEntity);
  const phase = phases.phase(target.graphEntity);
  const conflicts: NewConflict[] = [];
  const kept: unknown[] = [];
  let echoes = 0;
  for (const record of records) {
    const key = entityKey(target, record);
    const writes = byKey.get(key);
    const oldest = writes?.[0];
    if (writes === undefined || oldest === undefined) {
      kept.push(record);
      continue;
    }
    // UH's own row is at a version the cloud already has (the one last synced, or one the reverse
    // direction wrote): nothing changed on UH's side, whatever made the key be read (a dependent change,
    // or a poll that raced the reverse direction's marking). The pending writes will reach UH; skip.
    if (known.has(key)) {
      echoes += 1;
      continue;
    }
    const uhRow = uhRows.get(key);
    // The reverse direction applies a key's outbox rows oldest first: only the oldest can be in UH unmarked.
    if (uhRow !== undefined && ctx.matcher(oldest, uhRow)) {
      echoes += 1;
      continue;
    }
    const ids = writes.map((w) => w.id);
    conflicts.push({
      entity: target.entity,
      entityKey: key,
      uhVersion: record,
      cloudVersion: cloudRows.get(key) ?? null,
      winner: master,
      outboxId: oldest.id,
      outboxIds: master === 'UH' ? ids : [],
      uhTstamp: target.tstampOf(record),
      resolution:
        master === 'CLOUD'
          ? `cloud wins (${target.graphEntity} is ${phase}): UH's version was not applied; outbox ${ids.join(', ')} will write the cloud's to UH`
          : `UH wins (${target.graphEntity} is ${phase}): UH's version was applied; outbox ${ids.join(', ')} set to CONFLICT`,
    });
    if (master === 'UH') kept.push(record);
  }
  await recordConflicts(ctx.client, conflicts);
  return { records: kept, echoes, conflicts: conflicts.length };
}

/**
 * Keys whose UH version (the record's rowversion) the cloud already knows: the cloud row's uh_tstamp, or
 * the rowversion an outbox row got when the reverse direction applied it. One statement, so it sees the
 * reverse direction's marking (outbox row and cloud row, one transaction) whole or not at all.
 */
async function readKnownVersions(
  client: PgClient,
  target: ForwardTarget,
  records: readonly unknown[],
  keys: readonly string[],
): Promise<Set<string>> {
  const wanted = new Set(keys);
  const pairs = records
    .map((record) => ({ key: entityKey(target, record), tstamp: target.tstampOf(record) }))
    .filter((pair): pair is { key: string; tstamp: Buffer } => pair.tstamp !== null && wanted.has(pair.key));
  if (pairs.length === 0) return new Set();
  const columns = target.key.map((_, i) => `c${i}`);
  const split = target.key.map((k, i) => `split_part(k.key, '|', ${i + 1})::${k.type} AS ${columns[i]}`);
  const join = target.key.map((k, i) => `t.${k.column} = k2.${columns[i]}`).join(' AND ');
  const stored = target.hasRowversion ? 't.uh_tstamp = k2.ts' : 'false';
  const { rows } = await client.query<{ key: string }>(
    `SELECT k2.key FROM (SELECT k.key, k.ts, ${split.join(', ')} FROM unnest($2::text[], $3::bytea[]) AS k(key, ts)) k2
LEFT JOIN ${target.cloudTable} t ON ${join}
WHERE ${stored}
   OR EXISTS (SELECT 1 FROM sync.outbox o WHERE o.entity = $1 AND o.entity_key = k2.key AND o.uh_tstamp = k2.ts)`,
    [target.entity, pairs.map((p) => p.key), pairs.map((p) => p.tstamp)],
  );
  return new Set(rows.map((row) => row.key));
}

async function readCloudRows(
  client: PgClient,
  target: ForwardTarget,
  keys: readonly string[],
): Promise<Map<string, unknown>> {
  const columns = target.key.map((_, i) => `c${i}`);
  const split = target.key.map((k, i) => `split_part(k.key, '|', ${i + 1})::${k.type} AS ${columns[i]}`);
  const join = target.key.map((k, i) => `t.${k.column} = k2.${columns[i]}`).join(' AND ');
  const { rows } = await client.query<{ key: string; row: unknown }>(
    `SELECT k2.key, to_jsonb(t) AS row
FROM (SELECT k.key, ${split.join(', ')} FROM unnest($1::text[]) AS k(key)) k2
JOIN ${target.cloudTable} t ON ${join}`,
    [keys],
  );
  return new Map(rows.map((row) => [row.key, row.row]));
}

/**
 * The cloud's exact text where UH still holds the substitute reverse sync wrote for it; where UH now holds
 * something else, a legacy application changed the field: UH's value stands and the record goes.
 */
async function keepLossyText(
  client: PgClient,
  target: ForwardTarget,
  records: unknown[],
): Promise<unknown[]> {
  if (Object.keys(target.lossyFields).length === 0 || records.length === 0) return records;
  const byKey = new Map(records.map((record) => [entityKey(target, record), record]));
  const { rows } = await client.query<{
    entity_key: string;
    field: string;
    cloud_value: string;
    uh_value: string;
  }>(
    'SELECT entity_key, field, cloud_value, uh_value FROM sync.lossy_text WHERE entity = $1 AND entity_key = ANY($2::text[])',
    [target.entity, [...byKey.keys()]],
  );
  const superseded: { key: string; field: string }[] = [];
  for (const row of rows) {
    const field = target.lossyFields[row.field];
    const record = byKey.get(row.entity_key);
    // A field this side does not know is left to whoever recorded it.
    if (field === undefined || record === undefined) continue;
    if (cleanText(field.get(record)) === cleanText(row.uh_value)) {
      byKey.set(row.entity_key, field.set(record, row.cloud_value));
    } else superseded.push({ key: row.entity_key, field: row.field });
  }
  if (superseded.length > 0) {
    await client.query(
      `DELETE FROM sync.lossy_text l USING unnest($2::text[], $3::text[]) AS s(key, field)
WHERE l.entity = $1 AND l.entity_key = s.key AND l.field = s.field`,
      [target.entity, superseded.map((s) => s.key), superseded.map((s) => s.field)],
    );
  }
  return [...byKey.values()];
}

/** A version scope value (a con_key) as PostgreSQL's ::text gives it. */
function stringOrNull(value: unknown): string | null {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : null;
}

/** The UH row each key's record was mapped from (a household's chosen contacts row for contact details). */
function rowsByKey(target: ForwardTarget, rows: readonly UhRow[]): ReadonlyMap<string, UhRow> {
  if (target.entity === 'contactDetails') {
    return firstContactRowByHousehold(rows as unknown as HouseholdContactRow[]) as unknown as Map<
      string,
      UhRow
    >;
  }
  const result = new Map<string, UhRow>();
  for (const row of rows) {
    const key = target.keyOfRow(row);
    if (key !== null) result.set(key, row);
  }
  return result;
}
