import type { BackfillEntity, EntitySelect } from '../BackfillEntity';
import { mapRows, tstampOf } from '../mapRows';
import { upsertRows } from '../upsertRows';
import {
  PROPERTY_COLUMNS,
  PROPERTY_FROM,
  toProperty,
  type PropertyRow,
} from '../../../stores/uh/readProperties';
import { canonicalPropertyRef, canonicalRef } from '../../../stores/uh/canonicalRefs';
import { cleanFlag } from '../../../stores/uh/normalise';

type Row = PropertyRow & {
  u_estate: string | null;
  u_block: string | null;
  house_ref: string | null;
  no_maint: boolean | null;
  tstamp: Buffer;
};

type ClaimSource = 'UH_MAJOR_REF' | 'UH_U_ESTATE' | 'UH_U_BLOCK';

interface Claim {
  readonly child: string;
  readonly parent: string;
  readonly source: ClaimSource;
}

interface Property {
  readonly record: ReturnType<typeof toProperty>;
  readonly houseRef: string | null;
  readonly noMaintenance: boolean;
  readonly tstamp: Buffer | null;
  readonly claims: readonly Claim[];
}

const UH_SOURCES: readonly ClaimSource[] = ['UH_MAJOR_REF', 'UH_U_ESTATE', 'UH_U_BLOCK'];
const KEY = [{ expr: 'p.prop_ref', alias: 'prop_ref', type: { type: 'char', length: 12 } }] as const;
const SELECT: EntitySelect = {
  columns: `${PROPERTY_COLUMNS}, p.u_estate, p.u_block, p.house_ref, p.no_maint, p.tstamp`,
  from: PROPERTY_FROM,
  alias: 'p',
  joinedRowversions: ['pc.tstamp'],
};

/**
 * dbo.property -> housing.property (values exactly as toProperty serves them) and its parent claims from
 * UH: major_ref (the preferred one), u_estate, u_block, in canonical form; blank ones are not claims, and a
 * claim naming a property that does not exist is kept (that is what the claims table is for).
 */
export const propertyEntity: BackfillEntity<Row, Property> = {
  name: 'property',
  table: 'property',
  keyColumns: KEY,
  concurrentWrites: true,
  select: SELECT,
  chunkSql: (where) =>
    `SELECT TOP (@n) ${SELECT.columns} FROM ${SELECT.from} WHERE ${where} ORDER BY p.prop_ref`,
  map: (rows) =>
    mapRows(
      KEY,
      rows,
      (row) => {
        const record = toProperty(row);
        if (!/^\d{8}$/.test(record.reference))
          return 'prop_ref is not a property reference of up to 8 digits';
        const claims: Claim[] = [];
        const claim = (raw: string | null, source: ClaimSource) => {
          const parent = canonicalPropertyRef(raw);
          if (parent !== null) claims.push({ child: record.reference, parent, source });
        };
        claim(row.major_ref, 'UH_MAJOR_REF');
        claim(row.u_estate, 'UH_U_ESTATE');
        claim(row.u_block, 'UH_U_BLOCK');
        return {
          record,
          houseRef: canonicalRef(row.house_ref),
          noMaintenance: cleanFlag(row.no_maint),
          tstamp: tstampOf(row.tstamp),
          claims,
        };
      },
      (p) => p.record.reference,
    ),
  upsert: async (client, records, mode) => {
    await upsertRows(
      client,
      {
        table: 'housing.property',
        key: ['reference'],
        syncedAt: true,
        masteredIn: true,
        columns: [
          { name: 'reference', type: 'text', value: (p) => p.record.reference },
          { name: 'level', type: 'text', value: (p) => p.record.level },
          { name: 'level_code', type: 'text', value: (p) => p.record.levelCode },
          { name: 'address_line1', type: 'text', value: (p) => p.record.address.line1 },
          { name: 'address_line2', type: 'text', value: (p) => p.record.address.line2 },
          { name: 'address_line3', type: 'text', value: (p) => p.record.address.line3 },
          { name: 'address_line4', type: 'text', value: (p) => p.record.address.line4 },
          { name: 'postcode', type: 'text', value: (p) => p.record.address.postcode },
          { name: 'uprn', type: 'text', value: (p) => p.record.uprn },
          { name: 'number_of_bedrooms', type: 'integer', value: (p) => p.record.numberOfBedrooms },
          { name: 'parent_reference', type: 'text', value: (p) => p.record.parentReference },
          { name: 'house_ref', type: 'text', value: (p) => p.houseRef },
          { name: 'no_maintenance', type: 'boolean', value: (p) => p.noMaintenance },
          { name: 'uh_tstamp', type: 'bytea', value: (p) => p.tstamp },
        ],
      },
      records,
      mode,
    );
    const claims = records.flatMap((p) => p.claims);
    // Claims UH no longer makes (a re-run after major_ref changed) go; every other source is left alone.
    await client.query(
      `DELETE FROM housing.property_parent_claim c
WHERE c.child_reference = ANY($1::text[]) AND c.source = ANY($2::text[])
  AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[], $5::text[]) AS n(child, source, parent)
                  WHERE n.child = c.child_reference AND n.source = c.source AND n.parent = c.parent_reference)`,
      [
        records.map((p) => p.record.reference),
        UH_SOURCES,
        claims.map((c) => c.child),
        claims.map((c) => c.source),
        claims.map((c) => c.parent),
      ],
    );
    await upsertRows(
      client,
      {
        table: 'housing.property_parent_claim',
        key: ['child_reference', 'source', 'parent_reference'],
        columns: [
          { name: 'child_reference', type: 'text', value: (c) => c.child },
          { name: 'parent_reference', type: 'text', value: (c) => c.parent },
          { name: 'source', type: 'text', value: (c) => c.source },
          { name: 'is_preferred', type: 'boolean', value: (c) => c.source === 'UH_MAJOR_REF' },
        ],
      },
      claims,
    );
  },
};
