import type { PgStore } from '../../stores/cloud/PgStore';
import type { ClassifiedDifference, Difference, Explanation } from './Difference';
import type { AnyReconcileEntity } from './ReconcileEntity';

/**
 * Why each difference is expected, read from what the sync keeps (migration 0003), first match wins:
 * - `reject`: UH's row is one the backfill (or forward capture) rejected into sync.reject (still open);
 * - `deadLetter`: a cloud write for the key that can never reach UH (sync.dead_letter, not retried);
 * - `conflict`: both sides changed the row and the conflict awaits review (sync.conflict, not resolved);
 * - `lossyText`: the field holds text UH cannot hold (sync.lossy_text: UH has the nearest value);
 * - `outboxPending`: a cloud write for the key still waiting for UH (sync.outbox PENDING);
 * - `syncLag`: UH changed the row after forward capture's high-water mark for its table (its rowversion
 *   is above sync.checkpoint's last_tstamp for job 'forward'): the next poll carries it.
 * Anything else is unexplained.
 */
export async function explainDifferences(
  pg: PgStore,
  entity: AnyReconcileEntity,
  differences: readonly Difference[],
): Promise<ClassifiedDifference[]> {
  if (differences.length === 0) return [];
  const keys = [...new Set(differences.map((d) => d.key))];
  const sourceKeys = [
    ...new Set(differences.flatMap((d) => (d.uhSourceKey === null ? [] : [d.uhSourceKey]))),
  ];
  const [rejects, deadLetters, conflicts, lossy, outbox, checkpoint] = await Promise.all([
    pg.query<{ source_key: string; job: string; reason: string }>(
      'SELECT source_key, job, reason FROM sync.reject WHERE source = $1 AND source_key = ANY($2::text[]) AND resolved_at IS NULL ORDER BY id',
      [entity.name, sourceKeys],
    ),
    pg.query<{ entity_key: string; id: string; reason: string }>(
      `SELECT entity_key, id, reason FROM sync.dead_letter
WHERE entity = $1 AND entity_key = ANY($2::text[]) AND retried_at IS NULL ORDER BY id`,
      [entity.name, keys],
    ),
    pg.query<{ entity_key: string; id: string; winner: string }>(
      `SELECT entity_key, id, winner FROM sync.conflict
WHERE entity = $1 AND entity_key = ANY($2::text[]) AND NOT resolved ORDER BY id`,
      [entity.name, keys],
    ),
    pg.query<{ entity_key: string; field: string; uh_value: string }>(
      'SELECT entity_key, field, uh_value FROM sync.lossy_text WHERE entity = $1 AND entity_key = ANY($2::text[])',
      [entity.name, keys],
    ),
    pg.query<{ entity_key: string; id: string; operation: string }>(
      `SELECT DISTINCT ON (entity_key) entity_key, id, operation FROM sync.outbox
WHERE entity = $1 AND entity_key = ANY($2::text[]) AND status = 'PENDING' ORDER BY entity_key, id`,
      [entity.name, keys],
    ),
    pg.query<{ last_tstamp: Buffer | null }>(
      `SELECT last_tstamp FROM sync.checkpoint WHERE job = 'forward' AND source = $1`,
      [entity.uhTable],
    ),
  ]);
  const first = <R extends { entity_key: string }>(rows: readonly R[]) => {
    const map = new Map<string, R>();
    for (const row of rows) if (!map.has(row.entity_key)) map.set(row.entity_key, row);
    return map;
  };
  const rejectByKey = new Map<string, { job: string; reason: string }>();
  for (const row of rejects.rows) if (!rejectByKey.has(row.source_key)) rejectByKey.set(row.source_key, row);
  const deadByKey = first(deadLetters.rows);
  const conflictByKey = first(conflicts.rows);
  const outboxByKey = first(outbox.rows);
  const lossyByField = new Map(lossy.rows.map((row) => [`${row.entity_key}\u0000${row.field}`, row]));
  const mark = checkpoint.rows[0]?.last_tstamp ?? null;
  const explain = (d: Difference): { explanation: Explanation | null; detail: string | null } => {
    const reject = d.uhSourceKey === null ? undefined : rejectByKey.get(d.uhSourceKey);
    if (d.kind === 'missingInCloud' && reject !== undefined)
      return { explanation: 'reject', detail: `${reject.job}: ${reject.reason}` };
    const dead = deadByKey.get(d.key);
    if (dead !== undefined)
      return { explanation: 'deadLetter', detail: `dead letter ${dead.id}: ${dead.reason}` };
    const conflict = conflictByKey.get(d.key);
    if (conflict !== undefined)
      return { explanation: 'conflict', detail: `conflict ${conflict.id} (${conflict.winner} won)` };
    const lossyText = d.field === null ? undefined : lossyByField.get(`${d.key}\u0000${d.field}`);
    if (lossyText !== undefined && asCompared(lossyText.uh_value) === d.uhValue)
      return { explanation: 'lossyText', detail: `UH holds ${JSON.stringify(lossyText.uh_value)}` };
    const pending = outboxByKey.get(d.key);
    if (pending !== undefined)
      return { explanation: 'outboxPending', detail: `outbox ${pending.id} (${pending.operation}) pending` };
    if (mark !== null && d.uhTstamp !== null && Buffer.compare(d.uhTstamp, mark) > 0)
      return {
        explanation: 'syncLag',
        detail: `UH rowversion 0x${d.uhTstamp.toString('hex')} above the forward checkpoint 0x${mark.toString('hex')} (${entity.uhTable})`,
      };
    return { explanation: null, detail: d.rejection };
  };
  return differences.map((d) => ({ ...d, ...explain(d) }));
}

/**
 * sync.lossy_text's uh_value as reconciliation compares it: trimmed, blank as NULL, and a phone list (the
 * reverse sync records the JSON list of numbers) joined with '/'. When UH no longer holds that value, UH
 * changed since, and the lossy write does not explain the difference.
 */
function asCompared(uhValue: string): string | null {
  if (uhValue.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(uhValue);
      if (Array.isArray(list)) return list.map((item) => String(item).trim()).join('/') || null;
    } catch {
      // Not a list: compared as text.
    }
  }
  return uhValue.trim() === '' ? null : uhValue.trim();
}
