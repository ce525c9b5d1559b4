import pino, { type Logger } from 'pino';
import { requestIds } from './requestIdStorage';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * JSON logs on stderr (stdout is kept for what a command prints for people and scripts). A line written
 * while a request is served carries its requestId (see requestIdStorage).
 */
export function createLogger(
  level: LogLevel,
  name: string,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      name,
      base: { pid: process.pid },
      mixin: () => {
        const requestId = requestIds.getStore();
        return requestId === undefined ? {} : { requestId };
      },
    },
    destination,
  );
}
