import type { DeadLetter } from './deadLetters';

/** `housing sync dead-letters` as a table: one line each, the reason last (it runs long). */
export function formatDeadLetters(letters: readonly DeadLetter[]): string {
  if (letters.length === 0) return 'no dead letters\n';
  const headers = [
    'id',
    'outbox',
    'entity',
    'key',
    'error',
    'attempts',
    'dead since',
    'retried at',
    'reason',
  ];
  const rows = letters.map((letter) => [
    String(letter.id),
    String(letter.outboxId),
    letter.entity,
    letter.entityKey,
    letter.errorNumber === null ? '' : String(letter.errorNumber),
    String(letter.attempts),
    time(letter.createdAt),
    letter.retriedAt === null ? '' : time(letter.retriedAt),
    letter.reason,
  ]);
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** `housing sync retry`: what was put back, one line each. */
export function formatRetried(letters: readonly DeadLetter[]): string {
  if (letters.length === 0) return 'no open dead letters to retry\n';
  return letters
    .map(
      (letter) =>
        `dead letter ${letter.id}: outbox row ${letter.outboxId} (${letter.entity} ${letter.entityKey}) is PENDING again\n`,
    )
    .join('');
}

function time(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
