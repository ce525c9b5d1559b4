import { buildProperties } from './buildProperties';
import { buildRepairs } from './buildRepairs';
import { buildTenancies } from './buildTenancies';
import { createPrng } from './createPrng';
import { FaultPlanter, tenancyKey } from './FaultPlanter';
import { plantPeopleFaults } from './plantPeopleFaults';
import { plantPropertyFaults } from './plantPropertyFaults';
import { plantTenancyFaults } from './plantTenancyFaults';
import { recordConventionFaults } from './recordConventionFaults';
import { rentTransactions, type TransactionCounter, type TransactionWindow } from './rentTransactions';
import { FaultLog, type SeedManifest } from './SeedManifest';
import { scaleShapes, SEED_REFERENCE_DATE, type SeedScale } from './SeedScale';
import { debtypeRows, lookupRows, lulevelRows, rectypeRows, tenureRows } from './uhLookupRows';
import { SeedCounters, type BuildContext, type UhModel } from './uhModel';
import { dayNumber, money, sqlDate } from './uhFormats';
import { uhSeedTables, uhTableOrder, type UhRow, type UhTableName } from './uhSeedTables';
import type { SqlValue } from '../engine/types';

/** One table of the seed: its columns and a restartable stream of rows in that column order. */
export interface SeedTable {
  readonly name: UhTableName;
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** A fresh iterator on every call, yielding the same rows each time. */
  rows(): Iterable<SqlValue[]>;
}

export interface UhSeed {
  readonly manifest: SeedManifest;
  /** In load order (lookups first, sysserial last). */
  readonly tables: readonly SeedTable[];
}

/**
 * The deterministic synthetic Universal Housing dataset at a scale: every row in canonical SqlValue
 * form, plus the manifest of the data-quality faults it holds and where. Same output on every run:
 * all randomness comes from PRNGs seeded by the scale's name, and "today" is SEED_REFERENCE_DATE.
 * Everything but rent transactions is built in memory; rtrans rows are generated while iterated.
 */
export function generateUhSeed(scale: SeedScale): UhSeed {
  const shape = scaleShapes[scale];
  const today = dayNumber(SEED_REFERENCE_DATE);
  const stream = (name: string) => createPrng(`uh-seed:${scale}:${name}`);
  const ctx: BuildContext = { shape, today, counters: new SeedCounters(stream('refs')) };

  const { properties, postcodes } = buildProperties(ctx, stream('properties'));
  const tenancies = buildTenancies(ctx, stream('tenancies'), properties);
  const repairs = buildRepairs(ctx, stream('repairs'), tenancies);
  const model: UhModel = {
    postcodes,
    properties,
    tenancies,
    repairs,
    extraContacts: [],
    counters: ctx.counters,
  };

  const log = new FaultLog();
  const planter = new FaultPlanter(model, ctx, stream('faults'), log);
  plantPropertyFaults(planter);
  plantTenancyFaults(planter);
  plantPeopleFaults(planter);

  const window: TransactionWindow = { start: today - shape.transactionWeeks * 7, end: today };
  const rtransCount = settleAccounts(model, window, planter, stream('arrears'));
  recordConventionFaults(planter);

  const lastTransno = rtransCount;
  const serials: [string, number][] = [
    ['property', ctx.counters.propRef],
    ['househ', ctx.counters.houseRef],
    ['tenagree', ctx.counters.tagBase],
    ['member', ctx.counters.memberSid],
    ['contacts', ctx.counters.conKey],
    ['rmreqst', ctx.counters.rqRef],
    ['rtrans', lastTransno],
    ['rentacc', ctx.counters.paymentRef],
  ];
  const sysserial: UhRow<'sysserial'>[] = serials.map(([ser_type, ser_value]) => ({ ser_type, ser_value }));

  const contacts = [...tenancies.map((t) => t.contact), ...model.extraContacts];
  const sources: { [T in UhTableName]: { count: number; rows: () => Iterable<UhRow<T>> } } = {
    lulevel: fixed(lulevelRows()),
    tenure: fixed(tenureRows()),
    debtype: fixed(debtypeRows()),
    rectype: fixed(rectypeRows()),
    lookup: fixed(lookupRows()),
    postcode: fixed(postcodes),
    property: fixed(properties.map((p) => p.row)),
    househ: fixed(tenancies.map((t) => t.household.row)),
    tenagree: fixed(tenancies.map((t) => t.row)),
    member: fixed(tenancies.flatMap((t) => t.household.members)),
    contacts: fixed(contacts),
    rtrans: {
      count: rtransCount,
      rows: function* () {
        const counter: TransactionCounter = { transno: 0 };
        for (const t of tenancies) yield* rentTransactions(t, window, counter);
      },
    },
    rmreqst: fixed(repairs),
    sysserial: fixed(sysserial),
  };

  const tables = uhTableOrder.map((name): SeedTable => {
    const columns = uhSeedTables[name].columnNames as readonly string[];
    const source = sources[name] as { count: number; rows: () => Iterable<Record<string, SqlValue>> };
    return {
      name,
      columns,
      rowCount: source.count,
      rows: function* () {
        for (const row of source.rows()) yield columns.map((c) => row[c] as SqlValue);
      },
    };
  });

  const counts = Object.fromEntries(tables.map((t) => [t.name, t.rowCount])) as Record<UhTableName, number>;
  return { manifest: { scale, referenceDate: SEED_REFERENCE_DATE, counts, faults: log.toJSON() }, tables };
}

function fixed<T>(rows: readonly T[]): { count: number; rows: () => Iterable<T> } {
  return { count: rows.length, rows: () => rows };
}

/**
 * One pass over every tenancy's transactions: counts rtrans rows, sets cur_bal to the account's real
 * balance, serves notices on some accounts deep in arrears, and records the duplicated receipts.
 */
function settleAccounts(
  model: UhModel,
  window: TransactionWindow,
  planter: FaultPlanter,
  rng: ReturnType<typeof createPrng>,
): number {
  const counter: TransactionCounter = { transno: 0 };
  let count = 0;
  for (const tenancy of model.tenancies) {
    let balance = tenancy.life.openingBalancePence;
    let previous: UhRow<'rtrans'> | null = null;
    let duplicateFound = tenancy.life.duplicateReceipt === null;
    for (const row of rentTransactions(tenancy, window, counter)) {
      count++;
      if (row.trans_type !== 'ROB') balance += Math.round(Number(row.real_value) * 100);
      if (
        !duplicateFound &&
        previous !== null &&
        previous.batchid === row.batchid &&
        previous.real_value === row.real_value &&
        previous.trans_type === row.trans_type
      ) {
        duplicateFound = true;
        for (const [r, other] of [
          [previous, row],
          [row, previous],
        ] as const) {
          planter.record(
            'duplicate-rtrans-posting',
            'rtrans',
            { tag_ref: String(r.tag_ref), transno: Number(r.transno) },
            'real_value',
            r.real_value,
            `same ${String(r.trans_type)} on ${String(r.post_date).slice(0, 10)} as transno ${String(other.transno)}`,
          );
        }
      }
      previous = row;
    }
    if (!duplicateFound)
      throw new Error(
        `seed: tenancy ${JSON.stringify(tenancyKey(tenancy))} was to get a duplicated receipt but has none`,
      );
    tenancy.row.cur_bal = money(balance);
    if (tenancy.current && balance > 150_000 && rng.chance(0.5)) {
      const served = window.end - rng.int(30, 300);
      tenancy.row.u_notice_served = sqlDate(served);
      if (rng.chance(0.4)) tenancy.row.courtdate = sqlDate(served + rng.int(60, 120));
    }
  }
  return count;
}
