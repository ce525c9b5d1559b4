import { contactKey, FaultPlanter, repairKey, tenancyKey, trimmed } from './FaultPlanter';
import { isoDate, NO_DATE, propRef, sqlDate } from './uhFormats';
import type { TenancyModel } from './uhModel';

/** Tenancy, payment-reference and contact faults (README issues 1, 3, 4, 5, 14, 15, 19). */
export function plantTenancyFaults(f: FaultPlanter): void {
  const { log, model, rng, ctx } = f;
  const n = f.several;
  const windowStart = ctx.today - ctx.shape.transactionWeeks * 7;

  log.declare(
    'leading-space-ref',
    1,
    "An app-written ref with a leading space (' 00032896'): joins on prop_ref fail unless LTRIM'd.",
  );
  for (const t of f.take('tenancies for leading-space-ref', f.currentTenancies, n)) {
    t.row.prop_ref = ` ${trimmed(t.property.row.prop_ref)}`;
    f.record('leading-space-ref', 'tenagree', tenancyKey(t), 'prop_ref', t.row.prop_ref);
  }
  const [repair] = f.take('repairs for leading-space-ref', model.repairs, 1);
  if (repair === undefined) throw new Error('seed faults: no repairs');
  repair.prop_ref = ` ${trimmed(repair.prop_ref)}`;
  f.record('leading-space-ref', 'rmreqst', repairKey(repair), 'prop_ref', repair.prop_ref);

  log.declare(
    'unpadded-ref',
    1,
    "A contact whose prop_ref lost its leading zeros ('32896' for '00032896'): matches only after zero-padding.",
  );
  for (const t of f.take('tenancies for unpadded-ref', f.currentTenancies, n)) {
    t.contact.prop_ref = String(Number(t.property.row.prop_ref));
    f.record(
      'unpadded-ref',
      'contacts',
      contactKey(t.contact),
      'prop_ref',
      t.contact.prop_ref,
      `tenancy ${trimmed(t.row.tag_ref)} is on ${trimmed(t.property.row.prop_ref)}`,
    );
  }

  log.declare('blank-tenure', 3, "A live tenancy whose tenure code is blank (' '), not NULL.");
  for (const t of f.take('tenancies for blank-tenure', f.currentTenancies, n)) {
    t.row.tenure = ' ';
    f.record('blank-tenure', 'tenagree', tenancyKey(t), 'tenure', t.row.tenure);
  }

  log.declare(
    'duplicate-payment-ref',
    4,
    'Two live tenancies with the same payment reference (u_saff_rentacc); records come in pairs.',
  );
  for (let i = 0; i < n; i++) {
    const [first, second] = f.take('tenancies for duplicate-payment-ref', f.currentTenancies, 2);
    if (first === undefined || second === undefined)
      throw new Error('seed faults: duplicate-payment-ref pair');
    second.row.u_saff_rentacc = first.row.u_saff_rentacc;
    for (const [t, other] of [
      [first, second],
      [second, first],
    ] as const) {
      f.record(
        'duplicate-payment-ref',
        'tenagree',
        tenancyKey(t),
        'u_saff_rentacc',
        t.row.u_saff_rentacc,
        `same as ${trimmed(other.row.tag_ref)}`,
      );
    }
  }

  log.declare(
    'duplicate-rtrans-posting',
    4,
    'A receipt posted twice: two rtrans rows identical except transno/rtrans_sid (no primary key stops it); records come in pairs.',
  );
  const payers = f.currentTenancies.filter(
    (t) => t.life.cot < windowStart && t.life.paymentMethod !== 'RPY' && t.life.payRatio > 0,
  );
  for (const t of f.take('tenancies for duplicate-rtrans-posting', payers, n)) t.life.duplicateReceipt = 0;

  log.declare(
    'duplicate-contact',
    4,
    'Two contacts rows for one tenancy (a changed phone number saved as a new record); records come in pairs.',
  );
  for (const t of f.take('tenancies for duplicate-contact', f.currentTenancies, n)) {
    const copy = {
      ...t.contact,
      con_key: ++model.counters.conKey,
      con_phone1: `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`,
    };
    copy.contacts_sid = copy.con_key;
    model.extraContacts.push(copy);
    f.record(
      'duplicate-contact',
      'contacts',
      contactKey(t.contact),
      'tag_ref',
      t.contact.tag_ref,
      `duplicated by con_key ${String(copy.con_key)}`,
    );
    f.record(
      'duplicate-contact',
      'contacts',
      contactKey(copy),
      'tag_ref',
      copy.tag_ref,
      `duplicate of con_key ${String(t.contact.con_key)}`,
    );
  }

  log.declare(
    'blank-payment-ref',
    5,
    'A live tenancy with a blank payment reference (u_saff_rentacc all spaces).',
  );
  for (const t of f.take('tenancies for blank-payment-ref', f.currentTenancies, n)) {
    t.row.u_saff_rentacc = '';
    f.record(
      'blank-payment-ref',
      'tenagree',
      tenancyKey(t),
      'u_saff_rentacc',
      '',
      `its receipts in rtrans carry trans_ref ${t.life.paymentRef}`,
    );
  }

  log.declare(
    'payment-ref-off-by-one',
    5,
    'Two tenancies whose payment refs differ by 1, the second one mistyped (cf. 1938001204 -> 1938001203); its receipts carry the right ref.',
  );
  for (let i = 0; i < n; i++) {
    const [first, second] = f.take('tenancies for payment-ref-off-by-one', f.currentTenancies, 2);
    if (first === undefined || second === undefined)
      throw new Error('seed faults: payment-ref-off-by-one pair');
    second.row.u_saff_rentacc = String(Number(first.row.u_saff_rentacc) + 1);
    f.record(
      'payment-ref-off-by-one',
      'tenagree',
      tenancyKey(first),
      'u_saff_rentacc',
      first.row.u_saff_rentacc,
    );
    f.record(
      'payment-ref-off-by-one',
      'tenagree',
      tenancyKey(second),
      'u_saff_rentacc',
      second.row.u_saff_rentacc,
      `one more than ${trimmed(first.row.tag_ref)}'s; its receipts carry trans_ref ${second.life.paymentRef}`,
    );
  }

  log.declare(
    'cot-out-of-range',
    14,
    'A tenancy start (cot) before 1920 (a century typo: 20yy keyed as 19yy); smalldatetime cannot hold the Excel epoch 1899-12-30, see dob-out-of-range.',
  );
  const typoable = (t: TenancyModel): boolean => /^20[01]\d/.test(isoDate(t.life.cot));
  for (const t of f.take('tenancies for cot-out-of-range', f.currentTenancies.filter(typoable), n)) {
    t.row.cot = `19${String(t.row.cot).slice(2)}`;
    f.record(
      'cot-out-of-range',
      'tenagree',
      tenancyKey(t),
      'cot',
      t.row.cot,
      `really ${isoDate(t.life.cot)}`,
    );
  }

  log.declare('eot-future-terminated', 14, 'A terminated tenancy whose end date (eot) is in the future.');
  for (const t of f.take('ended tenancies for eot-future-terminated', f.endedTenancies, n)) {
    t.row.eot = sqlDate(ctx.today + rng.int(200, 900));
    f.record('eot-future-terminated', 'tenagree', tenancyKey(t), 'eot', t.row.eot, 'terminated = 1');
  }

  log.declare('terminated-without-eot', 15, 'terminated = 1 but eot = 1900-01-01 (no end date).');
  for (const t of f.take('ended tenancies for terminated-without-eot', f.endedTenancies, n)) {
    t.row.eot = NO_DATE;
    f.record('terminated-without-eot', 'tenagree', tenancyKey(t), 'eot', t.row.eot, 'terminated = 1');
  }

  log.declare('eot-without-terminated', 15, 'terminated = 0 although eot is a past date.');
  for (const t of f.take('ended tenancies for eot-without-terminated', f.endedTenancies, n)) {
    t.row.terminated = false;
    f.record(
      'eot-without-terminated',
      'tenagree',
      tenancyKey(t),
      'terminated',
      false,
      `eot ${String(t.row.eot).slice(0, 10)}`,
    );
  }

  log.declare(
    'orphan-tenancy-prop',
    19,
    'An ended tenancy on a prop_ref that is no longer in the property table (the home was removed from UH).',
  );
  for (const t of f.take('ended tenancies for orphan-tenancy-prop', f.endedTenancies, n)) {
    const gone = propRef(model.counters.nextPropRef());
    t.row.prop_ref = gone;
    t.household.row.prop_ref = gone;
    t.contact.prop_ref = gone;
    f.record(
      'orphan-tenancy-prop',
      'tenagree',
      tenancyKey(t),
      'prop_ref',
      gone,
      'no property row has this prop_ref (househ and contacts point at it too)',
    );
  }
}
