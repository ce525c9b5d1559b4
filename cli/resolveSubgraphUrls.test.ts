import { resolveSubgraphUrls } from './resolveSubgraphUrls';

const subgraphs = [
  { name: 'cloud', url: 'http://localhost:4002/graphql' },
  { name: 'legacy', url: 'http://localhost:4001/graphql' },
  { name: 'repairs', url: 'http://repairs:4000/graphql' },
];

describe('resolveSubgraphUrls', () => {
  it("takes the first setting naming a subgraph, else the supergraph's URL", () => {
    expect(
      resolveSubgraphUrls(subgraphs, [
        { setting: '--subgraph-url', name: 'legacy', url: 'http://a/graphql', explicit: true },
        { setting: 'LEGACY_SUBGRAPH_URL', name: 'legacy', url: 'http://b/graphql', explicit: true },
        { setting: 'the stack in .data', name: 'cloud', url: 'http://c/graphql', explicit: false },
      ]),
    ).toEqual([
      { name: 'cloud', url: 'http://c/graphql', source: 'the stack in .data' },
      { name: 'legacy', url: 'http://a/graphql', source: '--subgraph-url' },
      { name: 'repairs', url: 'http://repairs:4000/graphql', source: 'the supergraph' },
    ]);
  });

  it('refuses an explicit URL for a subgraph the supergraph does not have, and ignores an offered one', () => {
    expect(() =>
      resolveSubgraphUrls(subgraphs, [
        { setting: '--subgraph-url', name: 'finance', url: 'http://f/graphql', explicit: true },
      ]),
    ).toThrow(
      '--subgraph-url: expected a subgraph of the supergraph (cloud, legacy, repairs), got "a URL for finance"',
    );
    expect(
      resolveSubgraphUrls(subgraphs.slice(2), [
        { setting: 'the stack in .data', name: 'legacy', url: 'http://l/graphql', explicit: false },
      ]),
    ).toEqual([{ name: 'repairs', url: 'http://repairs:4000/graphql', source: 'the supergraph' }]);
  });
});
