import type { PgStore } from '../../stores/cloud/PgStore';
import type { UhRow, UhStore } from '../../stores/uh/UhStore';
import { canonicalRef } from '../../stores/uh/canonicalRefs';
import { cleanText } from '../../stores/uh/normalise';
import type { BackfillEntityName } from '../backfill/BackfillEntity';
import { FORWARD_TARGETS } from './forwardTargets';
import type { PollResult } from './pollChanges';
import { rereadHouseholds, rereadPropertiesByPostcode } from './rereadDependents';
import type { Rowversion } from './rowversion';
import { TableProgress, tstampOfRow } from './TableProgress';

/** UH rows of one entity to map and apply, by the entity's key (a later read of a key replaces an earlier). */
export interface EntityChanges {
  readonly rows: Map<string, UhRow>;
  /**
   * Keys read because a row they are built from changed (a postcode, a household's contacts row), not
   * their own row: their version may equal the cloud's and still bring new values, so they are never
   * taken for echoes.
   */
  readonly dependent: Set<string>;
}

/** A code list entry whose description is copied into the rows that use the code. */
export interface CodeDescription {
  readonly code: string;
  readonly description: string | null;
}

export interface ChangeSet {
  readonly hi: Rowversion;
  readonly progress: readonly TableProgress[];
  readonly entities: ReadonlyMap<BackfillEntityName, EntityChanges>;
  /** debtype / rectype changes: the description every rent transaction of that code shows. */
  readonly typeDescriptions: readonly CodeDescription[];
}

/** Which change (table, rowversion) made a dependent key be read again: cut there if it cannot be applied. */
interface Trigger {
  readonly progress: TableProgress;
  readonly tstamp: Rowversion;
}

/**
 * Turn one poll into what the cycle applies: each entity's changed rows, and the rows that depend on
 * changed rows of other tables, read again from UH (contact details of households reached by househ,
 * tenagree and contacts changes; properties of changed postcodes). A dependent row that may be built from
 * an uncommitted row cuts the tables whose changes asked for it, so their checkpoints stay below those
 * changes and the next cycle reads them again.
 */
export async function collectChanges(uh: UhStore, pg: PgStore, poll: PollResult): Promise<ChangeSet> {
  const progress = poll.tables.map((table) => new TableProgress(table));
  const entities = new Map<BackfillEntityName, EntityChanges>();
  const changesOf = (entity: BackfillEntityName): EntityChanges => {
    let changes = entities.get(entity);
    if (changes === undefined) {
      changes = { rows: new Map(), dependent: new Set() };
      entities.set(entity, changes);
    }
    return changes;
  };
  const households = new Map<string, Trigger[]>();
  const postcodes = new Map<string, Trigger[]>();
  const rawPostcodes = new Map<string, string>();
  const typeDescriptions: CodeDescription[] = [];
  const trigger = (into: Map<string, Trigger[]>, key: string | null, t: Trigger) => {
    if (key === null) return;
    into.set(key, [...(into.get(key) ?? []), t]);
  };
  const tenancyHouseholds: { tagRef: string; houseRef: string | null; trigger: Trigger }[] = [];
  const contactKeys: { conKey: number; trigger: Trigger }[] = [];

  for (const table of progress) {
    const effect = table.poll.capture.capture;
    for (const row of table.taken()) {
      const t: Trigger = { progress: table, tstamp: tstampOfRow(row) };
      switch (effect.kind) {
        case 'rows': {
          const target = FORWARD_TARGETS[effect.entity];
          const key = target.keyOfRow(row);
          // A row the mapper rejects still goes through it (to be recorded), under its own UH key.
          const changes = changesOf(effect.entity);
          changes.rows.set(key ?? `\u0000${changes.rows.size}`, row);
          if (effect.entity === 'tenancy' && key !== null) {
            tenancyHouseholds.push({ tagRef: key, houseRef: canonicalRef(str(row.house_ref)), trigger: t });
          }
          break;
        }
        case 'households':
          trigger(households, canonicalRef(str(row.house_ref)), t);
          if (row.con_key !== undefined && row.con_key !== null)
            contactKeys.push({ conKey: Number(row.con_key), trigger: t });
          break;
        case 'postcodes': {
          const postcode = str(row.post_code);
          if (postcode !== null) {
            rawPostcodes.set(postcodeKey(postcode), postcode);
            trigger(postcodes, postcodeKey(postcode), t);
          }
          break;
        }
        case 'typeCodes': {
          const code = cleanText(str(row.code));
          if (code !== null) typeDescriptions.push({ code, description: cleanText(str(row.type_desc)) });
          break;
        }
      }
    }
  }

  // Contact details reach a household through its tenancies: a tenancy that is new or moved household
  // changes what both households reach; a contacts row may have moved away from the household it was
  // chosen for. Where each was is in the cloud.
  if (tenancyHouseholds.length > 0) {
    const { rows } = await pg.query<{ reference: string; house_ref: string | null }>(
      'SELECT reference, house_ref FROM housing.tenancy WHERE reference = ANY($1::text[])',
      [tenancyHouseholds.map((t) => t.tagRef)],
    );
    const before = new Map(rows.map((row) => [row.reference, row.house_ref]));
    for (const t of tenancyHouseholds) {
      if (!before.has(t.tagRef) || before.get(t.tagRef) !== t.houseRef) {
        trigger(households, t.houseRef, t.trigger);
        trigger(households, before.get(t.tagRef) ?? null, t.trigger);
      }
    }
  }
  if (contactKeys.length > 0) {
    const { rows } = await pg.query<{ house_ref: string; uh_con_key: number }>(
      'SELECT house_ref, uh_con_key FROM housing.contact_details WHERE uh_con_key = ANY($1::int[])',
      [contactKeys.map((c) => c.conKey)],
    );
    const chosenBy = new Map(rows.map((row) => [row.uh_con_key, row.house_ref]));
    for (const c of contactKeys) trigger(households, chosenBy.get(c.conKey) ?? null, c.trigger);
  }

  if (households.size > 0) {
    const rows = await rereadHouseholds(uh, [...households.keys()], poll.hi);
    const byHousehold = new Map<string, UhRow[]>();
    for (const row of rows) {
      const key = canonicalRef(str(row.house_ref));
      if (key === null || !households.has(key)) continue;
      byHousehold.set(key, [...(byHousehold.get(key) ?? []), row]);
    }
    const changes = changesOf('contactDetails');
    for (const [key, group] of byHousehold) {
      const triggers = households.get(key) ?? [];
      if (group.some((row) => Number(row.fwd_unsettled) === 1)) {
        for (const t of triggers) t.progress.cut(t.tstamp);
        continue;
      }
      // Every row of the household (one per contacts row reached): the mapper picks the first.
      group.forEach((row, i) => changes.rows.set(i === 0 ? key : `${key}\u0000${i}`, row));
      if (triggers.some((t) => t.progress.table !== 'contacts')) changes.dependent.add(key);
    }
  }

  if (postcodes.size > 0) {
    const rows = await rereadPropertiesByPostcode(uh, [...rawPostcodes.values()], poll.hi);
    const changes = changesOf('property');
    const target = FORWARD_TARGETS.property;
    for (const row of rows) {
      const key = target.keyOfRow(row);
      if (Number(row.fwd_unsettled) === 1) {
        for (const t of postcodes.get(postcodeKey(str(row.post_code) ?? '')) ?? []) t.progress.cut(t.tstamp);
        continue;
      }
      if (key === null) continue;
      changes.rows.set(key, row);
      changes.dependent.add(key);
    }
    // A cut postcode's other properties are applied anyway: applying them again next cycle is harmless.
  }

  return { hi: poll.hi, progress, entities, typeDescriptions };
}

/** UH joins postcode to property ignoring case and trailing spaces: so does this. */
function postcodeKey(postcode: string): string {
  return postcode.trimEnd().toUpperCase();
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
