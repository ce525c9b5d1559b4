import { Writable } from 'node:stream';
import pino from 'pino';
import { GatewayStack } from './helpers/gatewayStack';

// Issue 14, "Wrong error, wrong blame", at the gateway: a request whose operationName selects no operation is
// the client's mistake (HTTP 400 saying what was expected), not a 500 with a TypeError in the log; and a
// subgraph that cannot be reached is blamed at the paths of the fields it would have served, not at `[]`.
jest.setTimeout(60_000);

let stack: GatewayStack;
const logLines: { level: number; msg?: string; err?: { type?: string; message?: string } }[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  stack = await GatewayStack.start({ logger: pino({ level: 'debug' }, sink) });
}, 120_000);
afterAll(() => stack?.close());
beforeEach(() => {
  logLines.length = 0;
});

async function post(body: Record<string, unknown>) {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { errors?: unknown[]; data?: unknown } };
}

const TWO_NAMED =
  'query A { property(reference: "1") { reference } } query B { tenancy(reference: "1/01") { reference } }';
const TWO_UNNAMED = '{ property(reference: "1") { reference } } { tenancy(reference: "1/01") { reference } }';

describe('an operationName that selects no operation', () => {
  it.each([
    [
      'an empty name',
      { query: TWO_NAMED, operationName: '' },
      'operationName: expected the name of an operation in the document (A, B), got ""',
    ],
    [
      'an unknown name',
      { query: TWO_NAMED, operationName: 'C' },
      'operationName: expected the name of an operation in the document (A, B), got "C"',
    ],
    [
      'a long unknown name, quoted by its start',
      { query: TWO_NAMED, operationName: 'C'.repeat(5000) },
      `operationName: expected the name of an operation in the document (A, B), got "${'C'.repeat(40)}"… (5000 characters)`,
    ],
    [
      'a name given for a document of one unnamed operation',
      { query: '{ property(reference: "1") { reference } }', operationName: 'A' },
      'operationName: expected the name of an operation in the document (it has only an unnamed one), got "A"',
    ],
    [
      'no name for two named operations',
      { query: TWO_NAMED },
      "operationName: expected one, to pick which of the document's 2 operations to run (A, B)",
    ],
  ])(
    '%s is HTTP 400 OPERATION_RESOLUTION_FAILURE, and nothing is logged as an error',
    async (_, body, message) => {
      const answer = await post(body);
      expect(answer).toEqual({
        status: 400,
        body: { errors: [{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }] },
      });
      expect(logLines.filter((line) => line.level >= 40)).toEqual([]);
    },
  );

  it('two unnamed operations are refused by validation already (HTTP 400)', async () => {
    const answer = await post({ query: TWO_UNNAMED });
    expect(answer.status).toBe(400);
    const refusal = expect.objectContaining({
      message: 'This anonymous operation must be the only defined operation.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(answer.body.errors).toEqual([refusal, refusal]);
    expect(logLines.filter((line) => line.level >= 40)).toEqual([]);
  });
});

describe('a subgraph that cannot be reached', () => {
  it('is blamed at the path of each root field it would have served, not at []', async () => {
    await stack.stopLegacy();
    try {
      const answer = await post({
        query: '{ a: tenancy(reference: "0900007/01") { reference } person(id: "0100008-1") { id } }',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        data: { a: null, person: null },
        errors: [
          {
            message: 'subgraph legacy could not be reached',
            path: ['a'],
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'legacy' },
          },
          {
            message: 'subgraph legacy could not be reached',
            path: ['person'],
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'legacy' },
          },
        ],
      });
    } finally {
      await stack.startLegacy();
    }
  });
});

describe('a refused document', () => {
  it('quotes an unknown field name by its first 40 characters', async () => {
    const answer = await post({ query: `{ ${'f'.repeat(20_000)} }` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: `Cannot query field "${'f'.repeat(40)}"… (20000 characters) on type "Query".`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });
});

describe('a refused variable', () => {
  it('is quoted by its first 40 characters, not echoed whole (twice)', async () => {
    const value = 'x'.repeat(50_000);
    const answer = await post({
      query: 'query ($n: Int) { properties(first: $n) { totalCount } }',
      variables: { n: value },
    });
    const quoted = `"${'x'.repeat(40)}"… (50000 characters)`;
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: `Variable "$n" got invalid value ${quoted}; Int cannot represent non-integer value: ${quoted}`,
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
  });
});
