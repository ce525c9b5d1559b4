import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { LlpgExtractError } from './LlpgExtractError';

/** One data row of an extract file: its line, the row as the file holds it, and the expected columns. */
export interface CsvRow<C extends string> {
  /** 1-based line where the record ends (a quoted field may span lines). */
  readonly line: number;
  /** Every column of the header with this row's text (what sync.reject keeps). */
  readonly raw: Readonly<Record<string, string>>;
  /** The expected columns (absent fields ''), or null when the row has the wrong number of fields. */
  readonly row: Readonly<Record<C, string>> | null;
  readonly fieldCount: number;
  readonly headerLength: number;
}

/**
 * Parse an extract CSV (RFC 4180, optional BOM, header row first) with csv-parse. The header must name
 * every expected column, in any order and any case; extra columns are carried in `raw` and otherwise
 * ignored. A row with a different number of fields from the header is yielded with `row: null` so the
 * caller rejects it; unparseable CSV (an unclosed quote) is an LlpgExtractError.
 */
export async function* readLlpgCsv<C extends string>(
  input: Readable,
  name: string,
  columns: readonly C[],
): AsyncGenerator<CsvRow<C>> {
  const parser = input.pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  input.on('error', (error) => parser.destroy(error));
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (header === null) {
        header = record.map((column) => column.trim().toLowerCase());
        const missing = columns.filter((column) => !header?.includes(column));
        if (missing.length > 0) {
          throw new LlpgExtractError(
            `${name}: expected a header row naming the columns ${columns.join(', ')}; missing ${missing.join(', ')} (the header was: ${record.join(', ')})`,
          );
        }
        continue;
      }
      const names = header;
      const raw = Object.fromEntries(record.map((value, i) => [names[i] ?? `column_${i + 1}`, value]));
      const row =
        record.length === names.length
          ? (Object.fromEntries(columns.map((column) => [column, raw[column] ?? ''])) as Record<C, string>)
          : null;
      yield { line: info.lines, raw, row, fieldCount: record.length, headerLength: names.length };
    }
  } catch (error) {
    if (error instanceof LlpgExtractError) throw error;
    if (error instanceof CsvError || (error as { code?: string }).code?.startsWith('CSV_')) {
      throw new LlpgExtractError(`${name}: not a readable CSV file: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if ((error as NodeJS.ErrnoException).syscall !== undefined) {
      throw new LlpgExtractError(`${name}: cannot read the file: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    // A caller that stops early (a header check) must not leave the file open.
    input.destroy();
  }
  if (header === null) {
    throw new LlpgExtractError(
      `${name}: expected a header row naming the columns ${columns.join(', ')}; the file is empty`,
    );
  }
}
