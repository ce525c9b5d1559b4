import cliProgress from 'cli-progress';
import type { BackfillProgress, BackfillSummary } from './BackfillSummary';

/**
 * Progress for a person or a log: on a TTY one cli-progress bar per entity (rows done / total, rows/s);
 * otherwise (CI logs, a pipe) a plain line per entity start and end and at most one every `intervalMs`.
 */
export interface ProgressReporter {
  readonly onProgress: (event: BackfillProgress) => void;
  /** Stop the bar in flight (interrupted runs). */
  stop(): void;
}

export function createBackfillProgressReporter(
  stream: NodeJS.WriteStream,
  options: { tty?: boolean; intervalMs?: number } = {},
): ProgressReporter {
  const tty = options.tty ?? stream.isTTY === true;
  return tty ? barReporter(stream) : lineReporter(stream, options.intervalMs ?? 5000);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  let bar: cliProgress.SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stop,
    onProgress(event) {
      switch (event.kind) {
        case 'start':
          stop();
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `${event.entity.padEnd(16)} {bar} {value}/{total} rows | {rate} rows/s | {eta_formatted}`,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(event.total, event.done), event.done, { rate: '-' });
          return;
        case 'chunk':
          if (bar !== undefined && event.done > bar.getTotal()) bar.setTotal(event.done);
          bar?.update(event.done, { rate: Math.round(event.rowsPerSecond).toLocaleString('en-GB') });
          return;
        case 'end':
          stop();
          return;
      }
    },
  };
}

function lineReporter(stream: NodeJS.WriteStream, intervalMs: number): ProgressReporter {
  let lastLine = 0;
  const write = (line: string) => stream.write(`${new Date().toISOString()} backfill ${line}\n`);
  return {
    stop: () => undefined,
    onProgress(event) {
      switch (event.kind) {
        case 'start':
          lastLine = performance.now();
          write(`${event.entity}: starting at ${event.done} of ${event.total} rows`);
          return;
        case 'chunk':
          if (performance.now() - lastLine < intervalMs) return;
          lastLine = performance.now();
          write(
            `${event.entity}: ${event.done}/${event.total} rows, ${event.rejected} rejected, ${Math.round(event.rowsPerSecond)} rows/s`,
          );
          return;
        case 'end':
          write(
            `${event.summary.entity}: ${event.summary.status}, ${event.summary.rows} rows read, ${event.summary.rejected} rejected`,
          );
          return;
      }
    },
  };
}

/** The final table: entity, rows, rejected, seconds, rows/s; then the rejects kept, by reason. */
export function formatBackfillSummary(summary: BackfillSummary): string {
  const rows: string[][] = [['entity', 'status', 'rows', 'rejected', 'seconds', 'rows/s']];
  for (const e of summary.entities) {
    rows.push([
      e.entity,
      e.status,
      String(e.rows),
      String(e.rejected),
      e.seconds.toFixed(1),
      String(Math.round(e.rowsPerSecond)),
    ]);
  }
  rows.push([
    'total',
    summary.interrupted ? 'interrupted' : 'done',
    String(summary.rows),
    String(summary.entities.reduce((n, e) => n + e.rejected, 0)),
    summary.seconds.toFixed(1),
    String(Math.round(summary.rowsPerSecond)),
  ]);
  let text = table(rows, [false, false, true, true, true, true]);
  if (summary.rejects.length > 0) {
    text += '\nrejected rows kept in sync.reject (job backfill), by reason:\n';
    text += table(
      [['entity', 'reason', 'rows'], ...summary.rejects.map((r) => [r.entity, r.reason, String(r.count)])],
      [false, false, true],
    );
  }
  return text;
}

function table(rows: readonly string[][], right: readonly boolean[]): string {
  const widths = right.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (right[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
