/**
 * Text UH can hold. UH's text columns (char, varchar, text) are single-byte, in the code page of the
 * server collation, SQL_Latin1_General_CP1_CI_AS: Windows-1252. "If a non-UTF-8 collation is specified,
 * then these data types store only a subset of characters supported by that corresponding code page of
 * that collation" (https://learn.microsoft.com/en-us/sql/t-sql/data-types/char-and-varchar-transact-sql;
 * code pages per collation: https://learn.microsoft.com/en-us/sql/relational-databases/collations/collation-and-unicode-support).
 * Nothing refuses the rest: tedious encodes char/varchar parameters itself with iconv-lite in the
 * collation's code page, which writes '?' for any character outside it
 * (node_modules/tedious/lib/data-types/varchar.js, validate), and SQL Server converting an nvarchar
 * value into such a column substitutes a "best fit" letter or '?'. Either way "Łukasz" silently becomes
 * "?ukasz" or similar. The UH simulator does the same on the wire (uh-simulator/tds/cp1252.ts).
 *
 * So writers check first: while UH masters an entity a value UH cannot hold is refused, naming the
 * character (firstCharacterUhCannotHold); while the cloud masters it, UH gets the nearest value it can
 * hold (nearestUhText) and the difference is recorded (sync.lossy_text).
 */

/**
 * The characters Windows-1252 puts in 0x80-0x9F (where ISO-8859-1 has C1 controls). 0x81, 0x8D, 0x8F,
 * 0x90 and 0x9D are unassigned: iconv-lite (so every char parameter tedious sends) maps U+0081 etc. to
 * '?', so they are not listed. https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT
 */
const WINDOWS_1252_HIGH = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e,
  0x0178,
]);

function uhCanHold(codePoint: number): boolean {
  return codePoint < 0x80 || (codePoint >= 0xa0 && codePoint <= 0xff) || WINDOWS_1252_HIGH.has(codePoint);
}

/**
 * Letters and signs with no compatibility decomposition to a base letter UH holds (NFKD leaves Ł as Ł):
 * the nearest by the usual transliteration. Checked before NFKD, which would turn Ŀ into L plus a middle dot.
 */
const NEAREST: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ĸ: 'k',
  Ŀ: 'L',
  ŀ: 'l',
  ŉ: "'n",
  Ŋ: 'N',
  ŋ: 'n',
  Ŧ: 'T',
  ŧ: 't',
  ẞ: 'SS',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2043': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u201b': "'",
  '\u2033': '"',
  '\u201f': '"',
  '\u200b': '',
  '\ufeff': '',
};

const COMBINING_MARK = /\p{M}/u;
const REPLACEMENT = '?';

export interface CharacterUhCannotHold {
  readonly character: string;
  readonly codePoint: number;
  /** Position in the value, counted in characters (code points) from 0. */
  readonly index: number;
}

/** The first character of `text` outside Windows-1252, or null when UH can hold the whole value. */
export function firstCharacterUhCannotHold(text: string): CharacterUhCannotHold | null {
  let index = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) as number;
    if (!uhCanHold(codePoint)) return { character, codePoint, index };
    index++;
  }
  return null;
}

/**
 * The nearest value UH can hold: characters it holds are kept (é stays é); others become their table
 * transliteration, else their compatibility decomposition without combining marks (ř -> r, ﬁ -> fi,
 * full-width Ａ -> A), else '?', one per character, as SQL Server itself writes for what it cannot map.
 */
export function nearestUhText(text: string): string {
  if (firstCharacterUhCannotHold(text) === null) return text;
  let result = '';
  for (const character of text) {
    if (uhCanHold(character.codePointAt(0) as number)) result += character;
    else result += nearestCharacter(character);
  }
  return result;
}

function nearestCharacter(character: string): string {
  const listed = NEAREST[character];
  if (listed !== undefined) return listed;
  let decomposed = '';
  for (const part of character.normalize('NFKD')) {
    if (COMBINING_MARK.test(part)) continue;
    if (uhCanHold(part.codePointAt(0) as number)) decomposed += part;
    else decomposed += NEAREST[part] ?? REPLACEMENT;
  }
  // Nothing usable left (a lone mark) or nothing but replacements: one '?' for the one character.
  return decomposed === '' || /^\?+$/.test(decomposed) ? REPLACEMENT : decomposed;
}

/** `"Ł" (U+0141)`: the character and its code point, for messages people act on. */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  return `"${character}" (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
}
