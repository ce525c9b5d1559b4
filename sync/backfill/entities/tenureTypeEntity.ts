import type { BackfillEntity, EntitySelect } from '../BackfillEntity';
import { mapRows } from '../mapRows';
import { upsertRows } from '../upsertRows';
import { cleanFlag, cleanText } from '../../../stores/uh/normalise';

interface TenureRow {
  ten_type: string;
  ten_desc: string | null;
  leasehold: boolean;
  ten_secure: boolean;
}

interface TenureType {
  readonly code: string;
  readonly description: string | null;
  readonly isLeasehold: boolean;
  readonly isSecure: boolean;
}

const KEY = [{ expr: 'tt.ten_type', alias: 'ten_type', type: { type: 'char', length: 3 } }] as const;
const SELECT: EntitySelect = {
  columns: 'tt.ten_type, tt.ten_desc, tt.leasehold, tt.ten_secure, tt.tstamp',
  from: 'dbo.tenure tt',
  alias: 'tt',
  joinedRowversions: [],
};

/** UH's tenure lookup -> housing.tenure_type (described as the tenancy's tenure is: cleanText(ten_desc)). */
export const tenureTypeEntity: BackfillEntity<TenureRow, TenureType> = {
  name: 'tenureType',
  table: 'tenure',
  keyColumns: KEY,
  concurrentWrites: true,
  select: SELECT,
  chunkSql: (where) =>
    `SELECT TOP (@n) ${SELECT.columns} FROM ${SELECT.from} WHERE ${where} ORDER BY tt.ten_type`,
  map: (rows) =>
    mapRows(KEY, rows, (row) => {
      const code = cleanText(row.ten_type);
      if (code === null) return 'tenure type has no code';
      return {
        code,
        description: cleanText(row.ten_desc),
        isLeasehold: cleanFlag(row.leasehold),
        isSecure: cleanFlag(row.ten_secure),
      };
    }),
  upsert: async (client, records, mode) => {
    await upsertRows(
      client,
      {
        table: 'housing.tenure_type',
        key: ['code'],
        columns: [
          { name: 'code', type: 'text', value: (r) => r.code },
          { name: 'description', type: 'text', value: (r) => r.description },
          { name: 'is_leasehold', type: 'boolean', value: (r) => r.isLeasehold },
          { name: 'is_secure', type: 'boolean', value: (r) => r.isSecure },
        ],
      },
      records,
      mode,
    );
  },
};
