import { styledName } from './buildHousehold';
import { contactKey, FaultPlanter, memberKey, repairKey, trimmed } from './FaultPlanter';
import { longDoubleBarrelledSurname, organisationTenant } from './seedNames';
import { repairStatuses } from './uhLookupRows';
import { NO_DATE, sqlDate } from './uhFormats';
import type { UhRow } from './uhSeedTables';

/** Member, phone and repair faults (README issues 2, 10, 11, 12, 14, 17). */
export function plantPeopleFaults(f: FaultPlanter): void {
  const { log, model, rng, ctx } = f;
  const n = f.several;
  const head = (members: readonly UhRow<'member'>[]): UhRow<'member'> => {
    const first = members[0];
    if (first === undefined) throw new Error('seed faults: household without members');
    return first;
  };

  log.declare(
    'surname-truncated',
    10,
    `A 26-character double-barrelled surname cut to char(20); househ.house_desc still has it whole.`,
  );
  for (const t of f.take('tenancies for surname-truncated', f.currentTenancies, n)) {
    const member = head(t.household.members);
    member.surname = longDoubleBarrelledSurname.slice(0, 20);
    member.ci_surname = String(member.surname).toUpperCase();
    t.household.row.house_desc = t.household.members
      .filter((m) => m.responsible)
      .map(styledName)
      .join(' & ')
      .replace(String(member.surname), longDoubleBarrelledSurname);
    t.contact.con_name = t.household.row.house_desc;
    f.record(
      'surname-truncated',
      'member',
      memberKey(member),
      'surname',
      member.surname,
      `really ${longDoubleBarrelledSurname}`,
    );
  }

  log.declare(
    'organisation-tenant',
    10,
    `An organisation ('${organisationTenant}') as the only, responsible member: no forename, title, gender or DOB.`,
  );
  log.declare('dob-1900', 2, 'Members whose unknown date of birth is stored as 1900-01-01.');
  for (const t of f.take('tenancies for organisation-tenant', f.currentTenancies, n)) {
    const member = head(t.household.members);
    Object.assign(member, {
      title: '',
      forename: '',
      surname: organisationTenant,
      ci_surname: organisationTenant.toUpperCase(),
      dob: NO_DATE,
      gender: '',
      ni_no: '',
      relationship: 'H',
      responsible: true,
      oap: false,
    });
    t.household.members = [member];
    Object.assign(t.household.row, { house_desc: organisationTenant, joint_ten: false, house_size: '1' });
    t.contact.con_name = organisationTenant;
    f.record(
      'organisation-tenant',
      'member',
      memberKey(member),
      'surname',
      member.surname,
      `responsible member of ${trimmed(t.row.tag_ref)}`,
    );
    f.record('dob-1900', 'member', memberKey(member), 'dob', member.dob, 'an organisation has no DOB');
  }

  log.declare('empty-forename', 10, 'A responsible member with an empty forename.');
  for (const t of f.take('tenancies for empty-forename', f.currentTenancies, n)) {
    const member = head(t.household.members);
    member.forename = '';
    f.record('empty-forename', 'member', memberKey(member), 'forename', '');
  }

  for (const t of f.take('tenancies for dob-1900', f.currentTenancies, n)) {
    const member = head(t.household.members);
    member.dob = NO_DATE;
    f.record('dob-1900', 'member', memberKey(member), 'dob', NO_DATE);
  }

  log.declare(
    'duplicate-person',
    11,
    'One person in two households (moved from an ended tenancy to a live one), spelt differently or with DOB 1900-01-01 in the second; records come in pairs.',
  );
  const movers = f.take('ended tenancies for duplicate-person', f.endedTenancies, n);
  const destinations = f.take('tenancies for duplicate-person', f.currentTenancies, n);
  movers.forEach((from, i) => {
    const to = destinations[i];
    if (to === undefined) throw new Error('seed faults: duplicate-person pair');
    const original = head(from.household.members);
    const misspelt = i % 2 === 0;
    const surname = String(original.surname);
    const copy: UhRow<'member'> = {
      ...original,
      house_ref: to.household.row.house_ref,
      person_no: String(to.household.members.length + 1),
      surname: misspelt ? surname.replace(/([aeiou])/, '$1$1') : surname,
      ci_surname: (misspelt ? surname.replace(/([aeiou])/, '$1$1') : surname).toUpperCase(),
      dob: misspelt ? original.dob : NO_DATE,
      relationship: 'O',
      responsible: false,
      member_sid: ++model.counters.memberSid,
      contacts_sid: null,
    };
    to.household.members.push(copy);
    to.household.row.house_size = String(to.household.members.length);
    f.record(
      'duplicate-person',
      'member',
      memberKey(original),
      'surname',
      original.surname,
      `also ${JSON.stringify(memberKey(copy))}`,
    );
    f.record(
      'duplicate-person',
      'member',
      memberKey(copy),
      misspelt ? 'surname' : 'dob',
      misspelt ? copy.surname : copy.dob,
      `same person as ${JSON.stringify(memberKey(original))}`,
    );
  });

  log.declare(
    'dob-out-of-range',
    14,
    'A DOB outside 1900-01-01..today: the Excel epoch 1899-12-30, or a future date.',
  );
  f.take('tenancies for dob-out-of-range', f.currentTenancies, n * 2).forEach((t, i) => {
    const member = head(t.household.members);
    member.dob = i % 2 === 0 ? '1899-12-30 00:00:00.000' : sqlDate(ctx.today + rng.int(365, 3650));
    f.record('dob-out-of-range', 'member', memberKey(member), 'dob', member.dob);
  });

  log.declare(
    'multi-valued-phone',
    12,
    "Two numbers in one phone field: '79460123/07700900123' in con_phone1 (char(21)), '020 7946 0123 / 07700 900123' in rq_phone (text).",
  );
  for (const t of f.take('tenancies for multi-valued-phone', f.currentTenancies, n)) {
    const land = `7946${String(rng.int(0, 9999)).padStart(4, '0')}`;
    const mob = `07700900${String(rng.int(0, 999)).padStart(3, '0')}`;
    t.contact.con_phone1 = `${land}/${mob}`;
    f.record(
      'multi-valued-phone',
      'contacts',
      contactKey(t.contact),
      'con_phone1',
      t.contact.con_phone1,
      `tenancy ${trimmed(t.row.tag_ref)}`,
    );
  }
  const [phoned] = f.take(
    'repairs with a phone for multi-valued-phone',
    model.repairs.filter((r) => r.rq_phone !== null),
    1,
  );
  if (phoned === undefined) throw new Error('seed faults: no repair with a phone');
  phoned.rq_phone = `020 7946 0${String(rng.int(100, 999))} / 07700 900${String(rng.int(100, 999))}`;
  f.record('multi-valued-phone', 'rmreqst', repairKey(phoned), 'rq_phone', phoned.rq_phone);

  log.declare(
    'reopened-repair-blank-cancel',
    2,
    "A completed repair reopened the 2018 way: rq_status='000', rq_cancel='', rq_cancel_date='' (stored as 1900-01-01).",
  );
  const completed = model.repairs.filter((r) => r.rq_status === repairStatuses.completed);
  for (const r of f.take('completed repairs for reopened-repair-blank-cancel', completed, n)) {
    Object.assign(r, { rq_status: repairStatuses.open, rq_cancel: '', rq_cancel_date: NO_DATE });
    f.record('reopened-repair-blank-cancel', 'rmreqst', repairKey(r), 'rq_cancel_date', r.rq_cancel_date);
  }

  log.declare(
    'long-text',
    17,
    'A repair whose rq_problem (text) is 40,000 characters, past DMS LobMaxSize 32 KB.',
  );
  const [chatty] = f.take('repairs for long-text', model.repairs, 1);
  if (chatty === undefined) throw new Error('seed faults: no repairs');
  const note = `${String(chatty.rq_problem)}. Tenant called again, problem persists, operative could not gain access. `;
  chatty.rq_problem = note.repeat(Math.ceil(40_000 / note.length)).slice(0, 40_000);
  f.record('long-text', 'rmreqst', repairKey(chatty), 'rq_problem', undefined, 'length 40000');
}
