import { FaultPlanter, propertyKey, repairKey, trimmed } from './FaultPlanter';
import { inwardLetters } from './seedNames';
import { propRef } from './uhFormats';

/** Hierarchy, UPRN, address and patch faults on property rows (README issues 3, 6, 7, 8, 9, 16, 19, 20). */
export function plantPropertyFaults(f: FaultPlanter): void {
  const { log, model, rng } = f;
  const n = f.several;
  const blocks = model.properties.filter((p) => p.kind === 'block');
  const flats = () => f.dwellings.filter((p) => p.kind === 'flat');
  const houses = () => f.dwellings.filter((p) => p.kind === 'house');

  log.declare(
    'blank-root-major-ref',
    3,
    "The hierarchy root's major_ref is blank (spaces), not NULL; street houses and blocks have blank u_estate/u_block.",
  );
  const owner = model.properties.find((p) => p.kind === 'owner');
  if (owner === undefined) throw new Error('seed faults: no owner row');
  f.record(
    'blank-root-major-ref',
    'property',
    propertyKey(owner),
    'major_ref',
    owner.row.major_ref,
    'level 1 owner: the root',
  );
  const house = houses()[0];
  if (house !== undefined)
    f.record(
      'blank-root-major-ref',
      'property',
      propertyKey(house),
      'u_estate',
      house.row.u_estate,
      'street house: no estate',
    );

  log.declare(
    'block-mismatch',
    6,
    'A flat whose u_block names a different block from its major_ref (the two hierarchy sources disagree).',
  );
  for (const flat of f.take('flats for block-mismatch', flats(), n)) {
    const other =
      blocks.find((b) => b !== flat.block && b.estate === flat.estate) ??
      blocks.find((b) => b !== flat.block);
    if (other === undefined) throw new Error('seed faults: need two blocks');
    flat.row.u_block = other.row.prop_ref;
    f.record(
      'block-mismatch',
      'property',
      propertyKey(flat),
      'u_block',
      flat.row.u_block,
      `major_ref is ${trimmed(flat.row.major_ref)}`,
    );
  }

  log.declare(
    'block-without-estate',
    6,
    'Street blocks: level-3 blocks whose major_ref is the owner and whose u_estate is blank (a block with no estate).',
  );
  for (const block of blocks.filter((b) => b.estate === null))
    f.record('block-without-estate', 'property', propertyKey(block), 'u_estate', block.row.u_estate);

  log.declare(
    'orphan-major-ref',
    6,
    'A dwelling whose major_ref points at a prop_ref that is not in the property table.',
  );
  for (const dwelling of f.take('dwellings for orphan-major-ref', f.dwellings, n)) {
    dwelling.row.major_ref = propRef(model.counters.nextPropRef());
    f.record(
      'orphan-major-ref',
      'property',
      propertyKey(dwelling),
      'major_ref',
      dwelling.row.major_ref,
      'no property row has this prop_ref',
    );
  }

  log.declare('uprn-blank', 7, 'A dwelling with a blank UPRN in both u_llpg_ref and u_llpgref.');
  for (const dwelling of f.take('dwellings for uprn-blank', f.dwellings, n)) {
    dwelling.row.u_llpg_ref = '';
    dwelling.row.u_llpgref = '';
    f.record('uprn-blank', 'property', propertyKey(dwelling), 'u_llpg_ref', '');
  }

  log.declare('uprn-zero-padded', 7, "A UPRN stored zero-padded ('00014579215'), failing ^[1-9]\\d{10,11}.");
  for (const dwelling of f.take('dwellings for uprn-zero-padded', f.dwellings, n)) {
    const padded = `000${rng.int(10_000_000, 99_999_999)}`;
    dwelling.row.u_llpg_ref = padded;
    dwelling.row.u_llpgref = padded;
    f.record('uprn-zero-padded', 'property', propertyKey(dwelling), 'u_llpg_ref', padded);
  }

  log.declare(
    'uprn-parent-shell',
    7,
    "A flat carrying its block's (parent shell) UPRN instead of its own (also README issue 8).",
  );
  for (const flat of f.take('flats for uprn-parent-shell', flats(), n)) {
    if (flat.block === null) throw new Error('seed faults: flat without block');
    flat.row.u_llpg_ref = flat.block.row.u_llpg_ref;
    flat.row.u_llpgref = flat.block.row.u_llpg_ref;
    f.record(
      'uprn-parent-shell',
      'property',
      propertyKey(flat),
      'u_llpg_ref',
      flat.row.u_llpg_ref,
      `the UPRN of block ${trimmed(flat.block.row.prop_ref)}`,
    );
  }

  log.declare(
    'uprn-shared',
    7,
    'Two dwellings sharing one UPRN (records come in pairs with the same value).',
  );
  for (let i = 0; i < n; i++) {
    const [first, second] = f.take('houses for uprn-shared', houses(), 2);
    if (first === undefined || second === undefined) throw new Error('seed faults: uprn-shared pair');
    second.row.u_llpg_ref = first.row.u_llpg_ref;
    second.row.u_llpgref = first.row.u_llpg_ref;
    f.record(
      'uprn-shared',
      'property',
      propertyKey(first),
      'u_llpg_ref',
      first.row.u_llpg_ref,
      `shared with ${trimmed(second.row.prop_ref)}`,
    );
    f.record(
      'uprn-shared',
      'property',
      propertyKey(second),
      'u_llpg_ref',
      second.row.u_llpg_ref,
      `shared with ${trimmed(first.row.prop_ref)}`,
    );
  }

  log.declare(
    'uprn-columns-disagree',
    7,
    'u_llpgref (the older UPRN column) holds a different UPRN from u_llpg_ref.',
  );
  for (const dwelling of f.take('dwellings for uprn-columns-disagree', f.dwellings, n)) {
    dwelling.row.u_llpgref = String(model.counters.nextUprn());
    f.record(
      'uprn-columns-disagree',
      'property',
      propertyKey(dwelling),
      'u_llpgref',
      dwelling.row.u_llpgref,
      `u_llpg_ref is ${trimmed(dwelling.row.u_llpg_ref)}`,
    );
  }

  log.declare(
    'truncated-postcode',
    8,
    "A property whose post_code lost its last character ('E8 2N'), so it matches no postcode row.",
  );
  for (const dwelling of f.take('dwellings for truncated-postcode', f.dwellings, n)) {
    dwelling.row.post_code = dwelling.postcode.slice(0, -1);
    f.record(
      'truncated-postcode',
      'property',
      propertyKey(dwelling),
      'post_code',
      dwelling.row.post_code,
      `really ${dwelling.postcode}`,
    );
  }

  log.declare(
    'postcode-missing',
    9,
    'A well-formed property post_code with no row in the postcode table (no aline1..4 to build the address from).',
  );
  const known = new Set(model.postcodes.map((p) => String(p.post_code)));
  for (const dwelling of f.take('dwellings for postcode-missing', f.dwellings, n)) {
    let code: string;
    do
      code = `${dwelling.postcode.split(' ')[0] ?? 'E8'} ${rng.int(1, 9)}${rng.pick([...inwardLetters])}${rng.pick([...inwardLetters])}`;
    while (known.has(code));
    known.add(code);
    dwelling.row.post_code = code;
    f.record('postcode-missing', 'property', propertyKey(dwelling), 'post_code', code);
  }

  log.declare(
    'estate-flat-address',
    9,
    "Estate flats: the address is in post_preamble ('Flat 5 Gingerbread House') with post_desig blank; the street is only in postcode.aline1.",
  );
  log.declare(
    'street-house-address',
    9,
    "Street houses: the door number is in post_desig ('98') and post_preamble is blank.",
  );
  let flatCount = 0;
  let houseCount = 0;
  for (const p of model.properties) {
    if (p.kind === 'flat') {
      flatCount++;
      f.sample('estate-flat-address', 'property', propertyKey(p), 'post_preamble', p.row.post_preamble);
    } else if (p.kind === 'house') {
      houseCount++;
      f.sample('street-house-address', 'property', propertyKey(p), 'post_desig', p.row.post_desig);
    }
  }
  log.markPervasive('estate-flat-address', flatCount);
  log.markPervasive('street-house-address', houseCount);

  log.declare('blank-arr-patch', 16, 'A let dwelling with a blank arrears patch (arr_patch).');
  for (const dwelling of f.take('dwellings for blank-arr-patch', f.dwellings, n)) {
    dwelling.row.arr_patch = '';
    f.record('blank-arr-patch', 'property', propertyKey(dwelling), 'arr_patch', '');
  }

  log.declare(
    'disposed-still-dwelling',
    19,
    "A sold or demolished home still at level_code 7 (occ_stat 'DIS', ownership 'DISPOSED', no current tenancy).",
  );
  for (const p of model.properties.filter((x) => x.status === 'disposed'))
    f.record('disposed-still-dwelling', 'property', propertyKey(p), 'level_code', p.row.level_code);

  log.declare(
    'padded-status',
    20,
    "Short codes in wide char columns come back padded ('LBH       ' in ownership char(10), 'N  ' in rq_priority char(3)): compare after trimming.",
  );
  const prioritised = model.repairs.find((r) => String(r.rq_priority).length === 1);
  if (prioritised === undefined) throw new Error('seed faults: no repair to sample for padded-status');
  f.sample('padded-status', 'rmreqst', repairKey(prioritised), 'rq_priority', prioritised.rq_priority);
  let padded = 0;
  for (const p of model.properties) {
    if (String(p.row.ownership).length < 10) {
      padded++;
      f.sample('padded-status', 'property', propertyKey(p), 'ownership', p.row.ownership);
    }
  }
  log.markPervasive('padded-status', padded + model.repairs.length);
}
