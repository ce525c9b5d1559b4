import type { PgStore } from '../../../stores/cloud/PgStore';
import type { UhStore } from '../../../stores/uh/UhStore';
import { propertiesByReference } from '../../../stores/uh/readProperties';
import { tenanciesByReference } from '../../../stores/uh/readTenancies';
import { contactsByHousehold, membersByHousehold } from '../../../stores/uh/readPeople';
import { repairsByReference } from '../../../stores/uh/readRepairs';
import { transactionsByTenancy } from '../../../stores/uh/readTransactions';

/**
 * The same keys as the legacy store serves them and as the cloud holds them, in the legacy records'
 * shape, so a test can assert `expect(cloud).toEqual(legacy)`: what forward capture applied is what the
 * legacy subgraph would answer.
 */
export interface Views {
  readonly legacy: Record<string, unknown>;
  readonly cloud: Record<string, unknown>;
}

export async function propertyViews(store: PgStore, uh: UhStore, refs: readonly string[]): Promise<Views> {
  const { rows } = await store.query(
    `SELECT reference, level, level_code, address_line1, address_line2, address_line3, address_line4, postcode,
      uprn, number_of_bedrooms, parent_reference FROM housing.property WHERE reference = ANY($1)`,
    [refs],
  );
  const legacy = await propertiesByReference(uh, refs);
  return {
    legacy: Object.fromEntries(refs.map((ref) => [ref, legacy.get(ref) ?? null])),
    cloud: Object.fromEntries(
      refs.map((ref) => {
        const p = rows.find((row) => row.reference === ref);
        return [
          ref,
          p === undefined
            ? null
            : {
                reference: p.reference,
                level: p.level,
                levelCode: p.level_code,
                address: {
                  line1: p.address_line1,
                  line2: p.address_line2,
                  line3: p.address_line3,
                  line4: p.address_line4,
                  postcode: p.postcode,
                },
                uprn: p.uprn,
                numberOfBedrooms: p.number_of_bedrooms,
                parentReference: p.parent_reference,
              },
        ];
      }),
    ),
  };
}

export async function tenancyViews(store: PgStore, uh: UhStore, refs: readonly string[]): Promise<Views> {
  const { rows } = await store.query(
    `SELECT reference, property_reference, house_ref, tenure_code, tenure_description,
      to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date, is_terminated,
      payment_reference, rent, service_charge, other_charge, balance FROM housing.tenancy WHERE reference = ANY($1)`,
    [refs],
  );
  const legacy = await tenanciesByReference(uh, refs);
  return {
    legacy: Object.fromEntries(refs.map((ref) => [ref, legacy.get(ref) ?? null])),
    cloud: Object.fromEntries(
      refs.map((ref) => {
        const t = rows.find((row) => row.reference === ref);
        return [
          ref,
          t === undefined
            ? null
            : {
                reference: t.reference,
                propertyReference: t.property_reference,
                houseRef: t.house_ref,
                tenure:
                  t.tenure_code === null ? null : { code: t.tenure_code, description: t.tenure_description },
                startDate: t.start_date,
                endDate: t.end_date,
                terminated: t.is_terminated,
                paymentReference: t.payment_reference,
                charges: { rent: t.rent, service: t.service_charge, other: t.other_charge },
                balance: t.balance,
              },
        ];
      }),
    ),
  };
}

export async function memberViews(store: PgStore, uh: UhStore, houseRefs: readonly string[]): Promise<Views> {
  const { rows } = await store.query(
    `SELECT id, house_ref, person_no, title, first_name, surname, to_char(date_of_birth, 'YYYY-MM-DD') AS dob,
      is_responsible FROM housing.household_member WHERE house_ref = ANY($1) ORDER BY house_ref, person_no`,
    [houseRefs],
  );
  const legacy = await membersByHousehold(uh, houseRefs);
  return {
    legacy: Object.fromEntries(houseRefs.map((ref) => [ref, legacy.get(ref) ?? []])),
    cloud: Object.fromEntries(
      houseRefs.map((ref) => [
        ref,
        rows
          .filter((m) => m.house_ref === ref)
          .map((m) => ({
            id: m.id,
            houseRef: m.house_ref,
            personNo: m.person_no,
            title: m.title,
            firstName: m.first_name,
            surname: m.surname,
            dateOfBirth: m.dob,
            isResponsible: m.is_responsible,
          })),
      ]),
    ),
  };
}

export async function contactViews(
  store: PgStore,
  uh: UhStore,
  houseRefs: readonly string[],
): Promise<Views> {
  const { rows } = await store.query(
    'SELECT house_ref, phones, email FROM housing.contact_details WHERE house_ref = ANY($1)',
    [houseRefs],
  );
  const legacy = await contactsByHousehold(uh, houseRefs);
  return {
    legacy: Object.fromEntries(houseRefs.map((ref) => [ref, legacy.get(ref) ?? null])),
    cloud: Object.fromEntries(
      houseRefs.map((ref) => {
        const c = rows.find((row) => row.house_ref === ref);
        return [ref, c === undefined ? null : { phones: c.phones, email: c.email }];
      }),
    ),
  };
}

export async function repairViews(store: PgStore, uh: UhStore, refs: readonly string[]): Promise<Views> {
  const { rows } = await store.query(
    `SELECT reference, property_reference, priority, status, raised_at, description FROM repairs.repair_request
     WHERE reference = ANY($1)`,
    [refs],
  );
  const legacy = await repairsByReference(uh, refs);
  return {
    legacy: Object.fromEntries(refs.map((ref) => [ref, legacy.get(ref) ?? null])),
    cloud: Object.fromEntries(
      refs.map((ref) => {
        const r = rows.find((row) => row.reference === ref);
        return [
          ref,
          r === undefined
            ? null
            : {
                reference: r.reference,
                propertyReference: r.property_reference,
                priority: r.priority,
                status: r.status,
                raisedAt: r.raised_at === null ? null : (r.raised_at as Date).toISOString(),
                description: r.description,
              },
        ];
      }),
    ),
  };
}

/** A tenancy's transactions, newest first (as the graph pages them), cursors left out. */
export async function transactionViews(
  store: PgStore,
  uh: UhStore,
  tagRefs: readonly string[],
): Promise<Views> {
  const { rows } = await store.query(
    `SELECT tenancy_reference, to_char(posted_date, 'YYYY-MM-DD') AS date, type_code, type_description, amount, reference
     FROM finance.rent_transaction WHERE tenancy_reference = ANY($1)
     ORDER BY posted_date DESC, batch_id DESC, trans_no DESC, line_no DESC, line_segno DESC`,
    [tagRefs],
  );
  const legacy = await transactionsByTenancy(uh, tagRefs, {
    take: 10_000,
    after: null,
    from: null,
    to: null,
  });
  return {
    legacy: Object.fromEntries(
      tagRefs.map((ref) => [ref, (legacy.get(ref)?.items ?? []).map((item) => item.node)]),
    ),
    cloud: Object.fromEntries(
      tagRefs.map((ref) => [
        ref,
        rows
          .filter((t) => t.tenancy_reference === ref)
          .map((t) => ({
            date: t.date,
            type: { code: t.type_code, description: t.type_description },
            amount: t.amount,
            reference: t.reference,
          })),
      ]),
    ),
  };
}
