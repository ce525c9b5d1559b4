import { createPrng } from './createPrng';
import type { TenancyModel } from './uhModel';
import { dayNumber, isoDate, money, sqlDate, type DayNumber } from './uhFormats';
import type { UhRow } from './uhSeedTables';

/**
 * A tenancy's rent account inside the transaction window, generated on demand from its `life` (so a
 * million rows never sit in memory and every pass yields the same rows): the opening balance (ROB),
 * weekly debits on Mondays (quarterly service charges for leaseholders), and receipts in the
 * household's habit: housing benefit four-weekly, direct debit monthly, PayPoint weekly with missed
 * weeks, standing order fortnightly. Debits are +ve, receipts -ve (UH's sign convention).
 */
export interface TransactionWindow {
  readonly start: DayNumber;
  /** Exclusive: the seed's reference date. */
  readonly end: DayNumber;
}

/** Shared across one pass over all tenancies so transno is unique; start a fresh one per pass. */
export interface TransactionCounter {
  transno: number;
}

const EPOCH_2000 = dayNumber('2000-01-01');
const channels = { debit: 0, ROB: 1, RHB: 2, RDD: 3, RPY: 4, RSO: 5 } as const;

/** UK rent years start on the first Monday of April (2025-04-07, 2026-04-06). */
const rentWeeks = new Map<DayNumber, { year: number; week: number }>();

export function rentWeek(day: DayNumber): { year: number; week: number } {
  const known = rentWeeks.get(day);
  if (known !== undefined) return known;
  let year = new Date(day * 86_400_000).getUTCFullYear();
  let start = rentYearStart(year);
  if (day < start) start = rentYearStart(--year);
  const result = { year, week: Math.floor((day - start) / 7) + 1 };
  rentWeeks.set(day, result);
  return result;
}

function rentYearStart(year: number): DayNumber {
  const april1 = dayNumber(`${year}-04-01`);
  const weekday = (april1 + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return april1 + ((8 - weekday) % 7);
}

const firstsByWeek = new Map<DayNumber, DayNumber[]>();

/** The 1st-of-month days in the week starting `monday` (memoised: asked once per tenancy per week). */
function firstsOfMonth(monday: DayNumber): DayNumber[] {
  let days = firstsByWeek.get(monday);
  if (days === undefined) {
    days = [];
    for (let day = monday; day < monday + 7; day++) if (isoDate(day).endsWith('-01')) days.push(day);
    firstsByWeek.set(monday, days);
  }
  return days;
}

export function* rentTransactions(
  tenancy: TenancyModel,
  window: TransactionWindow,
  counter: TransactionCounter,
): Generator<UhRow<'rtrans'>> {
  const { life } = tenancy;
  const from = Math.max(window.start, life.cot);
  const until = life.eot === null ? window.end : Math.min(window.end, life.eot);
  if (from >= until) return;
  const rng = createPrng(life.seed);

  const row = (
    day: DayNumber,
    type: string,
    pence: number,
    channel: number,
    receipt: boolean,
  ): UhRow<'rtrans'> => {
    const batchid = (day - EPOCH_2000) * 10 + channel;
    const transno = ++counter.transno;
    const { year, week } = rentWeek(day);
    return {
      batchid,
      batchno: String(batchid % 1_000_000),
      transno,
      line_no: 1,
      line_segno: '1',
      tag_ref: tenancy.row.tag_ref,
      prop_ref: tenancy.property.row.prop_ref,
      house_ref: tenancy.household.row.house_ref,
      rentgroup: tenancy.row.rentgrp_ref,
      trans_type: type,
      trans_ref: receipt ? life.paymentRef : '',
      post_date: sqlDate(day),
      post_year: year,
      post_prdno: String(week),
      real_value: money(pence),
      adjustment: false,
      receipted: receipt,
      rtrans_sid: transno,
    };
  };

  if (life.openingBalancePence !== 0 && life.cot < window.start)
    yield row(window.start, 'ROB', life.openingBalancePence, channels.ROB, false);

  const weeklyCharge = life.quarterly
    ? Math.round((life.servicePence * 13) / 3 / (52 / 12))
    : life.rentPence + life.servicePence;
  const pay = (pence: number): number => -Math.round(pence * life.payRatio);
  let receiptNo = 0;
  const receipt = function* (
    day: DayNumber,
    type: 'RHB' | 'RDD' | 'RPY' | 'RSO',
    pence: number,
  ): Generator<UhRow<'rtrans'>> {
    if (day < from || day >= until || pence === 0) return;
    const first = row(day, type, pence, channels[type], true);
    yield first;
    if (life.duplicateReceipt === receiptNo++) {
      // The same payment posted twice (UH has no primary key to stop it): only transno differs.
      const transno = ++counter.transno;
      yield { ...first, transno, rtrans_sid: transno };
    }
  };

  // Mondays from the window start (itself a Monday) to the end.
  for (let monday = window.start, index = 0; monday < window.end; monday += 7, index++) {
    if (monday >= from && monday < until) {
      const { week } = rentWeek(monday);
      if (life.rentPence > 0)
        yield row(
          monday,
          tenancy.row.tenure === 'TPL' ? 'DTA' : 'DBR',
          life.rentPence,
          channels.debit,
          false,
        );
      if (life.quarterly) {
        if (week % 13 === 1) yield row(monday, 'DSC', life.servicePence * 13, channels.debit, false);
      } else if (life.servicePence > 0) yield row(monday, 'DSC', life.servicePence, channels.debit, false);
    }
    switch (life.paymentMethod) {
      case 'RHB':
        if (index % 4 === 3) yield* receipt(monday + 3, 'RHB', pay(weeklyCharge * 4));
        break;
      case 'RPY': {
        const skipped = rng.chance(0.1);
        const day = monday + rng.int(0, 5);
        if (!skipped) yield* receipt(day, 'RPY', pay(weeklyCharge + rng.int(-2, 2) * 100));
        break;
      }
      case 'RSO':
        if (index % 2 === 1) yield* receipt(monday + 4, 'RSO', pay(weeklyCharge * 2));
        break;
      case 'RDD':
        // Collected on the 1st of the month, whichever weekday that falls on.
        for (const day of firstsOfMonth(monday))
          yield* receipt(day, 'RDD', pay(Math.round((weeklyCharge * 52) / 12)));
        break;
    }
  }
}
