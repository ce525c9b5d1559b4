import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { generateUhSeed, type UhSeed } from '../seed/generateUhSeed';
import type { FaultEntry, FaultRecord } from '../seed/SeedManifest';
import { findFaultRows, seedRowsByTable, type SeedRecord } from '../seed/seedRowIndex';
import { uhSchemaFile } from '../seed/uhSchemaStatements';
import { uhSeedTables, uhTableOrder, type UhTableName } from '../seed/uhSeedTables';
import { NO_DATE } from '../seed/uhFormats';
import type { SqlValue } from '../engine/types';

/**
 * The generated seed, checked in memory (no database): deterministic, the documented row counts,
 * valid for the schema (types, lengths, unique indexes), referentially sane except where the
 * manifest says otherwise, and every manifest fault really present.
 */

const tiny = generateUhSeed('tiny');
const tinyRows = seedRowsByTable(tiny);
const small = generateUhSeed('small');
const smallRows = seedRowsByTable(small);

function hashSeed(seed: UhSeed): string {
  const hash = createHash('sha256');
  for (const table of seed.tables) {
    hash.update(`#${table.name}\n`);
    let chunk = '';
    for (const row of table.rows()) {
      // A type tag per non-string value keeps null, 'null', true and 'true' apart; chunks keep hashing fast.
      chunk += `${row.map((v) => (typeof v === 'string' ? v : `\u0002${typeof v}:${Buffer.isBuffer(v) ? v.toString('hex') : String(v)}`)).join('\t')}\n`;
      if (chunk.length > 1 << 20) {
        hash.update(chunk);
        chunk = '';
      }
    }
    hash.update(chunk);
  }
  hash.update(JSON.stringify(seed.manifest));
  return hash.digest('hex');
}

const rowsOf = (rows: Map<UhTableName, SeedRecord[]>, table: UhTableName): SeedRecord[] =>
  rows.get(table) ?? [];
const text = (value: SqlValue | undefined): string =>
  value === null || value === undefined ? '' : Buffer.isBuffer(value) ? value.toString('hex') : String(value);
const faultRecords = (seed: UhSeed, kind: string): readonly FaultRecord[] =>
  seed.manifest.faults[kind]?.records ?? [];
const faultValues = (seed: UhSeed, kind: string, column: string): Set<string> =>
  new Set(
    faultRecords(seed, kind)
      .filter((r) => r.column === column)
      .map((r) => text(r.value).trim()),
  );

describe('determinism', () => {
  it('generates identical rows and manifest on every run (tiny and small)', () => {
    expect(hashSeed(generateUhSeed('tiny'))).toBe(hashSeed(tiny));
    expect(hashSeed(generateUhSeed('small'))).toBe(hashSeed(small));
  });

  it('pins the tiny seed, so a change to the generator shows up here first', () => {
    expect(hashSeed(tiny)).toBe('3c2a6986f9f8d6a7950b9d1b75219086f30e2a12650e76f5c579930317f3d2b2');
  });
});

describe('row counts', () => {
  it('tiny: a few hundred rows', () => {
    expect(tiny.manifest.counts).toEqual({
      lulevel: 8,
      tenure: 27,
      debtype: 27,
      rectype: 24,
      lookup: 36,
      postcode: 9,
      property: 50,
      househ: 53,
      tenagree: 53,
      member: 120,
      contacts: 54,
      rtrans: 279,
      rmreqst: 37,
      sysserial: 8,
    });
  });

  it('small: ~5,000 dwellings and a year of transactions, counted without loading anything', () => {
    expect(small.manifest.counts).toEqual({
      lulevel: 8,
      tenure: 27,
      debtype: 27,
      rectype: 24,
      lookup: 36,
      postcode: 191,
      property: 5340,
      househ: 6644,
      tenagree: 6644,
      member: 14542,
      contacts: 6649,
      rtrans: 452573,
      rmreqst: 4923,
      sysserial: 8,
    });
    const dwellings = rowsOf(smallRows, 'property').filter((p) => p.level_code === '7');
    expect(dwellings.length).toBeGreaterThan(4500);
  });

  it('the manifest counts match the rows each table yields', () => {
    for (const seed of [tiny, small]) {
      for (const table of seed.tables) {
        let n = 0;
        for (const _ of table.rows()) n++;
        expect([table.name, n]).toEqual([table.name, seed.manifest.counts[table.name]]);
      }
    }
  });

  it('emits tables in dependency order with lookups first and sysserial last', () => {
    expect(tiny.tables.map((t) => t.name)).toEqual(uhTableOrder);
  });
});

describe('fits the UH schema', () => {
  const ddl = readFileSync(uhSchemaFile, 'utf8');

  it('declares each seeded column with the type uh-schema.sql gives it', () => {
    for (const name of uhTableOrder) {
      const body = new RegExp(`CREATE TABLE dbo\\.${name} \\(([\\s\\S]*?)\\n\\);`).exec(ddl)?.[1];
      expect(body).toBeDefined();
      for (const [column, type] of Object.entries(uhSeedTables[name].columns)) {
        const declared = new RegExp(`^\\s*${column}\\s+(\\w+)(?:\\((\\d+)(?:,(\\d+))?\\))?`, 'm').exec(
          body ?? '',
        );
        expect([name, column, declared?.[1]]).toEqual([name, column, type.name]);
        const size = declared?.[2] === undefined ? undefined : Number(declared[2]);
        if (type.name === 'char' || type.name === 'varchar')
          expect([name, column, size]).toEqual([name, column, type.length]);
        if (type.name === 'numeric')
          expect([name, column, size, Number(declared?.[3])]).toEqual([
            name,
            column,
            type.precision,
            type.scale,
          ]);
      }
    }
  });

  it('never exceeds a column length, numeric precision or smalldatetime range (SQL Server would reject the row)', () => {
    for (const [rows, label] of [
      [tinyRows, 'tiny'],
      [smallRows, 'small'],
    ] as const) {
      const problems: string[] = [];
      for (const name of uhTableOrder) {
        for (const [column, type] of Object.entries(uhSeedTables[name].columns)) {
          for (const row of rowsOf(rows, name)) {
            const value = row[column];
            if (value === null || value === undefined) continue;
            if (
              (type.name === 'char' || type.name === 'varchar') &&
              String(value).length > (type.length ?? 0)
            )
              problems.push(`${name}.${column} too long: ${String(value)}`);
            if (
              type.name === 'numeric' &&
              !new RegExp(
                `^-?\\d{1,${(type.precision ?? 0) - (type.scale ?? 0)}}${type.scale ? `\\.\\d{${type.scale}}` : ''}$`,
              ).test(String(value))
            )
              problems.push(
                `${name}.${column} not numeric(${type.precision},${type.scale}): ${String(value)}`,
              );
            if (
              (type.name === 'smalldatetime' || type.name === 'datetime') &&
              !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00\.000$/.test(String(value))
            )
              problems.push(`${name}.${column} not canonical: ${String(value)}`);
            if (
              type.name === 'smalldatetime' &&
              (String(value) < '1900-01-01' || String(value) > '2079-06-06')
            )
              problems.push(`${name}.${column} out of smalldatetime range: ${String(value)}`);
            if (type.name === 'bit' && typeof value !== 'boolean')
              problems.push(`${name}.${column} not boolean`);
            if (type.name === 'int' && !Number.isInteger(value)) problems.push(`${name}.${column} not int`);
          }
        }
      }
      expect([label, problems.slice(0, 5)]).toEqual([label, []]);
    }
  });

  it('violates no unique index of uh-schema.sql (trailing spaces and case ignored, as SQL Server compares)', () => {
    const indexes = [...ddl.matchAll(/CREATE UNIQUE INDEX (\w+) ON dbo\.(\w+) \(([^)]+)\)/g)].map((m) => ({
      index: m[1],
      table: m[2] as UhTableName,
      columns: (m[3] ?? '').split(',').map((c) => c.trim()),
    }));
    expect(indexes.length).toBe(14);
    for (const rows of [tinyRows, smallRows]) {
      for (const { index, table, columns } of indexes) {
        const seen = new Set<string>();
        const duplicates: string[] = [];
        for (const row of rowsOf(rows, table)) {
          const key = columns.map((c) => text(row[c]).trimEnd().toUpperCase()).join('|');
          if (seen.has(key)) duplicates.push(key);
          seen.add(key);
        }
        expect([index, duplicates]).toEqual([index, []]);
      }
    }
  });

  it('writes every NOT NULL column whose default would read the wall clock or be 1900 by accident', () => {
    for (const [table, column] of [
      ['property', 'dtstamp'],
      ['tenagree', 'dtstamp'],
      ['tenagree', 'potentialenddate'],
      ['member', 'dob'],
    ] as const) {
      expect(rowsOf(tinyRows, table).every((row) => typeof row[column] === 'string')).toBe(true);
    }
  });
});

describe('Hackney-like formats and lookups', () => {
  it('uses the reference formats of the domain README', () => {
    const props = rowsOf(smallRows, 'property');
    expect(props.every((p) => /^\d{8}$/.test(text(p.prop_ref)))).toBe(true);
    expect(rowsOf(smallRows, 'tenagree').every((t) => /^\d{7}\/\d{2}$/.test(text(t.tag_ref)))).toBe(true);
    expect(rowsOf(smallRows, 'househ').every((h) => /^\d{7}$/.test(text(h.house_ref)))).toBe(true);
    expect(rowsOf(smallRows, 'rmreqst').every((r) => /^\d{8}$/.test(text(r.rq_ref)))).toBe(true);
    expect(
      rowsOf(smallRows, 'postcode').every((p) => /^(E|N)\d{1,2} \d[A-Z]{2}$/.test(text(p.post_code))),
    ).toBe(true);
    const faultyPayRefs = new Set([
      ...faultValues(small, 'blank-payment-ref', 'u_saff_rentacc'),
      ...faultValues(small, 'payment-ref-off-by-one', 'u_saff_rentacc'),
    ]);
    expect(
      rowsOf(smallRows, 'tenagree').filter(
        (t) => !/^\d{10}$/.test(text(t.u_saff_rentacc)) && !faultyPayRefs.has(text(t.u_saff_rentacc).trim()),
      ),
    ).toEqual([]);
    const faultyUprns = new Set(
      ['uprn-blank', 'uprn-zero-padded'].flatMap((k) => [...faultValues(small, k, 'u_llpg_ref')]),
    );
    const dwellings = props.filter((p) => p.level_code === '7');
    expect(
      dwellings.filter(
        (p) => !/^[1-9]\d{10,11}$/.test(text(p.u_llpg_ref)) && !faultyUprns.has(text(p.u_llpg_ref)),
      ),
    ).toEqual([]);
    const phones = rowsOf(smallRows, 'contacts')
      .map((c) => text(c.con_phone1))
      .filter((p) => p !== '' && !p.includes('/'));
    expect(phones.every((p) => /^(020 7946 0\d{3}|07700 900\d{3})$/.test(p))).toBe(true);
  });

  it('carries the code lists: levels 1..8, every tenure, repair priorities, phone types, property subtypes', () => {
    expect(rowsOf(tinyRows, 'lulevel').map((r) => r.lu_ref)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
    expect(rowsOf(tinyRows, 'tenure').map((r) => r.ten_type)).toEqual(
      expect.arrayContaining(['SEC', 'INT', 'LEA', 'FRE', 'TGA', 'TAF', 'THO', 'TRA']),
    );
    const lookup = (type: string) =>
      rowsOf(tinyRows, 'lookup')
        .filter((r) => r.lu_type === type)
        .map((r) => r.lu_ref);
    expect(lookup('PRI')).toEqual(['N', 'U', 'I', 'E', 'G', 'Z', 'V']);
    expect(lookup('PHT')).toEqual(['H', 'M', 'F', 'W', 'X']);
    expect(lookup('PST')).toEqual(expect.arrayContaining(['BLK', 'DWE', 'LND', 'MRB']));
    expect(rowsOf(tinyRows, 'debtype').map((r) => r.deb_code)).toEqual(
      expect.arrayContaining(['DBR', 'DSC', 'DTA']),
    );
    expect(rowsOf(tinyRows, 'rectype').map((r) => r.rec_code)).toEqual(
      expect.arrayContaining(['RHB', 'RDD', 'RPY', 'RSO', 'ROB']),
    );
  });

  it('keeps sysserial at the highest reference allocated', () => {
    const serial = (type: string) =>
      rowsOf(tinyRows, 'sysserial').find((r) => r.ser_type === type)?.ser_value;
    expect(serial('rmreqst')).toBe(Math.max(...rowsOf(tinyRows, 'rmreqst').map((r) => Number(r.rq_ref))));
    expect(serial('contacts')).toBe(Math.max(...rowsOf(tinyRows, 'contacts').map((r) => Number(r.con_key))));
    expect(serial('rtrans')).toBe(Math.max(...rowsOf(tinyRows, 'rtrans').map((r) => Number(r.transno))));
    expect(Number(serial('property'))).toBeGreaterThanOrEqual(
      Math.max(...rowsOf(tinyRows, 'property').map((r) => Number(r.prop_ref))),
    );
  });

  it('posts debits positive and receipts negative, and cur_bal is the account balance', () => {
    const rtrans = rowsOf(smallRows, 'rtrans');
    expect(rtrans.filter((r) => text(r.trans_type).startsWith('D') && Number(r.real_value) <= 0)).toEqual([]);
    expect(
      rtrans.filter((r) => /^R(HB|DD|PY|SO)$/.test(text(r.trans_type)) && Number(r.real_value) >= 0),
    ).toEqual([]);
    const sums = new Map<string, number>();
    for (const r of rtrans)
      sums.set(text(r.tag_ref), (sums.get(text(r.tag_ref)) ?? 0) + Math.round(Number(r.real_value) * 100));
    const withRob = new Set(rtrans.filter((r) => r.trans_type === 'ROB').map((r) => text(r.tag_ref)));
    const checked = rowsOf(smallRows, 'tenagree').filter((t) => withRob.has(text(t.tag_ref)));
    expect(checked.length).toBeGreaterThan(100);
    for (const t of checked)
      expect([t.tag_ref, Math.round(Number(t.cur_bal) * 100)]).toEqual([
        t.tag_ref,
        sums.get(text(t.tag_ref)),
      ]);
  });
});

describe('referential sanity (where UH would have it), except the orphans the manifest lists', () => {
  for (const [label, seed, rows] of [
    ['tiny', tiny, tinyRows],
    ['small', small, smallRows],
  ] as const) {
    it(`${label}: children point at existing parents`, () => {
      const props = new Set(rowsOf(rows, 'property').map((p) => text(p.prop_ref)));
      const households = new Set(rowsOf(rows, 'househ').map((h) => text(h.house_ref)));
      const tenancies = new Set(rowsOf(rows, 'tenagree').map((t) => text(t.tag_ref)));
      const postcodes = new Set(rowsOf(rows, 'postcode').map((p) => text(p.post_code)));
      const orphanTenancyProps = faultValues(seed, 'orphan-tenancy-prop', 'prop_ref');
      const orphanMajors = faultValues(seed, 'orphan-major-ref', 'major_ref');
      const badPostcodes = new Set([
        ...faultValues(seed, 'truncated-postcode', 'post_code'),
        ...faultValues(seed, 'postcode-missing', 'post_code'),
      ]);
      const unpadded = faultValues(seed, 'unpadded-ref', 'prop_ref');

      const missing = (values: string[], known: Set<string>, allowed: Set<string> = new Set()) =>
        values.filter((v) => !known.has(v.trim()) && !allowed.has(v.trim()));
      expect(
        missing(
          rowsOf(rows, 'tenagree').map((t) => text(t.prop_ref)),
          props,
          orphanTenancyProps,
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'tenagree').map((t) => text(t.house_ref)),
          households,
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'househ').map((h) => text(h.prop_ref)),
          props,
          orphanTenancyProps,
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'member').map((m) => text(m.house_ref)),
          households,
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'contacts').map((c) => text(c.tag_ref)),
          tenancies,
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'contacts').map((c) => text(c.prop_ref)),
          props,
          new Set([...orphanTenancyProps, ...unpadded]),
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'rtrans').map((r) => text(r.tag_ref)),
          tenancies,
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'rtrans').map((r) => text(r.prop_ref)),
          props,
        ),
      ).toEqual([]);
      expect(
        missing(
          rowsOf(rows, 'rmreqst').map((r) => text(r.prop_ref)),
          props,
        ),
      ).toEqual([]);
      const props7 = rowsOf(rows, 'property');
      expect(
        missing(
          props7.map((p) => text(p.major_ref)).filter((m) => m.trim() !== ''),
          props,
          orphanMajors,
        ),
      ).toEqual([]);
      expect(
        missing(
          props7.map((p) => text(p.u_block)).filter((m) => m.trim() !== ''),
          props,
        ),
      ).toEqual([]);
      expect(
        missing(
          props7.map((p) => text(p.u_estate)).filter((m) => m.trim() !== ''),
          props,
        ),
      ).toEqual([]);
      expect(
        missing(
          props7.map((p) => text(p.post_code)).filter((m) => m.trim() !== ''),
          postcodes,
          badPostcodes,
        ),
      ).toEqual([]);
      expect(props7.filter((p) => text(p.major_ref).trim() === '').map((p) => p.level_code)).toEqual(['1']);
    });
  }
});

/** What each fault kind must look like in the rows, beyond "the recorded value is there". */
const faultChecks: Record<
  string,
  (rows: Map<UhTableName, SeedRecord[]>, entry: FaultEntry, found: SeedRecord[][]) => void
> = {
  'padded-refs': (_rows, entry) => expect(entry.records.every((r) => text(r.value).endsWith(' '))).toBe(true),
  'leading-space-ref': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value).startsWith(' '))).toBe(true),
  'unpadded-ref': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value).trim().length < 8)).toBe(true),
  'date-1900': (_rows, entry) => expect(entry.records.every((r) => r.value === NO_DATE)).toBe(true),
  'null-for-no-date': (_rows, entry) => expect(entry.records.every((r) => r.value === null)).toBe(true),
  'dob-1900': (_rows, entry) => expect(entry.records.every((r) => r.value === NO_DATE)).toBe(true),
  'blank-tenure': (_rows, entry) => expect(entry.records.every((r) => r.value === '   ')).toBe(true),
  'blank-payment-ref': (_rows, entry) =>
    expect(entry.records.every((r) => r.value === ' '.repeat(20))).toBe(true),
  'uprn-blank': (_rows, entry) => expect(entry.records.every((r) => text(r.value).trim() === '')).toBe(true),
  'blank-arr-patch': (_rows, entry) => expect(entry.records.every((r) => r.value === '   ')).toBe(true),
  'uprn-zero-padded': (_rows, entry) =>
    expect(
      entry.records.every((r) => /^0\d{10}/.test(text(r.value)) && !/^[1-9]\d{10,11}/.test(text(r.value))),
    ).toBe(true),
  'uprn-shared': (_rows, entry) =>
    pairs(entry, (a, b) => expect([b.value, b.key]).toEqual([a.value, expect.not.objectContaining(a.key)])),
  'duplicate-payment-ref': (_rows, entry, found) => {
    pairs(entry, (a, b) => expect([b.value, b.key]).toEqual([a.value, expect.not.objectContaining(a.key)]));
    expect(found.flat().every((t) => t.terminated === false && t.present === true)).toBe(true);
  },
  'payment-ref-off-by-one': (_rows, entry) =>
    pairs(entry, (a, b) => expect(Number(b.value) - Number(a.value)).toBe(1)),
  'duplicate-rtrans-posting': (_rows, entry, found) =>
    pairs(
      entry,
      () => undefined,
      (i) => {
        const [a, b] = [found[i]?.[0], found[i + 1]?.[0]];
        const strip = (r: SeedRecord | undefined) => ({ ...r, transno: 0, rtrans_sid: 0 });
        expect(strip(a)).toEqual(strip(b));
        expect(a?.transno).not.toBe(b?.transno);
      },
    ),
  'duplicate-contact': (_rows, entry, found) =>
    pairs(
      entry,
      () => undefined,
      (i) => expect(text(found[i]?.[0]?.tag_ref)).toBe(text(found[i + 1]?.[0]?.tag_ref)),
    ),
  'duplicate-person': (_rows, entry, found) =>
    pairs(
      entry,
      () => undefined,
      (i) => {
        const [a, b] = [found[i]?.[0], found[i + 1]?.[0]];
        expect(a?.forename).toBe(b?.forename);
        expect(a?.house_ref).not.toBe(b?.house_ref);
        expect(a?.surname !== b?.surname || b?.dob === NO_DATE).toBe(true);
      },
    ),
  'block-mismatch': (_rows, _entry, found) =>
    expect(found.flat().every((p) => text(p.u_block).trim() !== text(p.major_ref).trim())).toBe(true),
  'block-without-estate': (_rows, _entry, found) =>
    expect(found.flat().every((p) => p.level_code === '3' && text(p.u_estate).trim() === '')).toBe(true),
  'orphan-major-ref': (rows, entry) => expectNoProperty(rows, entry),
  'orphan-tenancy-prop': (rows, entry) => expectNoProperty(rows, entry),
  'uprn-parent-shell': (rows, _entry, found) => {
    for (const flat of found.flat()) {
      const block = rowsOf(rows, 'property').find((p) => p.prop_ref === flat.major_ref);
      expect(block?.u_llpg_ref).toBe(flat.u_llpg_ref);
    }
  },
  'uprn-columns-disagree': (_rows, _entry, found) =>
    expect(
      found
        .flat()
        .every(
          (p) => text(p.u_llpgref).trim() !== text(p.u_llpg_ref).trim() && text(p.u_llpgref).trim() !== '',
        ),
    ).toBe(true),
  'truncated-postcode': (rows, entry) => expectNoPostcode(rows, entry),
  'postcode-missing': (rows, entry) => expectNoPostcode(rows, entry),
  'estate-flat-address': (_rows, _entry, found) =>
    expect(
      found.flat().every((p) => /^Flat \d+ /.test(text(p.post_preamble)) && text(p.post_desig).trim() === ''),
    ).toBe(true),
  'street-house-address': (_rows, _entry, found) =>
    expect(
      found.flat().every((p) => /^\d+$/.test(text(p.post_desig)) && text(p.post_preamble).trim() === ''),
    ).toBe(true),
  'surname-truncated': (rows, _entry, found) => {
    for (const m of found.flat()) {
      expect(m.surname).toBe('Ashworth-Featherston');
      expect(text(rowsOf(rows, 'househ').find((h) => h.house_ref === m.house_ref)?.house_desc)).toContain(
        'Ashworth-Featherstonehaugh',
      );
    }
  },
  'organisation-tenant': (_rows, _entry, found) =>
    expect(
      found
        .flat()
        .every((m) => m.responsible === true && text(m.forename) === '' && text(m.surname).endsWith('Ltd')),
    ).toBe(true),
  'empty-forename': (_rows, _entry, found) =>
    expect(found.flat().every((m) => m.responsible === true && text(m.forename) === '')).toBe(true),
  'joint-names-concatenated': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value).includes(' & '))).toBe(true),
  'multi-valued-phone': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value).includes('/'))).toBe(true),
  'cot-out-of-range': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value) < '1920-01-01')).toBe(true),
  'dob-out-of-range': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value) < '1900-01-01' || text(r.value) > '2026-04-06')).toBe(
      true,
    ),
  'eot-future-terminated': (_rows, entry, found) => {
    expect(entry.records.every((r) => text(r.value) > '2026-04-06')).toBe(true);
    expect(found.flat().every((t) => t.terminated === true)).toBe(true);
  },
  'terminated-without-eot': (_rows, _entry, found) =>
    expect(found.flat().every((t) => t.terminated === true && t.eot === NO_DATE)).toBe(true),
  'eot-without-terminated': (_rows, _entry, found) =>
    expect(
      found
        .flat()
        .every((t) => t.terminated === false && text(t.eot) > '1900-01-01' && text(t.eot) < '2026-04-06'),
    ).toBe(true),
  'long-text': (_rows, _entry, found) =>
    expect(found.flat().every((r) => text(r.rq_problem).length > 32 * 1024)).toBe(true),
  'reopened-repair-blank-cancel': (_rows, _entry, found) =>
    expect(
      found.flat().every((r) => r.rq_status === '000' && r.rq_cancel === '' && r.rq_cancel_date === NO_DATE),
    ).toBe(true),
  'disposed-still-dwelling': (rows, _entry, found) => {
    for (const p of found.flat()) {
      expect([p.level_code, p.occ_stat, p.ownership]).toEqual(['7', 'DIS', 'DISPOSED']);
      expect(
        rowsOf(rows, 'tenagree').filter((t) => t.prop_ref === p.prop_ref && t.terminated === false),
      ).toEqual([]);
    }
  },
  'padded-status': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value).endsWith(' '))).toBe(true),
  'blank-root-major-ref': (_rows, entry) =>
    expect(entry.records.every((r) => text(r.value).trim() === '' && text(r.value).length > 0)).toBe(true),
};

function pairs(
  entry: FaultEntry,
  check: (a: FaultRecord, b: FaultRecord) => void,
  checkIndex?: (i: number) => void,
): void {
  expect(entry.records.length % 2).toBe(0);
  for (let i = 0; i < entry.records.length; i += 2) {
    check(entry.records[i] as FaultRecord, entry.records[i + 1] as FaultRecord);
    checkIndex?.(i);
  }
}

function expectNoProperty(rows: Map<UhTableName, SeedRecord[]>, entry: FaultEntry): void {
  const props = new Set(rowsOf(rows, 'property').map((p) => text(p.prop_ref)));
  expect(entry.records.filter((r) => props.has(text(r.value).trim()))).toEqual([]);
}

function expectNoPostcode(rows: Map<UhTableName, SeedRecord[]>, entry: FaultEntry): void {
  const codes = new Set(rowsOf(rows, 'postcode').map((p) => text(p.post_code)));
  expect(entry.records.filter((r) => codes.has(text(r.value).trim()))).toEqual([]);
}

describe('every manifest fault is present in the generated rows', () => {
  it('covers at least 14 README issues, all but #13 (feed files only) and #18 (hashing)', () => {
    const issues = new Set(Object.values(tiny.manifest.faults).map((f) => f.issue));
    expect([...issues].sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20,
    ]);
    expect(Object.keys(small.manifest.faults)).toEqual(Object.keys(tiny.manifest.faults));
  });

  for (const [label, seed, rows] of [
    ['tiny', tiny, tinyRows],
    ['small', small, smallRows],
  ] as const) {
    it(`${label}: each record finds its row(s) with the recorded value`, () => {
      for (const [kind, entry] of Object.entries(seed.manifest.faults)) {
        expect([kind, entry.records.length > 0, entry.count >= entry.records.length]).toEqual([
          kind,
          true,
          true,
        ]);
        for (const record of entry.records) {
          const { rows: found, valueMatches } = findFaultRows(rows, record);
          expect([kind, record.key, found.length > 0, valueMatches]).toEqual([kind, record.key, true, true]);
        }
      }
    });

    it(`${label}: each fault kind looks like what the README asks for`, () => {
      for (const [kind, entry] of Object.entries(seed.manifest.faults)) {
        const check = faultChecks[kind];
        expect([kind, check === undefined ? 'no check' : 'checked']).toEqual([kind, 'checked']);
        check?.(
          rows,
          entry,
          entry.records.map((r) => findFaultRows(rows, r).rows),
        );
      }
    });
  }

  it('counts the pervasive 1900-01-01 dates exactly', () => {
    const columns = ['eot', 'u_notice_served', 'courtdate', 'evictdate', 'potentialenddate'];
    const cells = rowsOf(smallRows, 'tenagree').reduce(
      (n, t) => n + columns.filter((c) => t[c] === NO_DATE).length,
      0,
    );
    expect(small.manifest.faults['date-1900']?.count).toBe(cells);
  });

  it('is JSON-serialisable and round-trips', () => {
    expect(JSON.parse(JSON.stringify(small.manifest))).toEqual(small.manifest);
  });
});
