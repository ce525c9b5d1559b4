/**
 * Code page 1252, the code page of the server collation (SQL_Latin1_General_CP1_CI_AS): char, varchar
 * and text values travel in it. Node's 'latin1' differs in 0x80-0x9F (euro sign, curly quotes), so the
 * exceptions are mapped explicitly; characters outside the code page become '?' as SQL Server does.
 */

const HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

const ENCODE_HIGH = new Map<number, number>(HIGH.map((codePoint, i) => [codePoint, 0x80 + i]));
const QUESTION_MARK = 0x3f;

export function decodeCp1252(bytes: Buffer): string {
  let high = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x80 && b < 0xa0) {
      high = true;
      break;
    }
  }
  // Node's TextDecoder treats 'windows-1252' as ISO-8859-1, so the 0x80-0x9F block is mapped here.
  if (!high) return bytes.toString('latin1');
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    text += String.fromCharCode(b >= 0x80 && b < 0xa0 ? (HIGH[b - 0x80] as number) : b);
  }
  return text;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

export function encodeCp1252(text: string): Buffer {
  if (isAscii(text)) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) out[n++] = code;
    else out[n++] = ENCODE_HIGH.get(code) ?? QUESTION_MARK;
  }
  return out.subarray(0, n);
}
