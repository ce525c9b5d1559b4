import { PgStore } from '../../stores/cloud/PgStore';
import { insertRejects } from '../insertRejects';
import { readLlpgCsv } from '../llpg/readLlpgCsv';
import type { LlpgExtractInput } from '../llpg/loadLlpgExtract';
import { ASSET_REGISTER_COLUMNS, type RegisterAsset } from './assetRegisterFormat';
import { normaliseAssetRow } from './normaliseAssetRow';

export const ASSET_REGISTER_JOB = 'assetRegister';

/** What a load did: rows read, loaded, rejected by reason, and the assets it replaced. */
export interface AssetRegisterLoadSummary {
  readonly file: string;
  readonly rows: number;
  readonly loaded: number;
  readonly replaced: number;
  readonly rejected: number;
  readonly rejects: readonly { readonly reason: string; readonly count: number }[];
  readonly seconds: number;
}

/** Check the header only (an LlpgExtractError saying what was expected), before anything is loaded. */
export async function checkAssetRegisterHeader(input: LlpgExtractInput): Promise<void> {
  for await (const _row of readLlpgCsv(input.open(), input.name, ASSET_REGISTER_COLUMNS)) break;
}

/**
 * Load an asset register extract: the extract is the whole register, so it replaces the one held, in one
 * transaction (a failure part-way leaves the previous register). Rows that fail validation (or repeat an
 * asset_id: the first row wins) are kept in sync.reject (job 'assetRegister', source 'asset') with every
 * problem and the row as the file held it; the previous load's rejects are cleared in the same transaction.
 * Unreadable input (no such file, a header missing columns, broken CSV) is an LlpgExtractError.
 */
export async function loadAssetRegister(
  cloudUrl: string,
  input: LlpgExtractInput,
): Promise<AssetRegisterLoadSummary> {
  const started = performance.now();
  await checkAssetRegisterHeader(input);
  const assets: RegisterAsset[] = [];
  const rejects: { key: string; reason: string; data: string }[] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  for await (const { line, raw, row, fieldCount, headerLength } of readLlpgCsv(
    input.open(),
    input.name,
    ASSET_REGISTER_COLUMNS,
  )) {
    rows++;
    const id = (raw.asset_id ?? '').trim();
    const key = id === '' ? `line ${line}` : id;
    const reject = (reason: string, problems: readonly string[], as = key) =>
      rejects.push({
        key: rejects.some((r) => r.key === as && r.reason === reason) ? `${as} (line ${line})` : as,
        reason,
        data: JSON.stringify({ line, row: raw, problems }),
      });
    if (row === null) {
      reject('wrong number of fields', [
        `expected ${headerLength} fields as in the header, got ${fieldCount}`,
      ]);
      continue;
    }
    const result = normaliseAssetRow(row);
    if (!result.ok) {
      reject(
        result.problems[0]?.reason ?? 'invalid row',
        result.problems.map((p) => p.detail),
      );
      continue;
    }
    const earlier = seen.get(result.value.assetId);
    if (earlier !== undefined) {
      // The first row with an id is the one kept; a later one is keyed by its line, as the LLPG loader keys them.
      reject(
        'duplicate asset_id',
        [`asset_id ${key} is already on line ${earlier}`],
        `${key} (line ${line})`,
      );
      continue;
    }
    seen.set(result.value.assetId, line);
    assets.push(result.value);
  }
  const pg = new PgStore({
    connectionString: cloudUrl,
    max: 1,
    applicationName: 'housing asset-register load',
  });
  try {
    const replaced = await pg.withTransaction(async (client) => {
      const deleted = await client.query('DELETE FROM housing.asset_register');
      await client.query('DELETE FROM sync.reject WHERE job = $1', [ASSET_REGISTER_JOB]);
      for (let i = 0; i < assets.length; i += 5_000) {
        const batch = assets.slice(i, i + 5_000);
        const of = <T>(pick: (a: RegisterAsset) => T) => batch.map(pick);
        await client.query(
          `INSERT INTO housing.asset_register (asset_id, prop_ref, uprn, level, asset_type, parent_prop_ref, status, status_date, address, postcode)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[], $10::text[])`,
          [
            of((a) => a.assetId),
            of((a) => a.propRef),
            of((a) => a.uprn),
            of((a) => a.level),
            of((a) => a.assetType),
            of((a) => a.parentPropRef),
            of((a) => a.status),
            of((a) => a.statusDate),
            of((a) => a.address),
            of((a) => a.postcode),
          ],
        );
      }
      await insertRejects(client, ASSET_REGISTER_JOB, 'asset', rejects);
      return deleted.rowCount ?? 0;
    });
    const reasons = new Map<string, number>();
    for (const r of rejects) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    return {
      file: input.name,
      rows,
      loaded: assets.length,
      replaced,
      rejected: rejects.length,
      rejects: [...reasons]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([reason, count]) => ({ reason, count })),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await pg.close();
  }
}
