import { buildHousehold, mobile } from './buildHousehold';
import { createPrng, hashSeed, type Prng } from './createPrng';
import type { BuildContext, PaymentMethod, PropertyModel, TenancyLife, TenancyModel } from './uhModel';
import { dayNumber, NO_DATE, money, sqlDate, tagRef, type DayNumber } from './uhFormats';
import type { UhRow } from './uhSeedTables';

/**
 * Tenancies on every lettable property: a current one unless the property is void or disposed, and
 * for some an earlier, ended one. Each tenancy has its own household, members and contact record.
 * cur_bal is filled in later from the rent transactions (see generateUhSeed).
 */
export function buildTenancies(
  ctx: BuildContext,
  rng: Prng,
  properties: readonly PropertyModel[],
): TenancyModel[] {
  const tenancies: TenancyModel[] = [];
  const { today, shape, counters } = ctx;
  const windowStart = today - shape.transactionWeeks * 7;
  const lettable = properties.filter((p) => p.status === 'let');

  // A few empty homes, and some sold/demolished homes UH still lists as level-7 dwellings.
  for (const p of lettable) if (p.kind !== 'garage' && rng.chance(0.03)) p.status = 'void';
  const houses = lettable.filter((p) => p.kind === 'house' && p.status === 'let');
  for (let i = 0; i < shape.faultMultiplier && i < houses.length; i++)
    (houses[i * 3] ?? houses[i])!.status = 'disposed';

  const addTenancy = (property: PropertyModel, cot: DayNumber, eot: DayNumber | null): TenancyModel => {
    const household = buildHousehold(rng, counters, property, cot, today);
    const base = counters.nextTagBase();
    const ref = tagRef(base, 1);
    const leasehold = property.row.ownership === 'LEASEHOLD';
    const [tenure, rentgrp] = tenureFor(rng, property, leasehold, cot, today);
    const quarterly = tenure === 'LEA' || tenure === 'FRE';
    const rentPence = rentFor(rng, tenure, property.bedrooms);
    const servicePence = quarterly
      ? rng.int(1500, 4000)
      : property.kind === 'flat' && rng.chance(0.6)
        ? rng.int(300, 2500)
        : 0;
    const paymentMethod: PaymentMethod = quarterly
      ? 'RDD'
      : rng.weighted<PaymentMethod>([
          ['RHB', 4],
          ['RDD', 2],
          ['RPY', 3],
          ['RSO', 1],
        ]);
    const payRatio = rng.weighted<number>([
      [1, 70],
      [rng.int(80, 99) / 100, 15],
      [rng.int(102, 110) / 100, 10],
      [rng.int(30, 60) / 100, 5],
    ]);
    const openingBalancePence = rng.weighted<number>([
      [0, 60],
      [rng.int(1_000, 50_000), 25],
      [-rng.int(1_000, 20_000), 10],
      [rng.int(50_000, 300_000), 5],
    ]);
    const paymentRef = String(counters.nextPaymentRef());
    const life: TenancyLife = {
      cot,
      eot,
      rentPence,
      servicePence,
      quarterly,
      paymentMethod,
      payRatio,
      openingBalancePence: cot < windowStart ? openingBalancePence : 0,
      paymentRef,
      seed: hashSeed(`tenancy:${ref}`),
      duplicateReceipt: null,
    };
    const ended = eot !== null;
    const noDate = (): string | null => (rng.chance(0.6) ? NO_DATE : null);
    const noticeDate = noDate();
    const row: UhRow<'tenagree'> = {
      tag_ref: ref,
      prop_ref: property.row.prop_ref,
      house_ref: household.row.house_ref,
      tenure,
      agr_type: 'M',
      rentgrp_ref: rentgrp,
      cot: sqlDate(cot),
      eot: ended ? sqlDate(eot) : noDate(),
      terminated: ended,
      present: !ended,
      active: !ended,
      rent: money(rentPence),
      service: money(quarterly ? 0 : servicePence),
      other_charge: money(0),
      cur_bal: money(0),
      u_saff_rentacc: paymentRef,
      u_saff_tenancy: '',
      u_notice_served: noticeDate,
      courtdate: noticeDate,
      evictdate: noticeDate,
      potentialenddate: tenure === 'INT' ? sqlDate(cot + 365) : NO_DATE,
      dtstamp: sqlDate(Math.max(cot, ended ? eot : today - rng.int(1, 400))),
      tenagree_sid: ++counters.tenagreeSid,
    };
    const contactRng = createPrng(life.seed ^ 0x5eed);
    const contact: UhRow<'contacts'> = {
      con_key: ++counters.conKey,
      con_ref: household.row.house_ref,
      con_type: 'T',
      con_name: household.row.house_desc,
      con_address: property.row.address1,
      con_postcode: property.postcode,
      con_phone1: household.row.telephone,
      con_phone2: contactRng.chance(0.4) ? mobile(contactRng) : '',
      con_phone3: '',
      email_address: household.row.email_address ?? '',
      tag_ref: ref,
      prop_ref: property.row.prop_ref,
      contacts_sid: counters.conKey,
    };
    for (const m of household.members) if (m.responsible) m.contacts_sid = contact.contacts_sid;
    const tenancy: TenancyModel = { row, property, household, life, current: !ended, contact };
    tenancies.push(tenancy);
    return tenancy;
  };

  for (const property of properties) {
    if (property.status === 'structure') continue;
    let currentCot =
      property.kind === 'garage'
        ? rng.int(today - 12 * 365, today - 60)
        : rng.int(dayNumber('1978-01-01'), today - 30);
    if (rng.chance(shape.priorTenancyRate) || property.status === 'disposed') {
      // An ended tenancy: some end inside the transaction window, so their last weeks carry transactions.
      const endsInWindow = shape.transactionWeeks >= 26 && rng.chance(0.25);
      const eot = endsInWindow
        ? rng.int(windowStart + 14, today - 45)
        : rng.int(dayNumber('1990-01-01'), windowStart - 60);
      const cot = rng.int(Math.max(dayNumber('1975-01-01'), eot - 30 * 365), eot - 365);
      addTenancy(property, cot, eot);
      currentCot = Math.min(today - 14, eot + rng.int(7, 28));
    }
    if (property.status === 'let') {
      const tenancy = addTenancy(property, currentCot, null);
      property.row.house_ref = tenancy.household.row.house_ref;
    } else {
      property.row.occ_stat = property.status === 'void' ? 'VOI' : 'DIS';
      if (property.status === 'disposed') {
        property.row.letable = false;
        property.row.ownership = 'DISPOSED';
      }
    }
  }
  return tenancies;
}

function tenureFor(
  rng: Prng,
  property: PropertyModel,
  leasehold: boolean,
  cot: DayNumber,
  today: DayNumber,
): [string, string] {
  if (property.kind === 'garage') return ['TGA', 'GPS'];
  if (leasehold) return ['LEA', 'LSC'];
  const recent = today - cot < 365;
  const tenure =
    property.kind === 'house'
      ? rng.weighted<string>([
          ['SEC', 75],
          ['TPL', 10],
          ['NON', 5],
          ['FRE', 3],
          [recent ? 'INT' : 'SEC', 7],
        ])
      : rng.weighted<string>([
          ['SEC', 82],
          ['TAF', 5],
          ['NON', 3],
          [recent ? 'INT' : 'SEC', 10],
        ]);
  switch (tenure) {
    case 'TPL':
      return [tenure, 'TAG'];
    case 'TAF':
      return [tenure, 'TAH'];
    case 'FRE':
      return [tenure, 'LSC'];
    default:
      return [tenure, 'HRA'];
  }
}

function rentFor(rng: Prng, tenure: string, bedrooms: number): number {
  switch (tenure) {
    case 'TGA':
      return rng.int(1000, 1800);
    case 'LEA':
    case 'FRE':
      return 0;
    case 'TPL':
      return rng.int(25_000, 32_000);
    default:
      return 9000 + bedrooms * 1800 + rng.int(0, 1500);
  }
}
