import { ConfigError } from '../core/ConfigError';
import type { SupergraphSubgraph } from '../gateway/supergraph/loadSupergraph';

/** A subgraph URL from somewhere other than the supergraph: a flag, a variable, the running stack. */
export interface SubgraphUrlSetting {
  /** Where it came from, as the person at the terminal would name it: `--subgraph-url`, `SUBGRAPH_URLS`. */
  readonly setting: string;
  readonly name: string;
  readonly url: string;
  /**
   * Named explicitly by the operator, so a name the supergraph does not have is a mistake (refused); the
   * running stack's URLs are offered for whatever it runs, and simply unused by a supergraph without them.
   */
  readonly explicit: boolean;
}

/** Where the gateway sends one subgraph's fetches, and why. */
export interface SubgraphRoute {
  readonly name: string;
  readonly url: string;
  readonly source: string;
}

/**
 * Each subgraph's URL: the first setting naming it (settings come highest precedence first), else the
 * supergraph's own `@join__graph(url:)`. An explicit setting for a subgraph the supergraph does not have
 * throws ConfigError listing the ones it has.
 */
export function resolveSubgraphUrls(
  subgraphs: readonly SupergraphSubgraph[],
  settings: readonly SubgraphUrlSetting[],
): SubgraphRoute[] {
  const names = subgraphs.map((subgraph) => subgraph.name);
  for (const setting of settings)
    if (setting.explicit && !names.includes(setting.name))
      throw new ConfigError(
        setting.setting,
        `a subgraph of the supergraph (${names.join(', ')})`,
        `a URL for ${setting.name}`,
      );
  return subgraphs.map(({ name, url }) => {
    const chosen = settings.find((setting) => setting.name === name);
    return chosen === undefined
      ? { name, url, source: 'the supergraph' }
      : { name, url: chosen.url, source: chosen.setting };
  });
}
