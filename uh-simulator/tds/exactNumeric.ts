/**
 * decimal/numeric/money values are exact decimal strings in the engine ("12.50") and scaled integers
 * on the wire. Converting through BigInt keeps every digit: money is never rounded through a float.
 */

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** "12.5" at scale 2 -> 1250n. Extra fractional digits are rounded half away from zero. */
export function toScaledBigInt(value: string | number | bigint, scale: number): bigint {
  if (typeof value === 'bigint') return value * 10n ** BigInt(scale);
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (m === null || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw new TypeError(`not an exact decimal: ${JSON.stringify(value)}`);
  }
  const negative = m[1] === '-';
  const whole = m[2] === '' ? '0' : (m[2] as string);
  const fraction = m[3] ?? '';
  let scaled = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  if (fraction.length > scale && fraction.charCodeAt(scale) - 48 >= 5) scaled += 1n;
  return negative ? -scaled : scaled;
}

/** 1250n at scale 2 -> "12.50"; always exactly `scale` fractional digits. */
export function fromScaledBigInt(scaled: bigint, scale: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const body =
    scale === 0 ? digits : digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  return negative ? '-' + body : body;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
  // toFixed(20) avoids exponent notation for small magnitudes; large ones print plainly already.
  return Math.abs(value) < 1e21 ? value.toFixed(20).replace(/\.?0+$/, '') : BigInt(value).toString();
}

/** Bytes after the sign byte a DECIMALN/NUMERICN of this precision uses (MS-TDS 2.2.5.5.1.6). */
export function decimalMagnitudeLength(precision: number): number {
  return precision <= 9 ? 4 : precision <= 19 ? 8 : precision <= 28 ? 12 : 16;
}
