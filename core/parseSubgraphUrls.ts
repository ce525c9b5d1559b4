import { ConfigError } from './ConfigError';

/** One subgraph's endpoint given as `name=url`. */
export interface SubgraphUrl {
  readonly name: string;
  readonly url: string;
}

const EXAMPLE = 'legacy=http://127.0.0.1:4001/graphql';

/**
 * One `name=url` (a `--subgraph-url` value, or an item of SUBGRAPH_URLS): the name as the supergraph's
 * `@join__graph(name:)` spells it, and an http(s) URL. Whether the supergraph has that subgraph is checked
 * where the supergraph is read.
 */
export function parseSubgraphUrl(setting: string, raw: string): SubgraphUrl {
  const expected = `name=URL, an http(s) URL per subgraph (e.g. ${EXAMPLE})`;
  const at = raw.indexOf('=');
  const name = at < 0 ? '' : raw.slice(0, at).trim();
  const url = at < 0 ? '' : raw.slice(at + 1).trim();
  if (name === '' || url === '') throw new ConfigError(setting, expected, raw);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(setting, expected, raw);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ConfigError(setting, expected, raw);
  return Object.freeze({ name, url });
}

/**
 * SUBGRAPH_URLS: `name=url` items separated by commas (`legacy=http://uh-gw:4001/graphql,cloud=...`),
 * each subgraph once. Empty or unset: no overrides.
 */
export function parseSubgraphUrls(setting: string, raw: string | undefined): readonly SubgraphUrl[] {
  if (raw === undefined || raw.trim() === '') return Object.freeze([]);
  const urls: SubgraphUrl[] = [];
  for (const item of raw.split(',')) {
    const parsed = parseSubgraphUrl(setting, item.trim());
    if (urls.some((seen) => seen.name === parsed.name))
      throw new ConfigError(setting, `one URL per subgraph (e.g. ${EXAMPLE},cloud=...)`, raw);
    urls.push(parsed);
  }
  return Object.freeze(urls);
}
