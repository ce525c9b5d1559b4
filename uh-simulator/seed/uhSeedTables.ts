import type { SqlType, SqlValue } from '../engine/types';

/**
 * The columns the seed writes, per UH table, with their declared types (the same types as
 * `schema/uh-schema.sql`). Columns left out take their schema defaults: `tstamp` (assigned by the
 * database), `comp_avail`/`comp_display`. Every NOT NULL column whose default is `getdate()` or `''`
 * is written explicitly, because a wall-clock default would make the seed differ between runs.
 */

const char = (length: number): SqlType => ({ name: 'char', length });
const varchar = (length: number): SqlType => ({ name: 'varchar', length });
const numeric = (precision: number, scale: number): SqlType => ({ name: 'numeric', precision, scale });
const int: SqlType = { name: 'int' };
const bit: SqlType = { name: 'bit' };
const text: SqlType = { name: 'text' };
const smalldatetime: SqlType = { name: 'smalldatetime' };
const datetime: SqlType = { name: 'datetime' };

function table<const C extends Record<string, SqlType>>(name: string, columns: C) {
  return { name, columns, columnNames: Object.keys(columns) as (keyof C & string)[] };
}

export const uhSeedTables = {
  lulevel: table('lulevel', { lu_ref: char(1), lu_desc: char(20), lu_dwelling: bit }),
  tenure: table('tenure', { ten_type: char(3), ten_desc: char(15), leasehold: bit, ten_secure: bit }),
  debtype: table('debtype', { deb_code: char(3), deb_desc: char(20) }),
  rectype: table('rectype', { rec_code: char(3), rec_desc: char(20) }),
  lookup: table('lookup', { lu_type: char(3), lu_ref: char(3), lu_desc: varchar(80) }),
  postcode: table('postcode', {
    post_code: char(10),
    aline1: char(50),
    aline2: char(50),
    aline3: char(50),
    aline4: char(50),
    ci_post_code: char(10),
    postcode_sid: int,
  }),
  property: table('property', {
    prop_ref: char(12),
    level_code: char(1),
    major_ref: char(12),
    u_estate: char(16),
    u_block: char(16),
    cat_type: char(3),
    subtyp_code: char(3),
    address1: char(255),
    short_address: char(200),
    post_preamble: char(60),
    post_desig: char(60),
    post_code: char(10),
    u_llpg_ref: char(16),
    u_llpgref: char(12),
    occ_stat: char(3),
    num_bedrooms: int,
    letable: bit,
    managed_property: bit,
    no_maint: bit,
    ownership: char(10),
    arr_patch: char(3),
    house_ref: char(10),
    dtstamp: smalldatetime,
    property_sid: int,
  }),
  househ: table('househ', {
    house_ref: char(10),
    prop_ref: char(12),
    house_desc: char(73),
    joint_ten: bit,
    house_size: numeric(2, 0),
    corr_preamble: char(60),
    corr_desig: char(60),
    corr_postcode: char(10),
    telephone: char(21),
    email_address: varchar(50),
    househ_sid: int,
  }),
  tenagree: table('tenagree', {
    tag_ref: char(11),
    prop_ref: char(12),
    house_ref: char(10),
    tenure: char(3),
    agr_type: char(1),
    rentgrp_ref: char(3),
    cot: smalldatetime,
    eot: smalldatetime,
    terminated: bit,
    present: bit,
    active: bit,
    rent: numeric(9, 2),
    service: numeric(9, 2),
    other_charge: numeric(9, 2),
    cur_bal: numeric(9, 2),
    u_saff_rentacc: char(20),
    u_saff_tenancy: char(12),
    u_notice_served: smalldatetime,
    courtdate: smalldatetime,
    evictdate: smalldatetime,
    potentialenddate: smalldatetime,
    dtstamp: smalldatetime,
    tenagree_sid: int,
  }),
  member: table('member', {
    house_ref: char(10),
    person_no: numeric(2, 0),
    title: char(10),
    forename: char(24),
    surname: char(20),
    ci_surname: varchar(255),
    dob: datetime,
    gender: char(1),
    ni_no: char(12),
    relationship: char(1),
    responsible: bit,
    oap: bit,
    at_risk: bit,
    full_ed: bit,
    bank_acc_type: char(3),
    member_sid: int,
    contacts_sid: int,
  }),
  contacts: table('contacts', {
    con_key: int,
    con_ref: char(12),
    con_type: char(1),
    con_name: varchar(73),
    con_address: char(200),
    con_postcode: char(10),
    con_phone1: char(21),
    con_phone2: char(21),
    con_phone3: char(21),
    email_address: char(50),
    tag_ref: char(11),
    prop_ref: char(12),
    contacts_sid: int,
  }),
  rtrans: table('rtrans', {
    batchid: int,
    batchno: numeric(6, 0),
    transno: int,
    line_no: int,
    line_segno: numeric(2, 0),
    tag_ref: char(11),
    prop_ref: char(12),
    house_ref: char(10),
    rentgroup: char(3),
    trans_type: char(3),
    trans_ref: char(12),
    post_date: smalldatetime,
    post_year: int,
    post_prdno: numeric(3, 0),
    real_value: numeric(9, 2),
    adjustment: bit,
    receipted: bit,
    rtrans_sid: int,
  }),
  rmreqst: table('rmreqst', {
    rq_ref: char(8),
    prop_ref: char(12),
    house_ref: char(10),
    rq_date: datetime,
    rq_problem: text,
    rq_priority: char(3),
    rq_status: char(3),
    rq_name: char(40),
    rq_phone: text,
    rq_cancel: char(3),
    rq_cancel_date: datetime,
    user_code: char(3),
    rmreqst_sid: int,
  }),
  sysserial: table('sysserial', { ser_type: char(10), ser_value: int }),
} as const;

export type UhSeedTables = typeof uhSeedTables;
export type UhTableName = keyof UhSeedTables;

/** A row of one table as the seed holds it: canonical SqlValues (char values unpadded; the database pads). */
export type UhRow<T extends UhTableName> = { -readonly [K in keyof UhSeedTables[T]['columns']]: SqlValue };

/** Load order: lookups, then each table after the ones it refers to (UH declares no foreign keys, but readers expect it). */
export const uhTableOrder: readonly UhTableName[] = [
  'lulevel',
  'tenure',
  'debtype',
  'rectype',
  'lookup',
  'postcode',
  'property',
  'househ',
  'tenagree',
  'member',
  'contacts',
  'rtrans',
  'rmreqst',
  'sysserial',
];

export function columnType(tableName: UhTableName, column: string): SqlType {
  const columns: Record<string, SqlType> = uhSeedTables[tableName].columns;
  const type = columns[column];
  if (type === undefined) throw new Error(`uhSeedTables: table ${tableName} has no seeded column ${column}`);
  return type;
}

/** The value as a SELECT returns it: char(n) right-padded to n (UH's storage), everything else unchanged. */
export function storedValue(tableName: UhTableName, column: string, value: SqlValue): SqlValue {
  const type = columnType(tableName, column);
  if (type.name === 'char' && typeof value === 'string' && type.length !== undefined)
    return value.padEnd(type.length, ' ');
  return value;
}
