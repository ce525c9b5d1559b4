import { InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';

/** Commander argument parsers: each says what was expected when the value is wrong. */
export const SCALES = ['tiny', 'small', 'large'] as const;
export type Scale = (typeof SCALES)[number];

export function portOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError(`expected a TCP port number from 0 to 65535, got "${value}"`);
  }
  return Number(value);
}

export function scaleOption(value: string): Scale {
  if (!(SCALES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${SCALES.join(', ')}, got "${value}"`);
  }
  return value as Scale;
}

export function positiveIntOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError(`expected a whole number of 1 or more, got "${value}"`);
  }
  return Number(value);
}

export function pathOption(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a path, got an empty string');
  return resolve(value);
}

export function hostOption(value: string): string {
  if (!/^(\d{1,3}\.){3}\d{1,3}$|^[a-zA-Z0-9.-]+$|^\[?[0-9a-fA-F:]+\]?$/.test(value)) {
    throw new InvalidArgumentError(
      `expected an IP address or host name to listen on, such as 127.0.0.1 or 0.0.0.0, got "${value}"`,
    );
  }
  return value;
}

/** --uh-latency: the delay the VPN adds each way, in milliseconds. */
export function latencyOption(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > 10_000) {
    throw new InvalidArgumentError(`expected a delay each way from 0 to 10000 ms, got "${value}"`);
  }
  return Number(value);
}

/** --uh-loss: the percent of segments the VPN loses (each retransmitted after 200 ms). */
export function lossOption(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > 100) {
    throw new InvalidArgumentError(`expected a loss rate from 0 to 100 percent, got "${value}"`);
  }
  return Number(value);
}
