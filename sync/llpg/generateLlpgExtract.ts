import { createPrng } from '../../uh-simulator/seed/createPrng';
import { generateUhSeed } from '../../uh-simulator/seed/generateUhSeed';
import { SEED_REFERENCE_DATE, scaleShapes, type SeedScale } from '../../uh-simulator/seed/SeedScale';
import {
  UH_PARENT_XREF_CODE,
  type AddressColumn,
  type RawAddressRow,
  type RawCrossReferenceRow,
} from './llpgExtractFormat';
import type { LlpgManifest, LlpgQuirk, LlpgQuirkRecord } from './LlpgManifest';
import { readUhProperties, type UhProperty } from './readUhProperties';
import { plantInvalidLlpgRows, uhParentXref, yyyymmdd } from './syntheticLlpgRows';

/** A synthetic extract: the two files' rows (as text, as a CSV holds them) and where the quirks are. */
export interface LlpgExtract {
  readonly addresses: readonly RawAddressRow[];
  readonly crossReferences: readonly RawCrossReferenceRow[];
  readonly manifest: LlpgManifest;
}

const CUSTODIAN = '5360';

/**
 * The LLPG a council would hold for the UH seed at `scale`, derived deterministically (PRNG seeded by the
 * scale's name, dates from the seed's reference date, never the wall clock):
 *
 * - each block with a valid UPRN: a parent shell BLPU (property_shell, class PP), PAO the block name;
 * - each flat: SAO 'FLAT n', PAO its block's name, parent UPRN the block's (its block found by the name in
 *   post_preamble, so UH's hierarchy faults do not leak in); the block's postcode;
 * - each street house: building number and street;
 * - one BLPU per UPRN: where UH gives a UPRN to several properties (issue 7) the first one's address is used;
 *   properties without a valid UPRN (blank, zero-padded) have none;
 * - cross-references UHPARENT (see UH_PARENT_XREF_CODE) from each estate block's UPRN to its estate;
 * - the quirks listed in the manifest, and a few invalid rows for the reject path.
 */
export function generateLlpgExtract(scale: SeedScale): LlpgExtract {
  const seed = generateUhSeed(scale);
  const rng = createPrng(`llpg:${scale}`);
  const several = Math.max(1, Math.min(3, scaleShapes[scale].faultMultiplier));
  const table = (name: string) => {
    const t = seed.tables.find((x) => x.name === name);
    if (t === undefined) throw new Error(`generateLlpgExtract: the UH seed has no ${name} table`);
    return [...t.rows()].map((values) =>
      Object.fromEntries(t.columns.map((c, i) => [c, String(values[i] ?? '').trim()])),
    );
  };
  const postcodes = table('postcode');
  const localityOf = new Map(postcodes.map((p) => [p.post_code ?? '', (p.aline2 ?? '').toUpperCase()]));
  const properties = readUhProperties(table('property'), postcodes);

  const quirks = new Map<LlpgQuirk, { issue: number; description: string; records: LlpgQuirkRecord[] }>();
  const quirk = (kind: LlpgQuirk, issue: number, description: string) => {
    const entry = { issue, description, records: [] as LlpgQuirkRecord[] };
    quirks.set(kind, entry);
    return (record: LlpgQuirkRecord) => entry.records.push(record);
  };

  const addresses: Record<AddressColumn, string>[] = [];
  const crossReferences: RawCrossReferenceRow[] = [];
  let lpiNo = 118_000;
  let xrefNo = 983_000;
  const lpiKey = () => `${CUSTODIAN}L${String(++lpiNo).padStart(9, '0')}`;
  const xrefKey = () => `${CUSTODIAN}X${String(++xrefNo).padStart(9, '0')}`;
  const usrns = new Map<string, string>();
  const usrnOf = (street: string) => {
    let usrn = usrns.get(street);
    if (usrn === undefined) usrns.set(street, (usrn = String(20_900_101 + usrns.size * 3)));
    return usrn;
  };
  const startDate = () => yyyymmdd(1995 + rng.int(0, 20), rng.int(1, 12), rng.int(1, 28));
  const lpi = (
    p: UhProperty,
    fields: Partial<Record<AddressColumn, string>>,
  ): Record<AddressColumn, string> => {
    const row: Record<AddressColumn, string> = {
      lpi_key: lpiKey(),
      uprn: p.uprn,
      parent_uprn: '',
      usrn: usrnOf(p.street),
      lpi_logical_status: 'Approved Preferred',
      blpu_class: '',
      property_shell: 'false',
      sao_text: '',
      pao_text: '',
      building_number: '',
      street_description: p.street.toUpperCase(),
      locality: localityOf.get(p.postcode) ?? '',
      town: 'LONDON',
      postcode: p.postcode,
      lpi_start_date: startDate(),
      lpi_end_date: '0',
      ...fields,
    };
    addresses.push(row);
    return row;
  };

  // One BLPU per UPRN; the properties that get none are candidates for nothing below.
  const holders = new Map<string, UhProperty[]>();
  for (const p of properties) holders.set(p.uprn, [...(holders.get(p.uprn) ?? []), p]);
  const blockUprn = new Map(properties.filter((p) => p.kind === 'block').map((b) => [b.name, b.uprn]));
  const houses = properties.filter((p) => p.kind === 'house' && holders.get(p.uprn)?.length === 1);
  const flats = properties.filter((p) => p.kind === 'flat' && holders.get(p.uprn)?.length === 1);
  const take = <T>(from: T[]): T => {
    const [item] = from.splice(rng.int(0, from.length - 1), 1);
    if (item === undefined) throw new Error(`generateLlpgExtract: the ${scale} seed has too few properties`);
    return item;
  };
  const missing = take(houses);
  const historical = take(houses);
  const truncated = take(flats);
  const alternative = take(flats);

  quirk(
    'uh-uprn-without-llpg',
    19,
    'A UH property with a valid UPRN that the LLPG has no record of (its llpgAddress is null).',
  )({
    file: 'addresses',
    key: '',
    uprn: missing.uprn,
    propRef: missing.propRef,
    note: 'no LPI has this UPRN',
  });
  const recordShell = quirk(
    'parent-shell',
    8,
    "Blocks are parent shells (property_shell true, class PP); their flats' LPIs carry the block's UPRN as parent_uprn.",
  );
  const recordXref = quirk(
    'uh-parent-xref',
    0,
    `Each estate block's UPRN has a cross-reference ${UH_PARENT_XREF_CODE} naming its estate's prop_ref (estates have no UPRN in UH).`,
  );
  const done = new Set<string>();
  let shells = 0;
  for (const p of properties) {
    if (done.has(p.uprn) || p === missing) continue;
    done.add(p.uprn);
    switch (p.kind) {
      case 'block': {
        const row = lpi(p, { blpu_class: 'PP', property_shell: 'true', pao_text: p.name.toUpperCase() });
        if (shells++ < several)
          recordShell({ file: 'addresses', key: row.lpi_key, uprn: p.uprn, propRef: p.propRef });
        if (p.estateRef !== '') {
          const xref = uhParentXref(xrefKey(), p.uprn, p.estateRef, '0');
          crossReferences.push(xref);
          recordXref({
            file: 'crossReferences',
            key: xref.xref_key,
            uprn: p.uprn,
            propRef: p.propRef,
            note: `estate ${p.estateRef}`,
          });
        }
        break;
      }
      case 'flat': {
        const row = lpi(p, {
          blpu_class: 'RD06',
          parent_uprn: blockUprn.get(p.name) ?? '',
          sao_text: `FLAT ${p.flatNo}`,
          pao_text: p.name.toUpperCase(),
        });
        if (p === truncated) {
          row.postcode = p.postcode.slice(0, -1);
          quirk(
            'truncated-postcode',
            8,
            "An approved LPI whose postcode lost its last character ('E8 2N'); loaded as held.",
          )({
            file: 'addresses',
            key: row.lpi_key,
            uprn: p.uprn,
            propRef: p.propRef,
            note: `really ${p.postcode}`,
          });
        }
        if (p === alternative) {
          const alt = lpi(p, {
            ...row,
            lpi_key: lpiKey(),
            lpi_logical_status: 'Alternative',
            sao_text: `APARTMENT ${p.flatNo}`,
            lpi_start_date: yyyymmdd(2024, 2, 1),
          });
          quirk(
            'alternative-lpi',
            8,
            'A UPRN with an Alternative LPI newer than its Approved Preferred one (the approved one is the address).',
          )({
            file: 'addresses',
            key: alt.lpi_key,
            uprn: p.uprn,
            propRef: p.propRef,
            note: `approved ${row.lpi_key}`,
          });
        }
        break;
      }
      case 'house': {
        const row = lpi(p, { blpu_class: 'RD04', building_number: p.door });
        if (p === historical) {
          const old = lpi(p, {
            ...row,
            lpi_key: lpiKey(),
            lpi_logical_status: 'Historical',
            pao_text: 'THE OLD DAIRY',
            building_number: '',
            lpi_start_date: yyyymmdd(1985, 1, 1),
            lpi_end_date: yyyymmdd(1994, 12, 31),
          });
          quirk(
            'historical-and-approved',
            8,
            'A UPRN with a Historical LPI (a former name) as well as its Approved Preferred one.',
          )({
            file: 'addresses',
            key: old.lpi_key,
            uprn: p.uprn,
            propRef: p.propRef,
            note: `approved ${row.lpi_key}`,
          });
        }
        break;
      }
    }
  }
  // The odd side of a council street: BLPUs the council does not own (issue 19); one still Provisional.
  const recordOrphan = quirk(
    'llpg-without-uh',
    19,
    'LLPG BLPUs with no UH property (the odd side of a council street; one a Provisional new build).',
  );
  const street = properties.find((p) => p.kind === 'house') ?? properties[0];
  if (street === undefined) throw new Error('generateLlpgExtract: the seed has no properties');
  for (let i = 0; i < several + 1; i++) {
    const uprn = String(200_001_857_400 + i * 7);
    const row = lpi(
      { ...street, uprn },
      {
        blpu_class: 'RD04',
        building_number: String(2 * i + 1),
        lpi_logical_status: i === several ? 'Provisional' : 'Approved Preferred',
      },
    );
    recordOrphan({ file: 'addresses', key: row.lpi_key, uprn, note: row.lpi_logical_status });
  }

  // Cross-references: one ended, one naming a prop_ref UH does not hold.
  const estateBlocks = properties.filter((p) => p.kind === 'block' && p.estateRef !== '');
  const ended = estateBlocks[0];
  const otherEstate = estateBlocks.find((b) => b.estateRef !== ended?.estateRef);
  if (ended !== undefined && otherEstate !== undefined) {
    const xref = uhParentXref(xrefKey(), ended.uprn, otherEstate.estateRef, yyyymmdd(2019, 3, 31));
    crossReferences.push(xref);
    quirk(
      'ended-xref',
      0,
      `An ended ${UH_PARENT_XREF_CODE} cross-reference (the block's former estate): no parent claim.`,
    )({
      file: 'crossReferences',
      key: xref.xref_key,
      uprn: ended.uprn,
      propRef: ended.propRef,
      note: `former estate ${otherEstate.estateRef}`,
    });
  }
  const flat = flats[0];
  if (flat === undefined) throw new Error('generateLlpgExtract: the seed has too few flats');
  const unknownParent = uhParentXref(xrefKey(), flat.uprn, '00099999', '0');
  crossReferences.push(unknownParent);
  quirk(
    'xref-parent-not-in-uh',
    19,
    `A ${UH_PARENT_XREF_CODE} cross-reference naming a prop_ref UH does not hold: claimed all the same.`,
  )({
    file: 'crossReferences',
    key: unknownParent.xref_key,
    uprn: flat.uprn,
    propRef: flat.propRef,
    note: 'parent 00099999',
  });

  plantInvalidLlpgRows(
    addresses,
    crossReferences,
    lpiKey,
    xrefKey,
    quirk(
      'invalid-rows',
      0,
      'Rows the loader must reject into sync.reject (job llpg), each with its reason.',
    ),
  );

  const manifest: LlpgManifest = {
    scale,
    referenceDate: SEED_REFERENCE_DATE,
    counts: { addresses: addresses.length, crossReferences: crossReferences.length },
    quirks: Object.fromEntries(
      [...quirks]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, { ...v, records: [...v.records] }]),
    ) as unknown as LlpgManifest['quirks'],
  };
  return { addresses, crossReferences, manifest };
}
