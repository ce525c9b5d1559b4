/**
 * The key a replay subgraph finds a recorded answer under: the exact query text and the variables as
 * canonical JSON (object keys sorted at every depth, arrays in order). Two requests that differ only in
 * the order a gateway happened to write variable keys are the same request; anything else (whitespace in
 * the query, a different representation order in `_entities`) is a different one, so a gateway that
 * changes what it sends gets a 500 from the replay subgraph instead of a fast wrong answer.
 */
export function replayKey(query: string, variables: unknown): string {
  return `${query}\n${canonicalJson(variables ?? {})}`;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
