import { formatTable } from '../../core/formatTable';
import type { SyncReadings, WorkerReading } from '../../stores/cloud/readSyncReadings';

/** What `housing sync status` prints for people (--json prints the readings themselves). */
export function formatSyncStatus(readings: SyncReadings): string {
  const worker = (direction: 'forward' | 'reverse') =>
    readings.workers.find((w) => w.direction === direction);
  const parts: string[] = [];
  parts.push(
    formatTable(
      ['direction', 'state', 'holder', 'heartbeat', 'last error'],
      (['forward', 'reverse'] as const).map((direction) => {
        const w = worker(direction);
        if (w === undefined) return [direction, 'never run', '-', '-', '-'];
        return [
          direction,
          workerState(w),
          w.holder,
          `${w.heartbeatAgeSeconds.toFixed(1)} s ago`,
          w.lastError === null ? '-' : `${w.lastError} (${w.lastErrorAt ?? ''})`,
        ];
      }),
    ),
  );

  const forward = worker('forward');
  const tables = [
    ...new Set([...readings.forward.map((c) => c.table), ...(forward?.sources.map((s) => s.source) ?? [])]),
  ].sort();
  parts.push(
    'forward: UH -> cloud\n' +
      (tables.length === 0
        ? 'no table captured yet (forward capture starts once the backfill of its entities is complete)\n'
        : formatTable(
            ['UH table', 'lag s', 'lag rows', 'rows/s', 'checkpoint', 'caught up at'],
            tables.map((table) => {
              const checkpoint = readings.forward.find((c) => c.table === table);
              const source = forward?.sources.find((s) => s.source === table);
              return [
                table,
                seconds(checkpoint?.lagSeconds ?? source?.lagSeconds ?? null),
                String(source?.lagRows ?? '-'),
                rate(source?.rowsPerSecond),
                checkpoint?.checkpoint ?? '-',
                checkpoint?.caughtUpAt ?? 'never',
              ];
            }),
          )),
  );

  const reverse = worker('reverse');
  const entities = [
    ...new Set([...readings.outbox.map((o) => o.entity), ...(reverse?.sources.map((s) => s.source) ?? [])]),
  ].sort();
  parts.push(
    'reverse: cloud -> UH (outbox)\n' +
      (entities.length === 0
        ? 'nothing written in the cloud yet\n'
        : formatTable(
            ['entity', 'pending', 'oldest pending s', 'rows/s', 'dead letters', 'open conflicts'],
            entities.map((entity) => {
              const row = readings.outbox.find((o) => o.entity === entity);
              const source = reverse?.sources.find((s) => s.source === entity);
              return [
                entity,
                String(row?.pending ?? 0),
                seconds(row?.oldestPendingAgeSeconds ?? 0),
                rate(source?.rowsPerSecond),
                String(row?.deadLetters ?? 0),
                String(row?.openConflicts ?? 0),
              ];
            }),
          )),
  );
  parts.push(
    `dead letters: ${readings.deadLetters} (housing sync dead-letters)   open conflicts: ${readings.openConflicts} (housing sync conflicts)\n`,
  );
  return parts.join('\n');
}

function workerState(w: WorkerReading): string {
  if (w.state === 'stopped') return 'stopped';
  return w.alive ? w.state : `not running (last ${w.state})`;
}

function seconds(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

function rate(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(1);
}
