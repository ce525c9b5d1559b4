import type {
  PersonRecord,
  PropertyRecord,
  RentTransactionRecord,
  RepairRecord,
  TenancyRecord,
} from '../model/records';

/**
 * Rows of the cloud model to the graph's records. The model stores values as the graph serves them, so
 * this is renaming only: no cleaning happens here (it happened once, at the UH boundary, on the way in).
 */
export const PROPERTY_COLUMNS = `p.reference, p.level, p.level_code, p.address_line1, p.address_line2, p.address_line3,
  p.address_line4, p.postcode, p.uprn, p.number_of_bedrooms, p.parent_reference`;

export interface PropertyRow {
  reference: string;
  level: PropertyRecord['level'];
  level_code: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_line3: string | null;
  address_line4: string | null;
  postcode: string | null;
  uprn: string | null;
  number_of_bedrooms: number | null;
  parent_reference: string | null;
}

export function toPropertyRecord(row: PropertyRow): PropertyRecord {
  return {
    reference: row.reference,
    level: row.level,
    levelCode: row.level_code,
    address: {
      line1: row.address_line1,
      line2: row.address_line2,
      line3: row.address_line3,
      line4: row.address_line4,
      postcode: row.postcode,
    },
    uprn: row.uprn,
    numberOfBedrooms: row.number_of_bedrooms,
    parentReference: row.parent_reference,
  };
}

// Dates leave PostgreSQL as text (to_char), money as numeric text: never a JS Date or float.
export const TENANCY_COLUMNS = `t.reference, t.property_reference, t.house_ref, t.tenure_code, t.tenure_description,
  to_char(t.start_date, 'YYYY-MM-DD') AS start_date, to_char(t.end_date, 'YYYY-MM-DD') AS end_date, t.is_terminated,
  t.payment_reference, t.rent::text AS rent, t.service_charge::text AS service_charge, t.other_charge::text AS other_charge,
  t.balance::text AS balance`;

export interface TenancyRow {
  reference: string;
  property_reference: string | null;
  house_ref: string | null;
  tenure_code: string | null;
  tenure_description: string | null;
  start_date: string | null;
  end_date: string | null;
  is_terminated: boolean;
  payment_reference: string | null;
  rent: string | null;
  service_charge: string | null;
  other_charge: string | null;
  balance: string | null;
}

export function toTenancyRecord(row: TenancyRow): TenancyRecord {
  return {
    reference: row.reference,
    propertyReference: row.property_reference,
    houseRef: row.house_ref,
    tenure: row.tenure_code === null ? null : { code: row.tenure_code, description: row.tenure_description },
    startDate: row.start_date,
    endDate: row.end_date,
    terminated: row.is_terminated,
    paymentReference: row.payment_reference,
    charges: { rent: row.rent, service: row.service_charge, other: row.other_charge },
    balance: row.balance,
  };
}

export const MEMBER_COLUMNS = `m.id, m.house_ref, m.person_no, m.title, m.first_name, m.surname,
  to_char(m.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, m.is_responsible`;

export interface MemberRow {
  id: string;
  house_ref: string;
  person_no: number;
  title: string | null;
  first_name: string | null;
  surname: string | null;
  date_of_birth: string | null;
  is_responsible: boolean;
}

export function toPersonRecord(row: MemberRow): PersonRecord {
  return {
    id: row.id,
    houseRef: row.house_ref,
    personNo: row.person_no,
    title: row.title,
    firstName: row.first_name,
    surname: row.surname,
    dateOfBirth: row.date_of_birth,
    isResponsible: row.is_responsible,
  };
}

export const REPAIR_COLUMNS = `r.reference, r.property_reference, r.priority, r.status,
  to_char(r.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS raised_at, r.description`;

export interface RepairRow {
  reference: string;
  property_reference: string | null;
  priority: RepairRecord['priority'];
  status: string | null;
  raised_at: string | null;
  description: string | null;
}

export function toRepairRecord(row: RepairRow): RepairRecord {
  return {
    reference: row.reference,
    propertyReference: row.property_reference,
    priority: row.priority,
    status: row.status,
    raisedAt: row.raised_at,
    description: row.description,
  };
}

export const TRANSACTION_COLUMNS = `x.tenancy_reference, to_char(x.posted_date, 'YYYY-MM-DD') AS posted_date, x.type_code,
  x.type_description, x.amount::text AS amount, x.reference, x.batch_id, x.trans_no, x.line_no, x.line_segno`;

export interface TransactionRow {
  tenancy_reference: string;
  posted_date: string;
  type_code: string;
  type_description: string | null;
  amount: string;
  reference: string | null;
  batch_id: number;
  trans_no: number;
  line_no: number;
  line_segno: number;
}

export function toTransactionRecord(row: TransactionRow): RentTransactionRecord {
  return {
    date: row.posted_date,
    type: { code: row.type_code, description: row.type_description },
    amount: row.amount,
    reference: row.reference,
  };
}
