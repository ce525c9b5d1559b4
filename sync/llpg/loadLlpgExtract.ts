import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { PgStore, type PgClient } from '../../stores/cloud/PgStore';
import { SYNC_LOCK_CLASS } from '../backfill/withBackfillLock';
import { deriveLlpgParentClaims } from './deriveLlpgParentClaims';
import { LlpgExtractError } from './LlpgExtractError';
import type { LlpgFileSummary, LlpgLoadSummary } from './LlpgLoadSummary';
import { loadLlpgFile } from './loadLlpgFile';
import { ADDRESS_COLUMNS, CROSS_REFERENCE_COLUMNS } from './llpgExtractFormat';
import { readLlpgCsv } from './readLlpgCsv';

/** One file of an extract: a name for messages and a way to read it (once). */
export interface LlpgExtractInput {
  readonly name: string;
  open(): Readable;
}

export interface LoadLlpgOptions {
  readonly cloudUrl: string;
  readonly addresses: LlpgExtractInput;
  readonly crossReferences?: LlpgExtractInput;
  /**
   * The files are the whole gazetteer (a full extract, not a change file): LPIs and cross-references they
   * do not name are deleted, e.g. the synthetic extract the stack's first start loaded. Default false.
   */
  readonly replace?: boolean;
}

/**
 * Each of a load's transactions (a file, the claims) takes this lock, so two loads on one database never
 * interleave inside a step (a reject clean-up, a claim recomputation); a second load may run its steps
 * between the first's, and the last step to commit decides. Run one load at a time.
 */
/** The sync jobs' lock class (the backfill holds id 1). */
export const LLPG_LOCK_ID = 2;

/** A CSV file on disk, checked now (so a typo fails before anything is loaded). */
export function extractFile(path: string, option: string): LlpgExtractInput {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new LlpgExtractError(`${option}: expected a CSV file, but there is no file at ${path}`);
  }
  if (!isFile) throw new LlpgExtractError(`${option}: expected a CSV file, but ${path} is not a file`);
  return { name: path, open: () => createReadStream(path) };
}

/**
 * Read each file's header (and stop): an LlpgExtractError names what was expected. Run before anything
 * is loaded, so a wrong cross-reference file does not leave the addresses loaded on their own.
 */
export async function checkLlpgHeaders(
  addresses: LlpgExtractInput,
  crossReferences?: LlpgExtractInput,
): Promise<void> {
  const check = async (input: LlpgExtractInput, columns: readonly string[]) => {
    for await (const _row of readLlpgCsv(input.open(), input.name, columns)) break;
  };
  await check(addresses, ADDRESS_COLUMNS);
  if (crossReferences !== undefined) await check(crossReferences, CROSS_REFERENCE_COLUMNS);
}

/**
 * Load an LLPG extract into llpg.address / llpg.cross_reference: each file in one transaction (a
 * failure leaves the tables as they were), then the LLPG parent claims recomputed in another. Idempotent:
 * rows are upserted by lpi_key / xref_key and rows held exactly so are not rewritten.
 */
export async function loadLlpgExtract(options: LoadLlpgOptions): Promise<LlpgLoadSummary> {
  const started = performance.now();
  await checkLlpgHeaders(options.addresses, options.crossReferences);
  const store = new PgStore({
    connectionString: options.cloudUrl,
    max: 1,
    applicationName: 'housing llpg load',
  });
  try {
    const inTransaction = <T>(work: (client: PgClient) => Promise<T>) =>
      store.withTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', [SYNC_LOCK_CLASS, LLPG_LOCK_ID]);
        return work(client);
      });
    const files: LlpgFileSummary[] = [];
    const { addresses, crossReferences } = options;
    const replace = options.replace === true;
    files.push(
      await inTransaction((client) =>
        loadLlpgFile(client, 'address', addresses.open(), addresses.name, replace),
      ),
    );
    if (crossReferences !== undefined) {
      files.push(
        await inTransaction((client) =>
          loadLlpgFile(client, 'crossReference', crossReferences.open(), crossReferences.name, replace),
        ),
      );
    }
    const claims = await inTransaction(deriveLlpgParentClaims);
    return { files, claims, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}
