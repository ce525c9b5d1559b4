import type { CloudEntityRow } from './fetchLeafRows';
import type { UhEntityRow } from './fetchUhRecords';
import type { Difference } from './Difference';
import type { AnyReconcileEntity } from './ReconcileEntity';

/**
 * The rows fetched from every differing range, paired by canonical key across ranges (a UH row whose key
 * is held irregularly, ' 0900126/01' or '10059', falls in another range than its cloud row), then compared
 * field by field with the texts the backfill's mappers give. What is left is the entity's differences.
 */
export function pairRows(
  entity: AnyReconcileEntity,
  uhRows: readonly UhEntityRow[],
  cloudRows: readonly CloudEntityRow[],
): Difference[] {
  const uhByKey = new Map<string, UhEntityRow[]>();
  const unkeyed: UhEntityRow[] = [];
  const seenSourceKeys = new Set<string>();
  for (const row of uhRows) {
    // A row may be fetched twice (a range bound it shares); it counts once.
    if (seenSourceKeys.has(row.sourceKey)) continue;
    seenSourceKeys.add(row.sourceKey);
    if (row.record === null) {
      unkeyed.push(row);
      continue;
    }
    const key = entity.rowKeyOf(row.record);
    uhByKey.set(key, [...(uhByKey.get(key) ?? []), row]);
  }
  const cloudByKey = new Map(cloudRows.map((row) => [row.rk, row]));
  const differences: Difference[] = [];
  const asJson = (names: readonly string[], texts: readonly (string | null)[]) =>
    JSON.stringify(Object.fromEntries(names.map((name, i) => [name, texts[i] ?? null])));
  const names = entity.fields.map((field) => field.name);
  const textsOf = (row: UhEntityRow) => entity.fields.map((field) => field.of(row.record));
  const uhSide = (row: UhEntityRow) => ({
    uhSourceKey: row.sourceKey,
    uhKey: row.rawKey,
    uhTstamp: row.tstamp,
  });
  const keys = [...new Set([...uhByKey.keys(), ...cloudByKey.keys()])].sort();
  for (const key of keys) {
    const [first, ...others] = uhByKey.get(key) ?? [];
    const cloud = cloudByKey.get(key);
    if (first !== undefined && cloud !== undefined) {
      const uhTexts = textsOf(first);
      entity.fields.forEach((field, i) => {
        const uhValue = uhTexts[i] ?? null;
        const cloudValue = cloud.texts[i] ?? null;
        if (uhValue !== cloudValue)
          differences.push({
            key,
            kind: 'field',
            field: field.name,
            uhValue,
            cloudValue,
            ...uhSide(first),
            cloudKey: cloud.key,
            rejection: null,
          });
      });
    } else if (first !== undefined) {
      differences.push({
        key,
        kind: 'missingInCloud',
        field: null,
        uhValue: asJson(names, textsOf(first)),
        cloudValue: null,
        ...uhSide(first),
        cloudKey: null,
        rejection: null,
      });
    } else if (cloud !== undefined) {
      differences.push({
        key,
        kind: 'missingInUh',
        field: null,
        uhValue: null,
        cloudValue: asJson(names, cloud.texts),
        uhSourceKey: null,
        uhKey: null,
        uhTstamp: null,
        cloudKey: cloud.key,
        rejection: null,
      });
    }
    // Two UH rows with one cloud key ('123' and '00000123'): the cloud can hold only one of them.
    for (const other of others) {
      differences.push({
        key: other.sourceKey,
        kind: 'missingInCloud',
        field: null,
        uhValue: asJson(names, textsOf(other)),
        cloudValue: null,
        ...uhSide(other),
        cloudKey: null,
        rejection: 'another UH row has the same cloud key',
      });
    }
  }
  for (const row of unkeyed) {
    differences.push({
      key: row.sourceKey,
      kind: 'missingInCloud',
      field: null,
      uhValue: JSON.stringify(trimmed(row.row)),
      cloudValue: null,
      ...uhSide(row),
      cloudKey: null,
      rejection: row.rejection?.reason ?? 'the mappers cannot make a cloud row of it',
    });
  }
  return differences;
}

/** A raw UH row as people read it: padding dropped, rowversions in hex, long text cut. */
function trimmed(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => {
      if (Buffer.isBuffer(value)) return [name, `0x${value.toString('hex')}`];
      if (typeof value === 'string') {
        const text = value.trimEnd();
        return [name, text.length > 200 ? `${text.slice(0, 200)}... (${text.length} characters)` : text];
      }
      return [name, value];
    }),
  );
}
