import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhStore } from '../../stores/uh/UhStore';
import { MAX_PARAMS_PER_REQUEST } from '../../stores/uh/UhQuery';
import type { KeyValue } from '../backfill/BackfillEntity';
import type { ClassifiedDifference } from './Difference';
import { fetchCloudByRowKeys } from './fetchLeafRows';
import { fetchUhRecords, type UhEntityRow } from './fetchUhRecords';
import { cloudKeyListPredicate, uhKeyListPredicate } from './keyListPredicates';
import { pairRows } from './pairRows';
import type { AnyReconcileEntity } from './ReconcileEntity';
import type { RepairSummary } from './ReconcileReport';
import { queueCloudRowsForUh } from './queueCloudRowsForUh';

/** What --repair did about each difference (in the differences' order) and in all. */
export interface RepairOutcome {
  readonly actions: readonly (string | null)[];
  readonly summary: RepairSummary;
}

/**
 * Re-sync the differing rows from the entity's master. UH masters (every phase before CLOUD): UH's rows are
 * read again with the backfill's own SELECT and mappers and upserted with its own upsert; rows only the
 * cloud holds are deleted from it (kept in sync.deletion); then the keys are compared again, and each
 * difference says whether its row now agrees. The cloud masters (CLOUD): the cloud's rows are queued for UH
 * in sync.outbox, which the reverse sync applies. Rows the master cannot give (a UH row the cloud model
 * cannot hold, an entity with no reverse write) are left, saying why.
 */
export async function repairDifferences(
  uh: UhStore,
  pg: PgStore,
  entity: AnyReconcileEntity,
  master: 'UH' | 'CLOUD',
  differences: readonly ClassifiedDifference[],
): Promise<RepairOutcome> {
  if (master === 'CLOUD') return queueCloudRowsForUh(pg, entity, differences);
  const fromUh = new Map<string, readonly KeyValue[]>();
  const cloudOnly = new Map<string, readonly unknown[]>();
  for (const d of differences) {
    if (d.uhKey !== null && d.rejection === null) fromUh.set(d.uhSourceKey ?? d.key, d.uhKey);
    else if (d.kind === 'missingInUh' && d.cloudKey !== null) cloudOnly.set(d.key, d.cloudKey);
  }
  const uhRows = await readUhRows(uh, entity, [...fromUh.values()]);
  const records = uhRows.flatMap((row) => (row.record === null ? [] : [row.record]));
  if (records.length > 0) {
    await entity.backfill.prepare?.(pg, records);
    await pg.withTransaction((client) => entity.backfill.upsert(client, records));
  }
  const deleted = await deleteCloudRows(pg, entity, [...cloudOnly.values()]);
  // Compare the repaired keys again: what still differs could not be repaired, and says why.
  const again = pairRows(
    entity,
    await readUhRows(uh, entity, [...fromUh.values()]),
    await fetchCloudByRowKeys(pg, entity, [...new Set(differences.map((d) => d.key))]),
  );
  const stillDiffers = new Set(again.map((d) => d.key));
  const outcome = new Map<string, { action: string; repaired: boolean }>();
  for (const d of differences) {
    if (outcome.has(d.key)) continue;
    if (d.rejection !== null)
      outcome.set(d.key, {
        action: `not repairable: the cloud model cannot hold UH's row (${d.rejection})`,
        repaired: false,
      });
    else if (d.kind === 'missingInUh')
      outcome.set(
        d.key,
        deleted.has(d.key)
          ? { action: 'deleted from the cloud (UH has no such row; kept in sync.deletion)', repaired: true }
          : { action: 'not repairable: the cloud row was not found', repaired: false },
      );
    else if (stillDiffers.has(d.key))
      outcome.set(d.key, {
        action:
          'copied from UH, still differs (the cloud row is mastered in the cloud: a cloud write not yet in UH)',
        repaired: false,
      });
    else outcome.set(d.key, { action: 'copied from UH, now agrees', repaired: true });
  }
  const results = [...outcome.values()];
  return {
    actions: differences.map((d) => outcome.get(d.key)?.action ?? null),
    summary: {
      master,
      attempted: results.length,
      repaired: results.filter((r) => r.repaired).length,
      notRepairable: results.filter((r) => !r.repaired).length,
    },
  };
}

async function readUhRows(
  uh: UhStore,
  entity: AnyReconcileEntity,
  keys: readonly (readonly KeyValue[])[],
): Promise<UhEntityRow[]> {
  const perRequest = Math.max(1, Math.floor(MAX_PARAMS_PER_REQUEST / entity.backfill.keyColumns.length) - 1);
  const rows: UhEntityRow[] = [];
  for (let i = 0; i < keys.length; i += perRequest)
    rows.push(
      ...(await fetchUhRecords(uh, entity, uhKeyListPredicate(entity, keys.slice(i, i + perRequest)))),
    );
  return rows;
}

/** Delete cloud rows UH does not hold, each kept in sync.deletion (never silently), in one transaction. */
async function deleteCloudRows(
  pg: PgStore,
  entity: AnyReconcileEntity,
  keys: readonly (readonly unknown[])[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const where = cloudKeyListPredicate(entity, keys);
  return pg.withTransaction(async (client) => {
    const { rows } = await client.query<{ rk: string; row: unknown }>(
      `DELETE FROM ${entity.cloudFrom} WHERE ${where.sql} RETURNING ${entity.cloudRowKey} AS rk, to_jsonb(c) AS row`,
      where.values,
    );
    await client.query(
      `INSERT INTO sync.deletion (entity, entity_key, uh_table, row_data)
SELECT $1, k, $2, r FROM unnest($3::text[], $4::jsonb[]) AS d(k, r)`,
      [entity.name, entity.uhTable, rows.map((row) => row.rk), rows.map((row) => JSON.stringify(row.row))],
    );
    return new Set(rows.map((row) => row.rk));
  });
}
