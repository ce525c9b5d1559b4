import { shortenQuotedValues } from './shortenQuotedValues';

describe('shortenQuotedValues', () => {
  it('cuts every long quoted value, and leaves short ones and the rest of the message alone', () => {
    const long = 'x'.repeat(1000);
    expect(
      shortenQuotedValues(
        `Variable "$n" got invalid value "${long}"; Int cannot represent non-integer value: "${long}"`,
      ),
    ).toBe(
      `Variable "$n" got invalid value "${'x'.repeat(40)}"… (1000 characters); Int cannot represent non-integer value: "${'x'.repeat(40)}"… (1000 characters)`,
    );
  });

  it('reads escapes inside a quoted value', () => {
    const value = `a"b\\c${'y'.repeat(100)}`;
    expect(shortenQuotedValues(`got ${JSON.stringify(value)} here`)).toBe(
      `got ${JSON.stringify(value.slice(0, 40))}… (105 characters) here`,
    );
  });
});
