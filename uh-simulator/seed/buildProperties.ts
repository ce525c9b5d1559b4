import type { Prng } from './createPrng';
import { levelCodes, propertySubtypes } from './uhLookupRows';
import type { BuildContext, PropertyKind, PropertyModel } from './uhModel';
import {
  estateNames,
  blockNames,
  inwardLetters,
  postcodeAreas,
  postcodeDistricts,
  streetNames,
} from './seedNames';
import { propRef, sqlDate } from './uhFormats';
import type { UhRow } from './uhSeedTables';

/**
 * The property hierarchy: one owner row at the root (blank major_ref), estates (level 2) under it,
 * blocks (3) under estates, flats (7) under blocks, garages (8) under estates; street blocks sit
 * under the owner with no estate, and street houses (7) directly under the owner.
 * Flats are addressed 'Flat 5 Gingerbread House' in post_preamble; houses by post_desig '98'.
 */
export interface BuiltProperties {
  readonly properties: PropertyModel[];
  readonly postcodes: UhRow<'postcode'>[];
}

export function buildProperties(ctx: BuildContext, rng: Prng): BuiltProperties {
  const properties: PropertyModel[] = [];
  const postcodes: UhRow<'postcode'>[] = [];
  const usedPostcodes = new Set<string>();
  const { shape, counters } = ctx;

  const newPostcode = (street: string): string => {
    for (;;) {
      const district = rng.pick(postcodeDistricts);
      const code = `${district} ${rng.int(1, 9)}${rng.pick([...inwardLetters])}${rng.pick([...inwardLetters])}`;
      if (usedPostcodes.has(code)) continue;
      usedPostcodes.add(code);
      postcodes.push({
        post_code: code,
        aline1: street,
        aline2: postcodeAreas[district],
        aline3: 'London',
        aline4: '',
        ci_post_code: code.replace(' ', ''),
        postcode_sid: ++counters.postcodeSid,
      });
      return code;
    }
  };

  const add = (
    kind: PropertyKind,
    parent: PropertyModel | null,
    fields: {
      preamble: string;
      desig: string;
      street: string;
      postcode: string;
      uprn: string;
      bedrooms?: number;
    },
    estate: PropertyModel | null,
    block: PropertyModel | null,
    patch: string,
  ): PropertyModel => {
    const ref = propRef(counters.nextPropRef());
    const line = [
      fields.desig === '' ? fields.preamble : `${fields.desig} ${fields.street}`,
      fields.desig === '' && kind !== 'owner' ? fields.street : '',
    ]
      .filter((part) => part !== '')
      .join(', ');
    const lettable = kind === 'flat' || kind === 'house' || kind === 'garage';
    const leasehold = kind === 'flat' && rng.chance(0.15);
    const row: UhRow<'property'> = {
      prop_ref: ref,
      level_code: levelFor(kind),
      major_ref: parent === null ? '' : parent.row.prop_ref,
      u_estate: estate === null ? '' : estate.row.prop_ref,
      u_block: block === null ? '' : block.row.prop_ref,
      cat_type: { owner: 'OWN', estate: 'EST', block: 'BLK', flat: 'FLT', house: 'HSE', garage: 'GAR' }[kind],
      subtyp_code: subtypeFor(kind, fields),
      address1: kind === 'owner' ? fields.preamble : `${line}, London ${fields.postcode}`,
      short_address: line,
      post_preamble: fields.preamble,
      post_desig: fields.desig,
      post_code: fields.postcode,
      u_llpg_ref: fields.uprn,
      u_llpgref: fields.uprn,
      occ_stat: lettable ? 'OCC' : '',
      num_bedrooms: fields.bedrooms ?? null,
      letable: lettable,
      managed_property: kind !== 'owner',
      no_maint: kind === 'owner' || kind === 'estate',
      ownership: leasehold ? 'LEASEHOLD' : 'LBH',
      arr_patch: lettable ? patch : '',
      house_ref: '',
      dtstamp: sqlDate(ctx.today - rng.int(1, 3000)),
      property_sid: ++counters.propertySid,
    };
    const model: PropertyModel = {
      row,
      kind,
      estate,
      block,
      street: fields.street,
      postcode: fields.postcode,
      status: lettable ? 'let' : 'structure',
      bedrooms: fields.bedrooms ?? 0,
    };
    properties.push(model);
    return model;
  };

  const owner = add(
    'owner',
    null,
    { preamble: 'London Borough Housing Stock', desig: '', street: '', postcode: '', uprn: '' },
    null,
    null,
    '',
  );

  let blockNo = 0;
  const nextBlockName = (): string => {
    const base = blockNames[blockNo % blockNames.length] as string;
    const round = Math.floor(blockNo++ / blockNames.length);
    return round === 0 ? base : base.replace(/ (House|Court)$/, ` ${round + 1} $1`);
  };

  const addBlock = (
    estate: PropertyModel | null,
    parent: PropertyModel,
    street: string,
    patch: string,
  ): void => {
    const name = nextBlockName();
    const postcode = newPostcode(street);
    const block = add(
      'block',
      parent,
      { preamble: name, desig: '', street, postcode, uprn: String(counters.nextUprn()) },
      estate,
      null,
      patch,
    );
    const flats = rng.int(shape.flatsPerBlock[0], shape.flatsPerBlock[1]);
    for (let n = 1; n <= flats; n++) {
      add(
        'flat',
        block,
        {
          preamble: `Flat ${n} ${name}`,
          desig: '',
          street,
          postcode,
          uprn: String(counters.nextUprn()),
          bedrooms: rng.weighted([
            [0, 1],
            [1, 4],
            [2, 4],
            [3, 2],
          ]),
        },
        estate,
        block,
        patch,
      );
    }
  };

  for (let e = 0; e < shape.estates; e++) {
    const name = `${estateNames[e % estateNames.length] as string}${e >= estateNames.length ? ` ${Math.floor(e / estateNames.length) + 1}` : ''} Estate`;
    const street = streetNames[e % streetNames.length] as string;
    const patch = `E${String((e % 20) + 1).padStart(2, '0')}`;
    const estate = add(
      'estate',
      owner,
      { preamble: name, desig: '', street, postcode: newPostcode(street), uprn: '' },
      null,
      null,
      patch,
    );
    const blocks = rng.int(shape.blocksPerEstate[0], shape.blocksPerEstate[1]);
    for (let b = 0; b < blocks; b++) addBlock(estate, estate, street, patch);
    for (let g = 1; g <= shape.garagesPerEstate; g++) {
      add(
        'garage',
        estate,
        { preamble: `Garage ${g} ${name}`, desig: '', street, postcode: estate.postcode, uprn: '' },
        estate,
        null,
        patch,
      );
    }
  }

  for (let s = 0; s < shape.streetBlocks; s++) {
    const street = streetNames[(s + 7) % streetNames.length] as string;
    addBlock(null, owner, street, `W${String((s % 9) + 1).padStart(2, '0')}`);
  }

  // Street houses: numbered along their street, a new postcode every 15 doors or so.
  const perStreet = Math.max(5, Math.ceil(shape.streetHouses / streetNames.length));
  for (let h = 0; h < shape.streetHouses; h++) {
    const streetIndex = Math.floor(h / perStreet);
    const street = `${streetNames[streetIndex % streetNames.length] as string}${streetIndex >= streetNames.length ? ` ${Math.floor(streetIndex / streetNames.length) + 1}` : ''}`;
    const door = (h % perStreet) * 2 + 2;
    const postcode =
      h % 15 === 0 || h % perStreet === 0
        ? newPostcode(street)
        : (postcodes[postcodes.length - 1]?.post_code as string);
    add(
      'house',
      owner,
      {
        preamble: '',
        desig: String(door),
        street,
        postcode,
        uprn: String(counters.nextUprn()),
        bedrooms: rng.weighted([
          [1, 1],
          [2, 3],
          [3, 4],
          [4, 2],
          [5, 1],
        ]),
      },
      null,
      null,
      `W${String((streetIndex % 9) + 1).padStart(2, '0')}`,
    );
  }

  return { properties, postcodes };
}

function levelFor(kind: PropertyKind): string {
  switch (kind) {
    case 'owner':
      return levelCodes.owner;
    case 'estate':
      return levelCodes.estate;
    case 'block':
      return levelCodes.block;
    case 'flat':
    case 'house':
      return levelCodes.dwelling;
    case 'garage':
      return levelCodes.nonDwelling;
  }
}

function subtypeFor(kind: PropertyKind, fields: { preamble: string }): string {
  switch (kind) {
    case 'owner':
      return propertySubtypes.owner;
    case 'estate':
      return propertySubtypes.estate;
    case 'block':
      return fields.preamble.endsWith('Court') ? propertySubtypes.mediumRiseBlock : propertySubtypes.block;
    case 'flat':
    case 'house':
      return propertySubtypes.dwelling;
    case 'garage':
      return propertySubtypes.lettableNonDwelling;
  }
}
