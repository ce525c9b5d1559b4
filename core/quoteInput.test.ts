import { QUOTED_INPUT_MAX, quoteInput } from './quoteInput';

describe('quoteInput', () => {
  it('quotes a short value whole, as JSON', () => {
    expect(quoteInput('E8;DROP')).toBe('"E8;DROP"');
    expect(quoteInput('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteInput(1.5)).toBe('1.5');
  });

  it('quotes a long value by its first characters and its length', () => {
    const long = 'x'.repeat(1_000_000);
    expect(quoteInput(long)).toBe(`"${'x'.repeat(QUOTED_INPUT_MAX)}"… (1000000 characters)`);
    expect(quoteInput(['y'.repeat(100)])).toBe(`["${'y'.repeat(QUOTED_INPUT_MAX - 2)}… (104 characters)`);
  });

  it('never splits a character made of two UTF-16 units', () => {
    expect(quoteInput('😀'.repeat(50))).toBe(`"${'😀'.repeat(QUOTED_INPUT_MAX)}"… (50 characters)`);
  });
});
