import { parseSubgraphUrl, parseSubgraphUrls } from './parseSubgraphUrls';

describe('parseSubgraphUrls', () => {
  it('reads name=url items, each subgraph once, and nothing when unset or empty', () => {
    expect(parseSubgraphUrls('SUBGRAPH_URLS', undefined)).toEqual([]);
    expect(parseSubgraphUrls('SUBGRAPH_URLS', ' ')).toEqual([]);
    expect(
      parseSubgraphUrls(
        'SUBGRAPH_URLS',
        'legacy=http://uh-gw:4001/graphql, repairs-contractors=https://repairs.example.org/graphql',
      ),
    ).toEqual([
      { name: 'legacy', url: 'http://uh-gw:4001/graphql' },
      { name: 'repairs-contractors', url: 'https://repairs.example.org/graphql' },
    ]);
  });

  it.each(['legacy', 'legacy=', '=http://x/graphql', 'legacy=ftp://x/graphql', 'legacy=not a url'])(
    'refuses %j saying what was expected',
    (raw) => {
      expect(() => parseSubgraphUrl('--subgraph-url', raw)).toThrow(
        `--subgraph-url: expected name=URL, an http(s) URL per subgraph (e.g. legacy=http://127.0.0.1:4001/graphql), got ${JSON.stringify(raw)}`,
      );
    },
  );

  it('refuses a subgraph named twice', () => {
    expect(() => parseSubgraphUrls('SUBGRAPH_URLS', 'a=http://x/graphql,a=http://y/graphql')).toThrow(
      'SUBGRAPH_URLS: expected one URL per subgraph',
    );
  });
});
