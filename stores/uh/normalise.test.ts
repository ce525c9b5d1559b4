import { cleanDate, cleanDateTime, cleanFlag, cleanMoney, cleanText } from './normalise';
import { personId, propertyReference, repairReference, tenancyReference } from '../model/references';

describe('store-boundary normalisation', () => {
  it.each([
    ['00032896    ', '00032896'],
    ['  0905836/01 ', '0905836/01'],
    [' ', null],
    ['', null],
    [null, null],
  ])('cleanText(%j) = %j', (raw, clean) => expect(cleanText(raw)).toBe(clean));

  it.each([
    [new Date('1900-01-01T00:00:00Z'), null],
    [new Date('1899-12-30T00:00:00Z'), null],
    [new Date('1753-01-01T00:00:00Z'), null],
    [null, null],
    [new Date('2019-04-01T00:00:00Z'), '2019-04-01'],
    ['2031-02-03 00:00:00.000', '2031-02-03'],
  ])('cleanDate(%j) = %j', (raw, clean) => expect(cleanDate(raw)).toBe(clean));

  it('keeps the time of a real datetime and drops a placeholder one', () => {
    expect(cleanDateTime(new Date('2025-03-04T10:30:00Z'))).toBe('2025-03-04T10:30:00.000Z');
    expect(cleanDateTime(new Date('1900-01-01T00:00:00Z'))).toBeNull();
  });

  it.each([
    ['95.4', '95.40'],
    ['95.40', '95.40'],
    ['-.5', '-0.50'],
    ['0.00', '0.00'],
    ['-0.00', '0.00'],
    ['1234567.89', '1234567.89'],
    ['0001.10', '1.10'],
    [null, null],
  ])('cleanMoney(%j) = %j, exactly', (raw, clean) => expect(cleanMoney(raw)).toBe(clean));

  it('refuses money it cannot represent exactly', () => {
    expect(() => cleanMoney('1.234')).toThrow('expected at most 2 decimal places from UH, got "1.234"');
    expect(() => cleanMoney('abc')).toThrow('expected a decimal number from UH, got "abc"');
  });

  it('reads a NULL bit as false', () => {
    expect([cleanFlag(null), cleanFlag(true), cleanFlag(1), cleanFlag(0)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('references as consumers type them', () => {
  it('pads property and repair references to 8 digits and trims them', () => {
    expect(propertyReference('32896')).toBe('00032896');
    expect(propertyReference(' 00032896   ')).toBe('00032896');
    expect(repairReference('3209397')).toBe('03209397');
  });

  it('accepts a URL-encoded tenancy reference and keeps its leading zeros', () => {
    expect(tenancyReference('0905836%2F01')).toBe('0905836/01');
    expect(tenancyReference(' 000015/01 ')).toBe('000015/01');
  });

  it('splits a person id', () => {
    expect(personId('0121098-1')).toEqual({ houseRef: '0121098', personNo: 1 });
  });

  it.each([
    [
      () => propertyReference('123456789'),
      'reference: expected a property reference of up to 8 digits, like 00032896, got "123456789"',
    ],
    [() => propertyReference("1' OR '1'='1"), `got "1' OR '1'='1"`],
    [() => tenancyReference('0905836-01'), 'expected a tenancy reference like 0905836/01'],
    [() => personId('0121098'), 'expected a person id like 0121098-1'],
  ])('rejects bad input saying what was expected (%#)', (call, message) => expect(call).toThrow(message));
});
