import type { PgClient, PgStore } from '../../stores/cloud/PgStore';
import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import type { UhParam } from '../../stores/uh/UhQuery';
import type { BackfillEntityName } from '../backfill/BackfillEntity';
import { crashPoint } from '../worker/crashPoint';
import { readEntityPhases } from './entityPhases';
import { FORWARD_TARGETS } from './forwardTargets';
import { neverMatches, type PendingWriteMatcher } from './PendingWriteMatcher';
import { sweepDependents } from './sweepDependents';
import { SWEEP_SPECS, type SweepSpec } from './sweepSpecs';

export interface SweepOptions {
  /** About how many cloud rows one range holds (default 10,000). */
  readonly rangeSize?: number;
  /** Only these entities (default: every entity whose backfill is complete). */
  readonly entities?: readonly BackfillEntityName[];
  readonly signal?: AbortSignal;
  /** Tells a waiting cloud write UH already holds (as forward capture's): for rows derived again. */
  readonly pendingWriteMatcher?: PendingWriteMatcher;
}

export interface EntitySweep {
  readonly entity: BackfillEntityName;
  readonly ranges: number;
  /** Ranges whose counts differed (or that hold a rejected UH row), compared key by key. */
  readonly rangesCompared: number;
  /** Cloud rows removed because UH no longer has them (each recorded in sync.deletion). */
  readonly deleted: number;
  /** Rows UH deleted while the cloud masters the entity: kept, a conflict recorded (once). */
  readonly conflicts: number;
  /** Rows that came from the cloud and have not reached UH yet: never deleted. */
  readonly keptCloudOnly: number;
  /**
   * Cloud rows derived again because a UH row they are built from (a contacts, postcode, debtype or rectype
   * row) is gone: see sweepDependents.
   */
  readonly rederived: number;
}

/** UH parameters per request stay well below SQL Server's 2,100. */
const PARAMS_PER_REQUEST = 1000;
const VERIFY_CHUNK = 100;
export const DELETED_IN_UH = { deletedInUh: true } as const;

/**
 * Deletes in UH leave no rowversion behind, so forward capture finds them by comparing key sets, range by
 * range: the cloud's keys split into ranges of about `rangeSize` rows on the leading key column; UH counts
 * its rows per range (one request, an index range count each) and the cloud counts its own; only ranges
 * whose counts differ (or that hold a row UH has but the cloud rejected) are fetched key by key. A cloud
 * key UH does not hold is checked once more against UH (a raw key may sort in another range than its
 * canonical form), then, in one transaction per entity:
 * - it came from the cloud and has not reached UH (uh_tstamp NULL and mastered_in 'CLOUD', or a PENDING
 *   outbox INSERT): kept;
 * - the cloud changed it too and that change still waits for UH (a PENDING outbox row): both sides changed
 *   it, a conflict is recorded (once) and the master wins: the cloud keeps the row, or UH's deletion
 *   stands and the waiting writes are set aside (CONFLICT);
 * - else (UH deleted a row the cloud has not changed since) it is deleted, whatever the phase (legacy
 *   applications still edit UH), and recorded in sync.deletion with the row as it was.
 * Crash points: forward.sweep.afterDelete (deleted and recorded, not committed), forward.sweep.afterCommit.
 * Then the cloud rows built from a contacts, postcode, debtype or rectype row UH deleted are derived again
 * (sweepDependents).
 */
export async function sweepDeletes(
  uh: UhStore,
  pg: PgStore,
  options: SweepOptions = {},
): Promise<EntitySweep[]> {
  const rangeSize = options.rangeSize ?? 10_000;
  if (!Number.isInteger(rangeSize) || rangeSize < 1) {
    throw new RangeError(`rangeSize: expected a whole number of at least 1, got ${rangeSize}`);
  }
  const complete = await completedBackfills(pg);
  const report: EntitySweep[] = [];
  for (const spec of SWEEP_SPECS) {
    if (options.entities !== undefined && !options.entities.includes(spec.entity)) continue;
    if (!complete.has(spec.entity)) continue;
    if (options.signal?.aborted === true) break;
    const swept = await sweepEntity(uh, pg, spec, rangeSize);
    // After the entity's own deletions: a household or property UH deleted is not derived again.
    const matcher = options.pendingWriteMatcher ?? neverMatches;
    report.push({ ...swept, rederived: await sweepDependents(uh, pg, spec.entity, matcher) });
  }
  return report;
}

async function completedBackfills(pg: PgStore): Promise<Set<string>> {
  const { rows } = await pg.query<{ source: string }>(
    `SELECT source FROM sync.checkpoint WHERE job = 'backfill' AND completed`,
  );
  return new Set(rows.map((row) => row.source));
}

interface Range {
  readonly lo: string | number | null;
  readonly hi: string | number | null;
}

async function sweepEntity(
  uh: UhStore,
  pg: PgStore,
  spec: SweepSpec,
  rangeSize: number,
): Promise<Omit<EntitySweep, 'rederived'>> {
  const ranges = await cloudRanges(pg, spec, rangeSize);
  const [uhSide, cloudCounts, rejected] = await Promise.all([
    countUh(uh, spec, ranges),
    countCloud(pg, spec, ranges),
    rejectedRanges(pg, spec, ranges),
  ]);
  const odd = new Set<number>();
  for (const raw of uhSide.oddKeys) {
    odd.add(rangeOf(ranges, raw.trimEnd()));
    const canonical = spec.canonicalLead(raw);
    if (canonical !== null) odd.add(rangeOf(ranges, canonical));
  }
  const differing = ranges.filter(
    (_, i) => uhSide.counts[i] !== cloudCounts[i] || rejected.has(i) || odd.has(i),
  );
  const candidates: string[] = [];
  for (const range of differing) {
    const [uhKeys, cloudKeys] = await Promise.all([
      fetchUhKeys(uh, spec, range),
      fetchCloudKeys(pg, spec, range),
    ]);
    for (const key of cloudKeys) if (!uhKeys.has(key)) candidates.push(key);
  }
  const missing = await stillMissing(uh, spec, candidates);
  const result = {
    entity: spec.entity,
    ranges: ranges.length,
    rangesCompared: differing.length,
    deleted: 0,
    conflicts: 0,
    keptCloudOnly: 0,
  };
  if (missing.length === 0) return result;
  return { ...result, ...(await removeFromCloud(pg, spec, missing)) };
}

/** Every rangeSize-th value of the cloud's leading key column, as range boundaries. */
async function cloudRanges(pg: PgStore, spec: SweepSpec, rangeSize: number): Promise<Range[]> {
  const lead = leadExpr(spec);
  const { rows } = await pg.query<{ lead: string | number }>(
    `SELECT DISTINCT lead FROM (SELECT ${lead} AS lead, row_number() OVER (ORDER BY ${lead}) AS rn FROM ${spec.cloudTable} t) x
WHERE rn % $1 = 0 ORDER BY lead`,
    [rangeSize],
  );
  const bounds = rows.map((row) => row.lead);
  const ranges: Range[] = [];
  let lo: string | number | null = null;
  for (const bound of bounds) {
    ranges.push({ lo, hi: bound });
    lo = bound;
  }
  ranges.push({ lo, hi: null });
  return ranges;
}

function leadExpr(spec: SweepSpec): string {
  // Text keys in byte order on the cloud side, whatever the database's collation: the boundaries and
  // counts must agree with each other (UH's order for these digit-and-'/' references is the same).
  return spec.cloudLeadType === 'text' ? `t.${spec.cloudLead} COLLATE "C"` : `t.${spec.cloudLead}`;
}

/** `lead >= @lo AND lead < @hi` over UH's leading key column (NULL counted where the cloud keeps 0). */
function uhRangeCondition(spec: SweepSpec, range: Range, suffix: string): { sql: string; params: UhParam[] } {
  const parts: string[] = [];
  const params: UhParam[] = [];
  if (range.lo !== null) {
    parts.push(`${spec.uhLead} >= @lo${suffix}`);
    params.push({ ...spec.uhLeadType, name: `lo${suffix}`, value: range.lo });
  }
  if (range.hi !== null) {
    parts.push(`${spec.uhLead} < @hi${suffix}`);
    params.push({ ...spec.uhLeadType, name: `hi${suffix}`, value: range.hi });
  }
  let sql = parts.length === 0 ? '1 = 1' : parts.join(' AND ');
  const holdsZero =
    (range.lo === null || Number(range.lo) <= 0) && (range.hi === null || Number(range.hi) > 0);
  if (spec.nullAsZero && holdsZero) sql = `(${sql} OR ${spec.uhLead} IS NULL)`;
  return { sql, params };
}

/** UH's count per range, and the raw keys not in canonical form (spec.oddKeys), in one request or a few. */
async function countUh(
  uh: UhStore,
  spec: SweepSpec,
  ranges: readonly Range[],
): Promise<{ counts: number[]; oddKeys: string[] }> {
  const counts: number[] = [];
  const oddKeys: string[] = [];
  const perRequest = Math.floor(PARAMS_PER_REQUEST / 2);
  for (let start = 0; start < ranges.length; start += perRequest) {
    const statements: string[] = [];
    const params: UhParam[] = [];
    const first = start === 0 && spec.oddKeys !== null;
    if (first) {
      statements.push(
        `SELECT ${spec.uhLead} AS odd FROM dbo.${spec.uhTable} ${spec.uhAlias} WHERE ${spec.oddKeys}`,
      );
    }
    ranges.slice(start, start + perRequest).forEach((range, i) => {
      const condition = uhRangeCondition(spec, range, String(i));
      statements.push(`SELECT COUNT(*) AS n FROM dbo.${spec.uhTable} ${spec.uhAlias} WHERE ${condition.sql}`);
      params.push(...condition.params);
    });
    const results = await uh.queryBatch({
      name: `forward.sweep.${spec.entity}.count`,
      text: statements.join(';\n'),
      params,
    });
    for (const result of first ? results.slice(1) : results) counts.push(Number(result[0]?.n ?? 0));
    if (first) for (const row of results[0] ?? []) if (typeof row.odd === 'string') oddKeys.push(row.odd);
  }
  return { counts, oddKeys };
}

async function countCloud(pg: PgStore, spec: SweepSpec, ranges: readonly Range[]): Promise<number[]> {
  const type = spec.cloudLeadType;
  const lead = leadExpr(spec);
  const { rows } = await pg.query<{ i: string; n: string }>(
    `SELECT r.i, (SELECT count(*) FROM ${spec.cloudTable} t
   WHERE (r.lo IS NULL OR ${lead} >= r.lo) AND (r.hi IS NULL OR ${lead} < r.hi)) AS n
FROM unnest($1::${type}[], $2::${type}[]) WITH ORDINALITY AS r(lo, hi, i) ORDER BY r.i`,
    [ranges.map((r) => r.lo), ranges.map((r) => r.hi)],
  );
  return rows.map((row) => Number(row.n));
}

/**
 * Ranges holding a UH row the cloud rejected (sync.reject): there UH counts one row more than the cloud
 * for good, which would hide a deletion in the same range; they are always compared key by key.
 */
async function rejectedRanges(pg: PgStore, spec: SweepSpec, ranges: readonly Range[]): Promise<Set<number>> {
  const { rows } = await pg.query<{ source_key: string }>(
    'SELECT DISTINCT source_key FROM sync.reject WHERE source = $1 AND resolved_at IS NULL',
    [spec.entity],
  );
  const found = new Set<number>();
  for (const { source_key } of rows) {
    const first = source_key.split('|')[0] ?? '';
    found.add(
      rangeOf(ranges, spec.cloudLeadType === 'integer' ? (first === 'NULL' ? 0 : Number(first)) : first),
    );
  }
  return found;
}

/** The range a leading key value falls in (strings compared by code unit, as the cloud's "C" order). */
function rangeOf(ranges: readonly Range[], lead: string | number): number {
  const index = ranges.findIndex((r) => (r.lo === null || r.lo <= lead) && (r.hi === null || lead < r.hi));
  return Math.max(0, index);
}

async function fetchUhKeys(uh: UhStore, spec: SweepSpec, range: Range): Promise<Set<string>> {
  const condition = uhRangeCondition(spec, range, '');
  const rows = await uh.query<UhRow>({
    name: `forward.sweep.${spec.entity}.keys`,
    text: `SELECT ${spec.uhKeyColumns} FROM dbo.${spec.uhTable} ${spec.uhAlias} WHERE ${condition.sql}`,
    params: condition.params,
  });
  const keys = new Set<string>();
  for (const row of rows) {
    const key = spec.keyOfUhRow(row);
    if (key !== null) keys.add(key);
  }
  return keys;
}

async function fetchCloudKeys(pg: PgStore, spec: SweepSpec, range: Range): Promise<string[]> {
  const lead = leadExpr(spec);
  const { rows } = await pg.query<{ key: string }>(
    `SELECT ${spec.cloudKey} AS key FROM ${spec.cloudTable} t
WHERE ($1::${spec.cloudLeadType} IS NULL OR ${lead} >= $1) AND ($2::${spec.cloudLeadType} IS NULL OR ${lead} < $2)`,
    [range.lo, range.hi],
  );
  return rows.map((row) => row.key);
}

/** The candidates no UH row maps to, by a second, exact look in UH. */
async function stillMissing(uh: UhStore, spec: SweepSpec, candidates: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < candidates.length; i += VERIFY_CHUNK) {
    const chunk = candidates.slice(i, i + VERIFY_CHUNK);
    const query = spec.verify(chunk);
    const rows = await uh.query<UhRow>({ name: `forward.sweep.${spec.entity}.verify`, ...query });
    const present = new Set(rows.map((row) => spec.keyOfUhRow(row)));
    for (const key of chunk) if (!present.has(key)) missing.push(key);
  }
  return missing;
}

async function removeFromCloud(
  pg: PgStore,
  spec: SweepSpec,
  keys: readonly string[],
): Promise<Pick<EntitySweep, 'deleted' | 'conflicts' | 'keptCloudOnly'>> {
  const target = FORWARD_TARGETS[spec.entity];
  const outcome = await pg.withTransaction(async (client) => {
    const cloudOnly = spec.cloudOnly === null ? 'false' : spec.cloudOnly;
    // Rows that came from the cloud and have not reached UH yet are not UH's deletions: left out first.
    const { rows: fromUh } = await client.query<{ key: string }>(
      `SELECT ${spec.cloudKey} AS key FROM ${spec.cloudTable} t
WHERE ${spec.cloudKey} = ANY($1::text[]) AND NOT (${cloudOnly})
  AND NOT EXISTS (SELECT 1 FROM sync.outbox o WHERE o.entity = $2 AND o.entity_key = ${spec.cloudKey}
                  AND o.operation = 'INSERT' AND o.status = 'PENDING')
FOR UPDATE`,
      [keys, spec.entity],
    );
    const keptCloudOnly = keys.length - fromUh.length;
    if (fromUh.length === 0) return { deleted: 0, conflicts: 0, keptCloudOnly };
    // UH deleting a row is a UH edit like any other: applied, whatever the phase, unless the cloud changed
    // the row too since it was last synced (a write still waiting in the outbox for UH). Then both sides
    // changed it: the master wins. The cloud keeps its row (a conflict recorded, once); UH's deletion
    // stands and the waiting writes are set aside as CONFLICT (they could never apply to a missing row).
    const { rows: changedInCloud } = await client.query<{ key: string }>(
      `SELECT DISTINCT o.entity_key AS key FROM sync.outbox o
WHERE o.entity = $1 AND o.entity_key = ANY($2::text[]) AND o.status = 'PENDING'`,
      [spec.entity, fromUh.map((row) => row.key)],
    );
    const bothChanged = new Set(changedInCloud.map((row) => row.key));
    const phases = await readEntityPhases(client);
    const cloudWins = phases.master(target.graphEntity) === 'CLOUD';
    const conflicts =
      bothChanged.size === 0
        ? 0
        : await recordDeletionConflicts(
            client,
            spec,
            [...bothChanged],
            cloudWins ? 'CLOUD' : 'UH',
            phases.phase(target.graphEntity),
          );
    const deletable = fromUh.map((row) => row.key).filter((key) => !cloudWins || !bothChanged.has(key));
    if (!cloudWins && bothChanged.size > 0) {
      await client.query(
        `UPDATE sync.outbox SET status = 'CONFLICT', last_error = 'the row was deleted in UH (UH masters it)'
WHERE entity = $1 AND entity_key = ANY($2::text[]) AND status = 'PENDING'`,
        [spec.entity, [...bothChanged]],
      );
    }
    if (deletable.length === 0) return { deleted: 0, conflicts, keptCloudOnly };
    const { rows } = await client.query<{ key: string }>(
      `WITH gone AS (
  DELETE FROM ${spec.cloudTable} t WHERE ${spec.cloudKey} = ANY($1::text[])
  RETURNING ${spec.cloudKey} AS key, to_jsonb(t) AS row_data
)
INSERT INTO sync.deletion (entity, entity_key, uh_table, row_data)
SELECT $2, key, $3, row_data FROM gone
RETURNING entity_key AS key`,
      [deletable, spec.entity, spec.uhTable],
    );
    if (spec.entity === 'tenureType' && rows.length > 0) {
      // UH's tenancies join their tenure by code: without the row they show no description.
      await client.query(
        `UPDATE housing.tenancy SET tenure_description = NULL, synced_at = now()
WHERE upper(tenure_code) = ANY($1::text[]) AND tenure_description IS NOT NULL`,
        [rows.map((row) => row.key.toUpperCase())],
      );
    }
    crashPoint('forward.sweep.afterDelete');
    return { deleted: rows.length, conflicts, keptCloudOnly };
  });
  crashPoint('forward.sweep.afterCommit');
  return outcome;
}

/** UH deleted rows the cloud has changed since: both versions kept for review, each conflict recorded once. */
async function recordDeletionConflicts(
  client: PgClient,
  spec: SweepSpec,
  keys: readonly string[],
  winner: 'UH' | 'CLOUD',
  phase: string,
): Promise<number> {
  const target = FORWARD_TARGETS[spec.entity];
  const result = await client.query(
    `INSERT INTO sync.conflict (entity, entity_key, uh_version, cloud_version, winner, detected_by, resolution)
SELECT $2, ${spec.cloudKey}, $3::jsonb, to_jsonb(t), $5, 'forward', $4
FROM ${spec.cloudTable} t
WHERE ${spec.cloudKey} = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM sync.conflict c WHERE c.entity = $2 AND c.entity_key = ${spec.cloudKey}
                  AND NOT c.resolved AND c.uh_version = $3::jsonb)`,
    [
      keys,
      spec.entity,
      JSON.stringify(DELETED_IN_UH),
      winner === 'CLOUD'
        ? `deleted in UH while the cloud's change waited for UH; cloud wins (${target.graphEntity} is ${phase}): the cloud row is kept`
        : `deleted in UH while the cloud's change waited for UH; UH wins (${target.graphEntity} is ${phase}): deleted, the cloud's waiting writes set aside`,
      winner,
    ],
  );
  return result.rowCount ?? 0;
}
