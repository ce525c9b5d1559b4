/**
 * How UH says a home is temporary accommodation: its current tenancy's tenure is one of the temporary
 * tenures (TenureInformationApi's list: decants, licences, hostels, B&B, annexes, private lets, travellers)
 * or its rent group is one of the temporary accommodation funds (TAG, TAH). Shared by the Property Index
 * (reading UH) and the synthetic register (which, like the council's, leaves these homes out).
 */
export const TEMPORARY_TENURES: readonly string[] = [
  'DEC',
  'LTA',
  'TAF',
  'TBB',
  'THL',
  'THO',
  'TLA',
  'TPL',
  'TRA',
];
export const TEMPORARY_RENT_GROUPS: readonly string[] = ['TAG', 'TAH'];

export function isTemporaryTenancy(
  tenure: string | null | undefined,
  rentGroup: string | null | undefined,
): boolean {
  return (
    TEMPORARY_TENURES.includes((tenure ?? '').trim()) ||
    TEMPORARY_RENT_GROUPS.includes((rentGroup ?? '').trim())
  );
}

/** How UH marks a property disposed of (sold, demolished): the occupancy status or the ownership. */
export function isDisposedInUh(
  occStat: string | null | undefined,
  ownership: string | null | undefined,
): boolean {
  return (occStat ?? '').trim() === 'DIS' || (ownership ?? '').trim() === 'DISPOSED';
}
