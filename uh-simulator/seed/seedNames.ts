/**
 * Small built-in word lists for a synthetic population: common given names and surnames combined at
 * random (no real person's record), invented estate, block and street names, and reserved phone
 * ranges (Ofcom's drama numbers: 020 7946 0xxx, 07700 900xxx) and example.com mail domains.
 */

export const femaleForenames = [
  'Amina',
  'Grace',
  'Sofia',
  'Chloe',
  'Fatima',
  'Olivia',
  'Zainab',
  'Emily',
  'Ayesha',
  'Hannah',
  'Mei',
  'Ruth',
  'Precious',
  'Leah',
  'Nadia',
  'Ellen',
  'Joy',
  'Agnieszka',
  'Sarah',
  'Yetunde',
  'Maria',
  'Bethany',
  'Rukhsana',
  'Irene',
] as const;

export const maleForenames = [
  'James',
  'Mohammed',
  'Daniel',
  'Kwame',
  'Oliver',
  'Ibrahim',
  'Thomas',
  'Samuel',
  'Emre',
  'Joseph',
  'Tariq',
  'David',
  'Michael',
  'Chidi',
  'Luke',
  'Piotr',
  'Aaron',
  'Hassan',
  'George',
  'Winston',
  'Jamal',
  'Patrick',
  'Yusuf',
  'Ethan',
] as const;

export const surnames = [
  'Okafor',
  'Smith',
  'Begum',
  'Kowalski',
  'Brown',
  'Yilmaz',
  'Mensah',
  'Taylor',
  'Ahmed',
  'Campbell',
  'Chen',
  'Murphy',
  'Hussain',
  'Williams',
  'Adeyemi',
  'Patel',
  'Jones',
  'Demir',
  'Osei',
  'Clarke',
  'Nowak',
  'Walker',
  'Rahman',
  'Evans',
  'Francis',
  'Khan',
  'Thompson',
  'Asante',
  'Green',
  'Mahmood',
  'Edwards',
  'Levy',
] as const;

/** 26 characters: surname is char(20), so it is stored cut to 'Ashworth-Featherston' (issue 10). */
export const longDoubleBarrelledSurname = 'Ashworth-Featherstonehaugh';

/** An invented organisation that holds a tenancy as its responsible "member" (issue 10). */
export const organisationTenant = 'Brightwell Homes Ltd';

export const estateNames = [
  'Larkspur',
  'Brambleton',
  'Cedarfield',
  'Wrenmoor',
  'Ashgrove',
  'Thistledown',
  'Millbrook',
  'Foxglove',
  'Hawthorn Fields',
  'Kestrel',
  'Orchard Vale',
  'Riverside Green',
  'Sedgewick',
  'Bellflower',
  'Linden',
  'Marsh Lane',
] as const;

export const blockNames = [
  'Gingerbread House',
  'Marlowe House',
  'Beacon Court',
  'Tilbury House',
  'Sorrel House',
  'Juniper Court',
  'Alder House',
  'Quill Court',
  'Harrier House',
  'Nightingale Court',
  'Poplar House',
  'Rowan Court',
  'Saxon House',
  'Kingfisher House',
  'Lantern Court',
  'Heron House',
  'Willow Court',
  'Mercer House',
  'Chandler House',
  'Fairlight Court',
] as const;

export const streetNames = [
  'Mallow Road',
  'Quarry Street',
  'Tanners Lane',
  'Lavender Grove',
  'Paradise Row',
  'Weaver Street',
  'Cobble Lane',
  'Orchid Road',
  'Saltpetre Street',
  'Ropemaker Road',
  'Chalk Hill',
  'Glebe Road',
  'Pitfield Walk',
  'Sable Street',
  'Lockkeeper Road',
  'Bramble Walk',
  'Hopfield Road',
  'Cistern Street',
  'Flax Road',
  'Tallow Street',
] as const;

/** Outward codes of the borough; postcodes are generated as e.g. 'E8 1DY'. */
export const postcodeDistricts = ['E5', 'E8', 'E9', 'N1', 'N16', 'E2'] as const;
export const postcodeAreas: Record<(typeof postcodeDistricts)[number], string> = {
  E5: 'Clapton',
  E8: 'Dalston',
  E9: 'Homerton',
  N1: 'Hoxton',
  N16: 'Stoke Newington',
  E2: 'Haggerston',
};
/** Letters allowed in the inward code of a UK postcode. */
export const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

export const repairProblems = [
  'Leaking tap in kitchen',
  'No hot water',
  'Boiler not working, no heating',
  'Front door lock broken',
  'Damp and mould in bedroom',
  'Toilet will not flush',
  'Window will not close',
  'Blocked sink in bathroom',
  'Light fitting sparking in hallway',
  'Loose floorboard in living room',
  'Communal door entry not working',
  'Roof leak above bedroom ceiling',
  'Extractor fan not working',
  'Cracked tiles in bathroom',
  'Radiator cold at top',
] as const;

export const mailDomains = ['example.com', 'example.org', 'example.net'] as const;
