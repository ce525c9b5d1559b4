import type { GatewayPlugin } from './GatewayPlugin';

/**
 * `--debug-routing` (refused in production): adds `extensions.routing` to each response, with every entity
 * the operation touches (its phase, the store chosen, the canary bucket) and the plan's fetches by
 * subgraph and path, for trying phases locally.
 */
export function useDebugRouting(): GatewayPlugin {
  return {
    name: 'debugRouting',
    onResult(request, result) {
      const touched = request.touched();
      return {
        ...result,
        extensions: {
          ...result.extensions,
          routing: {
            entities: Object.fromEntries(
              request.labels.decisions
                .filter((decision) => touched.includes(decision.entity))
                .map(({ entity, ...rest }) => [entity, rest]),
            ),
            fetches: request.graph.routing.fetchesOf(request.plan),
          },
        },
      };
    },
  };
}
