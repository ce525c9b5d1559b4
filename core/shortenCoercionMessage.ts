import { quoteInput } from './quoteInput';

/** graphql-js's variable coercion message: `Variable "$x" got invalid value <value>[ at "x.y"]; <why>`. */
const COERCION =
  /^(Variable "\$[_A-Za-z][_0-9A-Za-z]*" got invalid value )([\s\S]*?)((?: at "[^"]*")?; [\s\S]*)$/;

/**
 * graphql-js repeats a variable's whole value in the message when the value is refused (a 1 MB string comes
 * back 1 MB long, and is logged as such). This keeps the message and quotes the value as quoteInput does.
 * `why` is the refusal's own message (the scalar's or graphql-js's), which ends the text.
 */
export function shortenCoercionMessage(message: string, why?: string): string {
  const match = COERCION.exec(message);
  if (match === null) return message;
  const [, head = '', value = '', rest = ''] = match;
  // The value ends where the known reason starts, when it is known (the value itself may contain '; ').
  const tail =
    why !== undefined && message.endsWith(`; ${why}`) ? message.slice(message.length - why.length - 2) : rest;
  const printed = message.slice(head.length, message.length - tail.length) || value;
  const at = / at "[^"]*"$/.exec(printed)?.[0] ?? '';
  const bare = printed.slice(0, printed.length - at.length);
  let parsed: unknown = bare;
  try {
    parsed = JSON.parse(bare);
  } catch {
    // graphql-js's inspect() output that is not JSON ({ a: 1 }): quoted as text.
  }
  return `${head}${quoteInput(parsed)}${at}${tail}`;
}
