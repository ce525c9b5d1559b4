import type { Prng } from './createPrng';
import { femaleForenames, mailDomains, maleForenames, surnames } from './seedNames';
import type { HouseholdModel, PropertyModel, SeedCounters } from './uhModel';
import { dayNumber, houseRef, sqlDate, type DayNumber } from './uhFormats';
import type { UhRow } from './uhSeedTables';

/** Drama-reserved numbers only (Ofcom): no real line is ever generated. */
export function landline(rng: Prng): string {
  return `020 7946 0${String(rng.int(0, 999)).padStart(3, '0')}`;
}
export function mobile(rng: Prng): string {
  return `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
}

/** 'Mr J Smith', the way UH's house_desc names a tenant. */
export function styledName(member: UhRow<'member'>): string {
  const forename = String(member.forename).trim();
  return [String(member.title).trim(), forename === '' ? '' : forename[0], String(member.surname).trim()]
    .filter((p) => p !== '')
    .join(' ');
}

/**
 * A household for one tenancy: one or two responsible adults (joint tenants), sometimes a partner
 * or adult relative, and children. `since` (the tenancy start) bounds the adults' ages.
 */
export function buildHousehold(
  rng: Prng,
  counters: SeedCounters,
  property: PropertyModel,
  since: DayNumber,
  today: DayNumber,
): HouseholdModel {
  const ref = houseRef(counters.nextHouseRef());
  const members: UhRow<'member'>[] = [];
  const surname = rng.pick(surnames);
  const joint = property.kind !== 'garage' && rng.chance(0.25);
  const latestAdultBirth = Math.min(since - 18 * 365, today - 18 * 365);

  const addPerson = (options: {
    adult: boolean;
    responsible: boolean;
    relationship: string;
    surname: string;
  }): UhRow<'member'> => {
    const female = rng.chance(0.52);
    const dob = options.adult
      ? rng.int(Math.max(dayNumber('1938-01-01'), latestAdultBirth - 50 * 365), latestAdultBirth)
      : rng.int(today - 17 * 365, today - 200);
    const age = (today - dob) / 365.25;
    const forename = female ? rng.pick(femaleForenames) : rng.pick(maleForenames);
    const member: UhRow<'member'> = {
      house_ref: ref,
      person_no: String(members.length + 1),
      title: options.adult ? (female ? rng.pick(['Ms', 'Mrs', 'Miss']) : 'Mr') : '',
      forename,
      surname: options.surname,
      ci_surname: options.surname.toUpperCase(),
      dob: sqlDate(dob),
      gender: female ? 'F' : 'M',
      ni_no: options.adult
        ? `QQ${String(rng.int(0, 999_999)).padStart(6, '0')}${rng.pick(['A', 'B', 'C', 'D'])}`
        : '',
      relationship: options.relationship,
      responsible: options.responsible,
      oap: age >= 66,
      at_risk: rng.chance(0.03),
      full_ed: !options.adult && age >= 5,
      bank_acc_type: '',
      member_sid: ++counters.memberSid,
      contacts_sid: null,
    };
    members.push(member);
    return member;
  };

  const head = addPerson({ adult: true, responsible: true, relationship: 'H', surname });
  if (joint)
    addPerson({
      adult: true,
      responsible: true,
      relationship: 'P',
      surname: rng.chance(0.6) ? surname : rng.pick(surnames),
    });
  else if (property.kind !== 'garage' && rng.chance(0.15))
    addPerson({ adult: true, responsible: false, relationship: 'P', surname });
  const children =
    property.kind === 'garage'
      ? 0
      : rng.weighted([
          [0, 5],
          [1, 2],
          [2, 2],
          [3, 1],
        ]);
  for (let c = 0; c < Math.min(children, property.bedrooms + 1); c++)
    addPerson({ adult: false, responsible: false, relationship: 'C', surname });

  const responsible = members.filter((m) => m.responsible);
  const email = rng.chance(0.6)
    ? `${String(head.forename).toLowerCase()}.${surname.toLowerCase()}${rng.int(1, 99)}@${rng.pick(mailDomains)}`
    : null;
  const row: UhRow<'househ'> = {
    house_ref: ref,
    prop_ref: property.row.prop_ref,
    house_desc: responsible.map(styledName).join(' & '),
    joint_ten: responsible.length > 1,
    house_size: String(members.length),
    corr_preamble: property.row.post_preamble,
    corr_desig: property.row.post_desig,
    corr_postcode: property.postcode,
    telephone: rng.chance(0.5) ? landline(rng) : mobile(rng),
    email_address: email,
    househ_sid: ++counters.househSid,
  };
  return { row, members };
}
