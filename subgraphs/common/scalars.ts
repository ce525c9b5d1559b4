import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { quoteInput } from '../../core/quoteInput';

/**
 * The graph's scalars, shared by both subgraphs so the same value looks the same from either store.
 * Inputs are validated here: a bad value is a BAD_USER_INPUT error saying what was expected.
 */
function inputError(expected: string, value: unknown): GraphQLError {
  return new GraphQLError(`expected ${expected}, got ${quoteInput(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function stringLiteral(ast: ValueNode, expected: string): string {
  if (ast.kind !== Kind.STRING)
    throw inputError(
      expected,
      ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : ast.kind,
    );
  return ast.value;
}

const DATE_EXPECTED = 'a date as YYYY-MM-DD, e.g. "2026-04-06"';

export function parseIsoDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw inputError(DATE_EXPECTED, value);
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw inputError(`${DATE_EXPECTED} that exists`, value);
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, ISO 8601: 2026-04-06.',
  serialize: (value) => String(value),
  parseValue: parseIsoDate,
  parseLiteral: (ast) => parseIsoDate(stringLiteral(ast, DATE_EXPECTED)),
});

const DATE_TIME_EXPECTED = 'a date and time in ISO 8601 with a time zone, e.g. "2026-04-06T09:30:00Z"';

function parseDateTime(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw inputError(DATE_TIME_EXPECTED, value);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw inputError(DATE_TIME_EXPECTED, value);
  return date.toISOString();
}

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'A point in time, ISO 8601 in UTC: 2026-04-06T09:30:00.000Z.',
  serialize: (value) => String(value),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(stringLiteral(ast, DATE_TIME_EXPECTED)),
});

const DECIMAL_EXPECTED = 'an exact decimal number as a string, e.g. "95.40"';

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !/^-?\d{1,15}(\.\d{1,4})?$/.test(value))
    throw inputError(DECIMAL_EXPECTED, value);
  return value;
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "95.40" (never a float).',
  serialize: (value) => {
    // Money must never pass through a float: a number here is a bug upstream, not something to format.
    if (typeof value !== 'string')
      throw new TypeError(`Decimal must be served as a string, got ${typeof value}`);
    return value;
  },
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(stringLiteral(ast, DECIMAL_EXPECTED)),
});
