import { AdminRequestError, parsePhaseChangeBody } from './parsePhaseChangeBody';

const parse = (text: string) => parsePhaseChangeBody(text, 'tenancy', 'alice');
const refusal = (text: string) => {
  try {
    parse(text);
    return 'accepted';
  } catch (error) {
    return error instanceof AdminRequestError
      ? `${error.status} ${error.message}`
      : `other: ${String(error)}`;
  }
};

describe('parsePhaseChangeBody', () => {
  it('takes the fields as sent, adding the entity and who asks, and passes acceptLoss through', () => {
    expect(parse('{"phase":"CANARY","percent":10,"reason":"canary","overrideGates":true}')).toEqual({
      entity: 'tenancy',
      phase: 'CANARY',
      percent: 10,
      reason: 'canary',
      changedBy: 'alice',
      overrideGates: true,
    });
    expect(parse('{"phase":"LEGACY","reason":"back","acceptLoss":true}')).toEqual({
      entity: 'tenancy',
      phase: 'LEGACY',
      reason: 'back',
      changedBy: 'alice',
      overrideGates: false,
      acceptLoss: true,
    });
  });

  it.each([
    ['', '400 the request body is not valid JSON; expected {"phase": '],
    ['null', '400 expected a JSON object {"phase": '],
    ['"SHADOW"', '400 expected a JSON object {"phase": '],
    ['{"phase":"SHADOW","reason":"x","by":"mallory"}', '400 unknown field(s) "by"; expected {"phase": '],
    ['{"phase":3,"reason":"x"}', '400 phase: expected a string, got number 3'],
    [
      '{"phase":"SHADOW","reason":"x","overrideGates":"yes"}',
      '400 overrideGates: expected a boolean, got string "yes"',
    ],
    ['{"phase":"SHADOW","reason":["x"]}', '400 reason: expected a string, got an array'],
    ['{"reason":"x"}', '400 phase is required; expected {"phase": '],
    [
      '{"phase":"SHADOW"}',
      '400 reason is required: say why the phase changes (it is kept in the phase history)',
    ],
  ])('refuses %j', (text, message) => {
    expect(refusal(text)).toContain(message);
  });
});
