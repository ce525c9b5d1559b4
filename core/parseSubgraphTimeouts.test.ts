import { parseSubgraphTimeouts } from './parseSubgraphTimeouts';

describe('parseSubgraphTimeouts', () => {
  it('takes one limit for all, overrides by name, or both', () => {
    expect(parseSubgraphTimeouts('T', undefined, 10_000)).toEqual({ defaultMs: 10_000, bySubgraph: {} });
    expect(parseSubgraphTimeouts('T', '3000', 10_000)).toEqual({ defaultMs: 3000, bySubgraph: {} });
    expect(parseSubgraphTimeouts('T', 'legacy=20000', 10_000)).toEqual({
      defaultMs: 10_000,
      bySubgraph: { legacy: 20_000 },
    });
    expect(parseSubgraphTimeouts('T', '5000, legacy=20000,cloud=2000', 10_000)).toEqual({
      defaultMs: 5000,
      bySubgraph: { legacy: 20_000, cloud: 2000 },
    });
  });

  it.each(['0', 'ten', 'legacy=', '=5', '5000,6000', 'legacy=1,legacy=2', 'legacy=-1', '1.5'])(
    'refuses %j saying what was expected',
    (raw) => {
      expect(() => parseSubgraphTimeouts('GATEWAY_TIMEOUT', raw, 10_000)).toThrow(
        /^GATEWAY_TIMEOUT: expected milliseconds for every subgraph, and\/or name=milliseconds per subgraph/,
      );
    },
  );
});
