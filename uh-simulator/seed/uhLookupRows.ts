import type { UhRow } from './uhSeedTables';

/**
 * The code lists UH's entity rows refer to (domain README, "Code lists seen in public code").
 * Level codes 2/3/7 are confirmed; 1, 4, 5, 6, 8 are plausible, configurable values.
 */

export const levelCodes = {
  owner: '1',
  estate: '2',
  block: '3',
  subBlock: '4',
  dwelling: '7',
  nonDwelling: '8',
} as const;

export function lulevelRows(): UhRow<'lulevel'>[] {
  const levels: [string, string, boolean][] = [
    ['1', 'Owner', false],
    ['2', 'Estate', false],
    ['3', 'Block', false],
    ['4', 'Sub-Block', false],
    ['5', 'Area Grouping', false],
    ['6', 'Scheme Grouping', false],
    ['7', 'Dwelling', true],
    ['8', 'Non-Dwelling', false],
  ];
  return levels.map(([lu_ref, lu_desc, lu_dwelling]) => ({ lu_ref, lu_desc, lu_dwelling }));
}

/** [code, description, leasehold, secure] */
export const tenureTypes: readonly (readonly [string, string, boolean, boolean])[] = [
  ['ASY', 'Asylum Seeker', false, false],
  ['COM', 'Commercial Let', false, false],
  ['DEC', 'Temp Decant', false, false],
  ['FRE', 'Freehold', true, false],
  ['FRS', 'Freehold (Serv)', true, false],
  ['INT', 'Introductory', false, false],
  ['LEA', 'Leasehold (RTB)', true, false],
  ['LHS', 'Lse 100% Stair', true, false],
  ['LTA', 'License Temp Ac', false, false],
  ['MPA', 'Mesne Profit Ac', false, false],
  ['NON', 'Non-Secure', false, false],
  ['PVG', 'Private Garage', false, false],
  ['RSL', 'Registered Social Landlord', true, false],
  ['RTM', 'RenttoMortgage', false, false],
  ['SEC', 'Secure', false, true],
  ['SHO', 'Shared Owners', true, false],
  ['SLL', 'Short Life Lse', false, false],
  ['SPS', 'Private Sale LH', true, false],
  ['SSE', 'Shared Equity', true, false],
  ['TAF', 'Tenant Acc Flat', false, false],
  ['TBB', 'Temp B&B', false, false],
  ['TGA', 'Tenant Garage', false, false],
  ['THL', 'Temp Hostel Lse', false, false],
  ['THO', 'Temp Hostel', false, false],
  ['TLA', 'Temp Annex', false, false],
  ['TPL', 'Temp Private Lt', false, false],
  ['TRA', 'Temp Traveller', false, false],
];

export function tenureRows(): UhRow<'tenure'>[] {
  // ten_desc is char(15): 'Registered Social Landlord' is cut the way UH's column would hold it.
  return tenureTypes.map(([ten_type, desc, leasehold, ten_secure]) => ({
    ten_type,
    ten_desc: desc.slice(0, 15),
    leasehold,
    ten_secure,
  }));
}

export const debitCodes: readonly (readonly [string, string])[] = [
  ['DBR', 'Basic Rent (No VAT)'],
  ['DTA', 'Basic Rent Temp Acc'],
  ['DSO', 'Shared Owners Rent'],
  ['DGR', 'Ground Rent'],
  ['DSC', 'Service Charges'],
  ['DCB', 'Cleaning (Block)'],
  ['DCE', 'Cleaning (Estate)'],
  ['DCO', 'Concierge'],
  ['DHE', 'Heating'],
  ['DHW', 'Hot Water'],
  ['DGM', 'Grounds Maintenance'],
  ['DLL', 'Landlord Lighting'],
  ['DCT', 'Communal Digital TV'],
  ['DTV', 'Television License'],
  ['DWR', 'Water Rates'],
  ['DWS', 'Water Standing Chrg.'],
  ['DWW', 'Watersure Reduction'],
  ['DMC', 'Major Works Capital'],
  ['DML', 'Major Works Loan'],
  ['DMR', 'Major Works Revenue'],
  ['DCC', 'Court Costs'],
  ['DLK', 'Lost Key Charge'],
  ['DLP', 'Late Payment Charge'],
  ['DCI', 'Contents Insurance'],
  ['DRR', 'Rechargeable Repairs'],
  ['DTL', 'Tenants Levy'],
  ['DVA', 'VAT Charge'],
];

export const receiptCodes: readonly (readonly [string, string])[] = [
  ['RPY', 'PayPoint'],
  ['RDD', 'Direct Debit'],
  ['RHB', 'Housing Benefit'],
  ['RSO', 'Standing Order'],
  ['RBP', 'Bank Payment'],
  ['RCP', 'Debit/Credit Card'],
  ['RCO', 'Cash Office Payments'],
  ['RBR', 'Post Office Payment'],
  ['RQP', 'Cheque Payments'],
  ['RPO', 'Postal Order'],
  ['RBA', 'Bailiff Payment'],
  ['RDP', 'Deduction (Work & P)'],
  ['RDS', 'Deduction (Salary)'],
  ['RDT', 'DSS Transfer'],
  ['RDN', 'Direct Debit Unpaid'],
  ['RRC', 'Returned Cheque'],
  ['RDR', 'BACS Refund'],
  ['REF', 'Tenant Refund'],
  ['RHA', 'HB Adjustment'],
  ['RIT', 'Internal Transfer'],
  ['RWA', 'Rent waiver'],
  ['WOF', 'Write Off'],
  ['WON', 'Write On'],
  ['ROB', 'Opening Balance'],
];

export const debtypeRows = (): UhRow<'debtype'>[] =>
  debitCodes.map(([deb_code, deb_desc]) => ({ deb_code, deb_desc }));
export const rectypeRows = (): UhRow<'rectype'>[] =>
  receiptCodes.map(([rec_code, rec_desc]) => ({ rec_code, rec_desc }));

/** Property subtypes (lookup 'PST'), as named in interim_process_assets.sql; the codes are the seed's own. */
export const propertySubtypes = {
  estate: 'EST',
  block: 'BLK',
  mediumRiseBlock: 'MRB',
  dwelling: 'DWE',
  lettableNonDwelling: 'LND',
  owner: 'NA',
} as const;

/** Repair request statuses (lookup 'RQS'): only '000' (new or reopened) is attested; the rest are the seed's own. */
export const repairStatuses = { open: '000', ordered: '200', completed: '300', cancelled: '900' } as const;

export function lookupRows(): UhRow<'lookup'>[] {
  const entries: [string, string, string][] = [
    ['PRI', 'N', 'Normal'],
    ['PRI', 'U', 'Urgent'],
    ['PRI', 'I', 'Immediate'],
    ['PRI', 'E', 'Emergency'],
    ['PRI', 'G', 'G (meaning undocumented)'],
    ['PRI', 'Z', 'Z (meaning undocumented)'],
    ['PRI', 'V', 'V (meaning undocumented)'],
    ['PHT', 'H', 'Home'],
    ['PHT', 'M', 'Mobile'],
    ['PHT', 'F', 'Fax'],
    ['PHT', 'W', 'Work'],
    ['PHT', 'X', 'Other'],
    ['PST', 'BLK', 'Block'],
    ['PST', 'CON', 'Concierge'],
    ['PST', 'DWE', 'Dwelling'],
    ['PST', 'LND', 'Lettable Non-Dwelling'],
    ['PST', 'MRB', 'Medium Rise Block (3-5 storeys)'],
    ['PST', 'NA', 'NA'],
    ['PST', 'TRS', 'Traveller Site'],
    ['PST', 'EST', 'Estate'],
    ['OST', 'OCC', 'Occupied'],
    ['OST', 'VOI', 'Void'],
    ['OST', 'DIS', 'Disposed'],
    ['RQS', '000', 'New or reopened'],
    ['RQS', '200', 'Works ordered'],
    ['RQS', '300', 'Completed'],
    ['RQS', '900', 'Cancelled'],
    ['RGP', 'GPS', 'Gar & Park HRA'],
    ['RGP', 'HGF', 'Housing Gen Fund'],
    ['RGP', 'HRA', 'Housing Revenue'],
    ['RGP', 'LMW', 'LH Major Works'],
    ['RGP', 'LSC', 'LH Serv Charges'],
    ['RGP', 'RSL', 'RSL and X Borough'],
    ['RGP', 'TAG', 'Temp Acc Gen Fund'],
    ['RGP', 'TAH', 'Temp Accom HRA'],
    ['RGP', 'TRA', 'Travellers Gen Fund'],
  ];
  return entries.map(([lu_type, lu_ref, lu_desc]) => ({ lu_type, lu_ref, lu_desc }));
}
