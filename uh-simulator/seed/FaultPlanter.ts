import type { Prng } from './createPrng';
import type { FaultLog, FaultRecord } from './SeedManifest';
import type { BuildContext, PropertyModel, TenancyModel, UhModel } from './uhModel';
import { storedValue, type UhRow, type UhTableName } from './uhSeedTables';
import type { SqlValue } from '../engine/types';

/**
 * Shared tools for the fault planting modules: picks distinct victims deterministically (a record
 * never carries two faults of the same family, so each stays recognisable), and records faults with
 * trimmed keys and the value as stored.
 */
export class FaultPlanter {
  private readonly claimed = new Set<object>();

  constructor(
    readonly model: UhModel,
    readonly ctx: BuildContext,
    readonly rng: Prng,
    readonly log: FaultLog,
  ) {}

  /** How many instances a "several" fault gets at this scale. */
  get several(): number {
    return this.ctx.shape.faultMultiplier;
  }

  /** `n` distinct unclaimed candidates, chosen at random; fails loudly when the scale is too small. */
  take<T extends object>(what: string, candidates: readonly T[], n: number): T[] {
    const free = candidates.filter((c) => !this.claimed.has(c));
    if (free.length < n) throw new Error(`seed faults: need ${n} ${what}, only ${free.length} available`);
    const chosen: T[] = [];
    for (let i = 0; i < n; i++) {
      const index = this.rng.int(0, free.length - 1);
      const [item] = free.splice(index, 1);
      if (item === undefined) throw new Error('seed faults: pick out of range');
      this.claimed.add(item);
      chosen.push(item);
    }
    return chosen;
  }

  /** Mark an object as used without choosing it (e.g. the other half of a pair). */
  claim(item: object): void {
    this.claimed.add(item);
  }

  record<T extends UhTableName>(
    kind: string,
    table: T,
    key: FaultRecord['key'],
    column?: keyof UhRow<T> & string,
    value?: SqlValue,
    note?: string,
  ): void {
    const entry: { -readonly [K in keyof FaultRecord]: FaultRecord[K] } = { table, key };
    if (column !== undefined) {
      entry.column = column;
      if (value !== undefined) entry.value = jsonValue(storedValue(table, column, value));
    }
    if (note !== undefined) entry.note = note;
    this.log.record(kind, entry);
  }

  sample<T extends UhTableName>(
    kind: string,
    table: T,
    key: FaultRecord['key'],
    column: keyof UhRow<T> & string,
    value: SqlValue,
  ): void {
    this.log.recordSampled(kind, { table, key, column, value: jsonValue(storedValue(table, column, value)) });
  }

  get dwellings(): PropertyModel[] {
    return this.model.properties.filter(
      (p) => (p.kind === 'flat' || p.kind === 'house') && p.status === 'let',
    );
  }

  get currentTenancies(): TenancyModel[] {
    return this.model.tenancies.filter((t) => t.current && t.property.kind !== 'garage');
  }

  /** Ended tenancies with no transactions in the window, so faults on their dates change no money. */
  get endedTenancies(): TenancyModel[] {
    const windowStart = this.ctx.today - this.ctx.shape.transactionWeeks * 7;
    return this.model.tenancies.filter((t) => t.life.eot !== null && t.life.eot < windowStart);
  }
}

export const trimmed = (value: SqlValue): string => String(value).trim();
export const propertyKey = (p: PropertyModel): FaultRecord['key'] => ({ prop_ref: trimmed(p.row.prop_ref) });
export const tenancyKey = (t: TenancyModel): FaultRecord['key'] => ({ tag_ref: trimmed(t.row.tag_ref) });
export const memberKey = (m: UhRow<'member'>): FaultRecord['key'] => ({
  house_ref: trimmed(m.house_ref),
  person_no: Number(m.person_no),
});
export const contactKey = (c: UhRow<'contacts'>): FaultRecord['key'] => ({ con_key: Number(c.con_key) });
export const repairKey = (r: UhRow<'rmreqst'>): FaultRecord['key'] => ({ rq_ref: trimmed(r.rq_ref) });

function jsonValue(value: SqlValue): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value === 'bigint') return value.toString();
  return value.toString('hex');
}
