/** UPRNs as the LLPG issues them (the council's rule; UH's zero-padded or blank ones fail it). */
const VALID_UPRN = /^[1-9]\d{10,11}$/;

/** A UH property row as the LLPG sees it: trimmed, with what the address is made of. */
export interface UhProperty {
  readonly propRef: string;
  readonly kind: 'block' | 'flat' | 'house';
  readonly uprn: string;
  readonly estateRef: string;
  readonly name: string;
  readonly flatNo: string;
  readonly door: string;
  readonly street: string;
  readonly postcode: string;
}

/**
 * UH property rows (trimmed) as addressable LLPG objects: blocks, flats and street houses with a valid
 * UPRN, in prop_ref order. The real postcode is the block's for a flat; for a house whose UH postcode is
 * faulty (truncated, or in no postcode row) the street's postcode row it prefixes, else its neighbour's.
 */
export function readUhProperties(
  rows: Record<string, string>[],
  postcodes: Record<string, string>[],
): UhProperty[] {
  const known = new Set(postcodes.map((p) => p.post_code ?? ''));
  const blocks = new Map<string, { postcode: string }>();
  const lastOnStreet = new Map<string, string>();
  const out: UhProperty[] = [];
  for (const row of rows) {
    const kinds: Readonly<Record<string, UhProperty['kind']>> = { BLK: 'block', FLT: 'flat', HSE: 'house' };
    const kind = kinds[row.cat_type ?? ''];
    if (kind === undefined) continue;
    const preamble = row.post_preamble ?? '';
    const short = row.short_address ?? '';
    const door = row.post_desig ?? '';
    let postcode = row.post_code ?? '';
    let name = '';
    let flatNo = '';
    let street: string;
    if (kind === 'house') {
      street = short.slice(door.length + 1);
      if (!known.has(postcode)) {
        postcode =
          postcodes.find(
            (p) => p.aline1 === street && postcode !== '' && (p.post_code ?? '').startsWith(postcode),
          )?.post_code ??
          lastOnStreet.get(street) ??
          postcode;
      }
      lastOnStreet.set(street, postcode);
    } else {
      street = short.slice(short.indexOf(', ') + 2);
      if (kind === 'block') {
        name = preamble;
        blocks.set(name, { postcode });
      } else {
        const match = /^Flat (\d+) (.+)$/.exec(preamble);
        flatNo = match?.[1] ?? '';
        name = match?.[2] ?? '';
        postcode = blocks.get(name)?.postcode ?? postcode;
      }
    }
    const uprn = row.u_llpg_ref ?? '';
    if (!VALID_UPRN.test(uprn)) continue;
    out.push({
      propRef: row.prop_ref ?? '',
      kind,
      uprn,
      estateRef: kind === 'block' ? (row.u_estate ?? '') : '',
      name,
      flatNo,
      door,
      street,
      postcode,
    });
  }
  return out;
}
