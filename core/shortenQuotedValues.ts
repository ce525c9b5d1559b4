import { QUOTED_INPUT_MAX, quoteInput } from './quoteInput';

/** A JSON string literal, as graphql-js and this project's messages quote values. */
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/**
 * Every quoted value in a message cut to quoteInput's short form. graphql-js repeats a refused variable's
 * whole value, twice (`Variable "$x" got invalid value "…"; Int cannot represent non-integer value: "…"`): a
 * 1 MB string would come back, and be logged, 2 MB long. Applied at each edge's formatError.
 */
export function shortenQuotedValues(message: string): string {
  if (message.length <= QUOTED_INPUT_MAX * 2) return message;
  return message.replace(STRING_LITERAL, (literal) => {
    if (literal.length <= QUOTED_INPUT_MAX + 2) return literal;
    try {
      return quoteInput(JSON.parse(literal) as string);
    } catch {
      return literal;
    }
  });
}
