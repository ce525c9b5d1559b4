import pino, { type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** JSON logs on stderr (stdout is kept for what a command prints for people and scripts). */
export function createLogger(level: LogLevel, name: string): Logger {
  return pino({ level, name, base: { pid: process.pid } }, pino.destination(2));
}
