import { Readable } from 'node:stream';
import { startCloudHarness, type CloudHarness } from '../subgraphs/cloud/test/cloudHarness';
import { generateLlpgExtract, type LlpgExtract } from '../sync/llpg/generateLlpgExtract';
import type { LlpgQuirk, LlpgQuirkRecord } from '../sync/llpg/LlpgManifest';
import type { LlpgLoadSummary } from '../sync/llpg/LlpgLoadSummary';
import { loadLlpgExtract } from '../sync/llpg/loadLlpgExtract';
import { loadSyntheticLlpg } from '../sync/llpg/loadSyntheticLlpg';
import { PgStore } from '../stores/cloud/PgStore';
import { createTestDatabase } from './pg/createTestDatabase';

// The synthetic tiny LLPG extract loaded after a tiny backfill, read back through the cloud subgraph.
describe('LLPG extract load', () => {
  let harness: CloudHarness;
  let extract: LlpgExtract;
  let first: LlpgLoadSummary;
  beforeAll(async () => {
    harness = await startCloudHarness();
    extract = generateLlpgExtract('tiny');
    first = await loadSyntheticLlpg(harness.db.url, 'tiny');
  });
  afterAll(() => harness.close());

  const quirk = (kind: LlpgQuirk): readonly LlpgQuirkRecord[] => {
    const records = extract.manifest.quirks[kind].records;
    if (records.length === 0) throw new Error(`the tiny extract no longer plants ${kind}`);
    return records;
  };
  const one = (kind: LlpgQuirk): LlpgQuirkRecord => quirk(kind)[0] as LlpgQuirkRecord;
  const referenceOf = async (uprn: string) =>
    (
      await harness.store.query<{ reference: string }>(
        'SELECT reference FROM housing.property WHERE uprn = $1 ORDER BY reference',
        [uprn],
      )
    ).rows.map((r) => r.reference);
  const llpgAddress = async (reference: string) => {
    const result = await harness.run(
      `query($r: String!) { property(reference: $r) { uprn llpgAddress { uprn parentUprn usrn logicalStatus sao pao buildingNumber street locality town postcode lines } } }`,
      { r: reference },
    );
    expect(result.errors).toBeUndefined();
    return result.data.property;
  };
  const parentClaims = async (reference: string) => {
    const result = await harness.run(
      `query($r: String!) { property(reference: $r) { parentClaims { parentReference source isPreferred parent { reference } } } }`,
      { r: reference },
    );
    expect(result.errors).toBeUndefined();
    return result.data.property.parentClaims as {
      parentReference: string;
      source: string;
      isPreferred: boolean;
      parent: { reference: string } | null;
    }[];
  };

  it('a flat gets its approved preferred LPI, with lines, under its block (a parent shell)', async () => {
    const block = one('parent-shell');
    const flatRow = extract.addresses.find((a) => a.parent_uprn === block.uprn && a.sao_text === 'FLAT 1');
    if (flatRow === undefined) throw new Error('no FLAT 1 under the first parent shell');
    const [flat] = await referenceOf(flatRow.uprn);
    expect((await llpgAddress(flat as string)).llpgAddress).toEqual({
      uprn: flatRow.uprn,
      parentUprn: block.uprn,
      usrn: 20900101,
      logicalStatus: 'APPROVED_PREFERRED',
      sao: 'FLAT 1',
      pao: 'GINGERBREAD HOUSE',
      buildingNumber: null,
      street: 'MALLOW ROAD',
      locality: 'HOMERTON',
      town: 'LONDON',
      postcode: 'E9 2QY',
      lines: ['FLAT 1', 'GINGERBREAD HOUSE', 'MALLOW ROAD', 'HOMERTON', 'LONDON'],
    });
  });

  it('the Historical LPI of a UPRN is never its address; nor is a newer Alternative one', async () => {
    const historical = one('historical-and-approved');
    const house = await llpgAddress(historical.propRef as string);
    expect(house.llpgAddress.logicalStatus).toBe('APPROVED_PREFERRED');
    expect(house.llpgAddress.pao).toBeNull();
    expect(house.llpgAddress.lines.join(', ')).not.toContain('THE OLD DAIRY');
    const [held] = (
      await harness.store.query('SELECT count(*)::int AS n FROM llpg.address WHERE uprn = $1', [
        historical.uprn,
      ])
    ).rows;
    expect(held?.n).toBe(2);
    const alternative = await llpgAddress(one('alternative-lpi').propRef as string);
    expect(alternative.llpgAddress.logicalStatus).toBe('APPROVED_PREFERRED');
    expect(alternative.llpgAddress.sao).toMatch(/^FLAT \d+$/);
  });

  it('a truncated postcode comes back exactly as the LLPG holds it', async () => {
    const truncated = one('truncated-postcode');
    const really = /^really (.+)$/.exec(truncated.note ?? '')?.[1] as string;
    const flat = await llpgAddress(truncated.propRef as string);
    expect(flat.llpgAddress.postcode).toBe(really.slice(0, -1));
  });

  it('a property whose UPRN the LLPG does not know gets null', async () => {
    const missing = one('uh-uprn-without-llpg');
    expect(await llpgAddress(missing.propRef as string)).toEqual({ uprn: missing.uprn, llpgAddress: null });
  });

  it("a flat's parent claims include the LLPG's parent UPRN naming its block, never preferred", async () => {
    const block = one('parent-shell');
    const flatRow = extract.addresses.find((a) => a.parent_uprn === block.uprn && a.sao_text === 'FLAT 1');
    const [flat] = await referenceOf(flatRow?.uprn as string);
    const claims = await parentClaims(flat as string);
    expect(claims).toContainEqual({
      parentReference: block.propRef,
      source: 'LLPG_PARENT_UPRN',
      isPreferred: false,
      parent: { reference: block.propRef },
    });
    expect(claims.filter((c) => c.isPreferred).map((c) => c.source)).toEqual(['UH_MAJOR_REF']);
  });

  it("a flat holding its block's UPRN in UH (issue 7) is not claimed as its neighbours' parent", async () => {
    const faulty = harness.manifest.faults['uprn-parent-shell']?.records[0];
    const faultyRef = String(faulty?.key.prop_ref);
    const uprn = String(faulty?.value).trim();
    const [blockRef] = (await referenceOf(uprn)).filter((r) => r !== faultyRef);
    const neighbour = extract.addresses.find((a) => a.parent_uprn === uprn);
    const [neighbourRef] = await referenceOf(neighbour?.uprn as string);
    const claims = (await parentClaims(neighbourRef as string)).filter(
      (c) => c.source === 'LLPG_PARENT_UPRN',
    );
    expect(claims.map((c) => c.parentReference)).toEqual([blockRef]);
  });

  it('UHPARENT cross-references claim the estate of a block; an ended one claims nothing; an unknown parent is still claimed', async () => {
    const xref = one('uh-parent-xref');
    const estate = /^estate (\d{8})$/.exec(xref.note ?? '')?.[1];
    const ended = one('ended-xref');
    const former = /^former estate (\d{8})$/.exec(ended.note ?? '')?.[1];
    expect(await parentClaims(xref.propRef as string)).toContainEqual({
      parentReference: estate,
      source: 'LLPG_XREF',
      isPreferred: false,
      parent: { reference: estate },
    });
    const endedClaims = await parentClaims(ended.propRef as string);
    expect(endedClaims.map((c) => c.parentReference)).not.toContain(former);
    const unknown = one('xref-parent-not-in-uh');
    expect(await parentClaims(unknown.propRef as string)).toContainEqual({
      parentReference: '00099999',
      source: 'LLPG_XREF',
      isPreferred: false,
      parent: null,
    });
  });

  it('every invalid row is in sync.reject with its reason, and every other row is loaded', async () => {
    const invalid = quirk('invalid-rows');
    const { rows } = await harness.store.query<{ source: string; source_key: string; reason: string }>(
      `SELECT source, source_key, reason FROM sync.reject WHERE job = 'llpg' ORDER BY source, source_key`,
    );
    const expected = invalid
      .map((r) => ({
        source: r.file === 'addresses' ? 'address' : 'crossReference',
        source_key: r.key,
        reason: r.reason,
      }))
      .sort((a, b) => (a.source + a.source_key < b.source + b.source_key ? -1 : 1));
    expect(rows).toEqual(expected);
    const rejected = new Set(invalid.map((r) => r.key));
    const keys = async (sql: string) => (await harness.store.query<{ k: string }>(sql)).rows.map((r) => r.k);
    expect(await keys('SELECT lpi_key AS k FROM llpg.address ORDER BY 1')).toEqual(
      extract.addresses
        .map((a) => a.lpi_key)
        .filter((k) => k !== '' && !rejected.has(k))
        .sort(),
    );
    expect(await keys('SELECT xref_key AS k FROM llpg.cross_reference ORDER BY 1')).toEqual(
      extract.crossReferences
        .map((x) => x.xref_key)
        .filter((k) => !rejected.has(k))
        .sort(),
    );
    const [address, crossReference] = first.files;
    expect(address).toMatchObject({
      rows: extract.addresses.length,
      rejected: 4,
      loaded: extract.addresses.length - 4,
      inserted: extract.addresses.length - 4,
      rejects: [
        { reason: 'invalid date', count: 1 },
        { reason: 'invalid uprn', count: 1 },
        { reason: 'missing lpi_key', count: 1 },
        { reason: 'unknown logical status', count: 1 },
      ],
    });
    expect(crossReference).toMatchObject({ rows: extract.crossReferences.length, rejected: 2 });
  });

  it('loading the same extract twice changes nothing', async () => {
    const before = await checksums(harness.store);
    const again = await loadSyntheticLlpg(harness.db.url, 'tiny');
    expect(again.files.map((f) => [f.inserted, f.updated, f.unchanged === f.loaded])).toEqual([
      [0, 0, true],
      [0, 0, true],
    ]);
    expect(again.claims).toEqual(first.claims);
    expect(await checksums(harness.store)).toEqual(before);
  });

  it('--replace: a full extract deletes what it does not name, except rows it names but rejects', async () => {
    const [kept, badlyNamed] = extract.addresses;
    if (kept === undefined || badlyNamed === undefined) throw new Error('the tiny extract is empty');
    const header = Object.keys(kept).join(',');
    const line = (row: Record<string, string>) => Object.values(row).join(',');
    const summary = await loadLlpgExtract({
      cloudUrl: harness.db.url,
      addresses: {
        name: 'full.csv',
        open: () =>
          Readable.from([
            [
              header,
              line(kept),
              line({ ...badlyNamed, lpi_end_date: '2024' }),
              line({ ...kept, lpi_key: '5360L999999999', uprn: '200001999999' }),
            ].join('\n'),
          ]),
      },
      replace: true,
    });
    const loadedBefore = extract.addresses.length - 4;
    expect(summary.files[0]).toMatchObject({
      loaded: 2,
      inserted: 1,
      unchanged: 1,
      rejected: 1,
      deleted: loadedBefore - 2,
    });
    const { rows } = await harness.store.query<{ lpi_key: string }>(
      'SELECT lpi_key FROM llpg.address ORDER BY 1',
    );
    expect(rows.map((r) => r.lpi_key)).toEqual([kept.lpi_key, badlyNamed.lpi_key, '5360L999999999'].sort());
    // Cross-references were not given: left as they were.
    const xrefs = await harness.store.query('SELECT 1 FROM llpg.cross_reference');
    expect(xrefs.rowCount).toBe(extract.crossReferences.length - 2);
  });
});

describe('LLPG values are normalised at the boundary', () => {
  it('trims, upper-cases postcodes with one space, maps statuses, turns 0 dates into NULL, drops UPRN zero padding; two rejects under one key are both kept, told apart by line', async () => {
    const db = await createTestDatabase();
    const csv = (text: string) => ({ name: 'inline.csv', open: () => Readable.from([text]) });
    try {
      const summary = await loadLlpgExtract({
        cloudUrl: db.url,
        addresses: csv(
          [
            'LPI_KEY,uprn,parent_uprn,usrn,lpi_logical_status,blpu_class,property_shell,sao_text,pao_text,building_number,street_description,locality,town,postcode,lpi_start_date,lpi_end_date,organisation',
            ' 5360L1 ,000100021022917, 0 ,,  historical ,RD04,N,, ,"12",Mare Street ,,LONDON, e82nq ,19900101,0,ignored',
            '5360L2,100021022917,,20900102,approved_preferred,RD04,0,,,12,MARE STREET,,LONDON,E8  2N,20100101,,',
            '5360L2,100021022917,,20900102,Alternative,RD04,0,,,12,MARE STREET,,LONDON,E8 2NQ,20100101,0,',
            '5360L3,100021022918',
            '5360L4,1000X,,,Historical,,,,,,,,,,0,0,',
            '5360L4,1000Y,,,Historical,,,,,,,,,,0,0,',
          ].join('\n'),
        ),
      });
      expect(summary.files[0]).toMatchObject({
        loaded: 2,
        rejects: [
          { reason: 'duplicate lpi_key', count: 1 },
          { reason: 'invalid uprn', count: 2 },
          { reason: 'wrong number of fields', count: 1 },
        ],
      });
      const pg = new PgStore({ connectionString: db.url, max: 1 });
      try {
        const rejects = await pg.query(
          `SELECT source_key, reason, row_data->'line' AS line FROM sync.reject WHERE job = 'llpg' ORDER BY id`,
        );
        expect(rejects.rows).toEqual([
          { source_key: '5360L2 (line 4)', reason: 'duplicate lpi_key', line: 4 },
          { source_key: '5360L3', reason: 'wrong number of fields', line: 5 },
          { source_key: '5360L4', reason: 'invalid uprn', line: 6 },
          { source_key: '5360L4 (line 7)', reason: 'invalid uprn', line: 7 },
        ]);
        const { rows } = await pg.query(
          `SELECT lpi_key, uprn, parent_uprn, usrn, logical_status, property_shell, pao_text, building_number, street, postcode,
                  to_char(start_date, 'YYYY-MM-DD') AS start_date, end_date FROM llpg.address ORDER BY lpi_key`,
        );
        expect(rows).toEqual([
          {
            lpi_key: '5360L1',
            uprn: '100021022917',
            parent_uprn: null,
            usrn: null,
            logical_status: 'HISTORICAL',
            property_shell: false,
            pao_text: null,
            building_number: '12',
            street: 'Mare Street',
            postcode: 'E8 2NQ',
            start_date: '1990-01-01',
            end_date: null,
          },
          {
            lpi_key: '5360L2',
            uprn: '100021022917',
            parent_uprn: null,
            usrn: 20900102,
            logical_status: 'APPROVED_PREFERRED',
            property_shell: false,
            pao_text: null,
            building_number: '12',
            street: 'MARE STREET',
            postcode: 'E8 2N',
            start_date: '2010-01-01',
            end_date: null,
          },
        ]);
      } finally {
        await pg.close();
      }
    } finally {
      await db.drop();
    }
  });
});

/** Content checksums of what the LLPG load writes (reject ids and times left out: they say when, not what). */
async function checksums(store: PgStore): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [table, select] of [
    ['llpg.address', 'SELECT to_jsonb(t)::text AS r FROM llpg.address t'],
    ['llpg.cross_reference', 'SELECT to_jsonb(t)::text AS r FROM llpg.cross_reference t'],
    ['housing.property_parent_claim', 'SELECT to_jsonb(t)::text AS r FROM housing.property_parent_claim t'],
    ['sync.reject', `SELECT (to_jsonb(t) - 'id' - 'created_at')::text AS r FROM sync.reject t`],
  ] as const) {
    const { rows } = await store.query<{ n: string; sum: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(r, E'\\n' ORDER BY r)) AS sum FROM (${select}) x`,
    );
    result[table] = `${rows[0]?.n ?? 0}:${rows[0]?.sum ?? ''}`;
  }
  return result;
}
