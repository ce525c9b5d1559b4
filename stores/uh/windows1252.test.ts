import iconv from 'iconv-lite';
import { describeCharacter, firstCharacterUhCannotHold, nearestUhText } from './windows1252';

describe('text UH can hold (Windows-1252)', () => {
  it('holds ASCII, Latin-1 letters and the 27 characters Windows-1252 adds in 0x80-0x9F', () => {
    for (const text of [
      'Smith',
      "O'Brien-Ng",
      'Zoë Müller',
      'Ørsted Æble Straße',
      '€50 – “quoted” … ™ Œuvre Šárka Žofie Ÿ',
    ]) {
      expect(firstCharacterUhCannotHold(text)).toBeNull();
      expect(nearestUhText(text)).toBe(text);
    }
  });

  it('finds the first character outside the code page, by code point (not UTF-16 unit)', () => {
    expect(firstCharacterUhCannotHold('Łukasz')).toEqual({ character: 'Ł', codePoint: 0x141, index: 0 });
    expect(firstCharacterUhCannotHold('Bob 😀 Łódź')).toEqual({
      character: '😀',
      codePoint: 0x1f600,
      index: 4,
    });
    expect(firstCharacterUhCannotHold('Nowak Ł')).toEqual({ character: 'Ł', codePoint: 0x141, index: 6 });
    // Unassigned in Windows-1252: the client encodes them as '?' (iconv-lite), so UH cannot hold them.
    expect(firstCharacterUhCannotHold('a\u0081')).toEqual({ character: '\u0081', codePoint: 0x81, index: 1 });
  });

  it('gives the nearest value: accents dropped only where the accented letter is not in the code page', () => {
    expect(nearestUhText('Łukasz Wójcik')).toBe('Lukasz Wójcik');
    expect(nearestUhText('Łódź')).toBe('Lódz');
    expect(nearestUhText('Đorđević Ħal Ġaxaq')).toBe('Dordevic Hal Gaxaq');
    expect(nearestUhText('Dvořák İstanbul ıi')).toBe('Dvorák Istanbul ii');
    expect(nearestUhText('ﬁle Ａ１')).toBe('file A1');
    expect(nearestUhText('a\u2212b \u2010 c\u00a0d\u2009e')).toBe('a-b - c\u00a0d e');
    expect(nearestUhText('Ημέρα 😀')).toBe('????? ?');
  });

  it('the nearest value is always one UH can hold', () => {
    for (const text of ['Łukasz', 'Ημέρα', '中文', '😀😀', 'Ǆemal', '\u0081']) {
      expect(firstCharacterUhCannotHold(nearestUhText(text))).toBeNull();
    }
  });

  it('agrees, for every character of the Basic Multilingual Plane, with the encoder tedious sends char parameters through', () => {
    // tedious's varchar validate(): iconv.encode(value, collation.codepage), '?' for what it cannot map.
    const disagreements: string[] = [];
    for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      // iconv-lite's table fills the five unassigned bytes with U+FFFD, so U+FFFD "round-trips" as byte
      // 0x9D: garbage to UH's own applications, so it counts as a character UH cannot hold.
      if (codePoint === 0xfffd) continue;
      const character = String.fromCharCode(codePoint);
      const roundTrips = iconv.decode(iconv.encode(character, 'CP1252'), 'CP1252') === character;
      if (roundTrips !== (firstCharacterUhCannotHold(character) === null)) disagreements.push(character);
    }
    expect(disagreements).toEqual([]);
  });

  it('describes a character for messages', () => {
    expect(describeCharacter('Ł')).toBe('"Ł" (U+0141)');
    expect(describeCharacter('😀')).toBe('"😀" (U+1F600)');
  });
});
