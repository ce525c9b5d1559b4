import { ConfigError } from './ConfigError';

/** Limit for one subgraph fetch: one for all, with overrides by subgraph name. */
export interface SubgraphTimeouts {
  readonly defaultMs: number;
  readonly bySubgraph: Readonly<Record<string, number>>;
}

const EXPECTED =
  'milliseconds for every subgraph, and/or name=milliseconds per subgraph, comma-separated (e.g. 10000 or 5000,legacy=20000)';

/**
 * GATEWAY_TIMEOUT / --timeout: `10000` (every subgraph), `legacy=20000` (one subgraph, the others the
 * default), or both: `5000,legacy=20000` — UH sits behind a slow VPN while cloud answers fast, so one
 * limit for both would be too tight for one or too loose for the other.
 */
export function parseSubgraphTimeouts(
  setting: string,
  raw: string | undefined,
  fallbackMs: number,
): SubgraphTimeouts {
  if (raw === undefined || raw.trim() === '') return { defaultMs: fallbackMs, bySubgraph: {} };
  let defaultMs = fallbackMs;
  let defaultSeen = false;
  const bySubgraph: Record<string, number> = {};
  for (const part of raw.split(',').map((item) => item.trim())) {
    const match = /^(?:([A-Za-z_][A-Za-z0-9_-]*)=)?(\d+)$/.exec(part);
    const ms = Number(match?.[2]);
    if (match === null || !(ms >= 1)) throw new ConfigError(setting, EXPECTED, raw);
    const name = match[1];
    if (name === undefined) {
      if (defaultSeen) throw new ConfigError(setting, `${EXPECTED}; one default at most`, raw);
      defaultSeen = true;
      defaultMs = ms;
    } else {
      if (Object.hasOwn(bySubgraph, name)) throw new ConfigError(setting, `${EXPECTED}; ${name} once`, raw);
      bySubgraph[name] = ms;
    }
  }
  return Object.freeze({ defaultMs, bySubgraph: Object.freeze(bySubgraph) });
}
