import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { requiredScopes, rewriteSupergraph } from './rewriteSupergraph';

// @apollo/gateway as shipped reports usage to Apollo and probes cloud metadata on load; not from a test.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const sdl = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
const urls = { legacy: 'http://127.0.0.1:1111/graphql', cloud: 'http://127.0.0.1:2222/graphql' };

describe('rewriteSupergraph', () => {
  it('points each subgraph at this run and keeps requiresScopes unless told to strip it', () => {
    const full = rewriteSupergraph(sdl, { urls, stripRequiresScopes: false });
    expect(full).toContain('LEGACY @join__graph(name: "legacy", url: "http://127.0.0.1:1111/graphql")');
    expect(full).toContain('CLOUD @join__graph(name: "cloud", url: "http://127.0.0.1:2222/graphql")');
    expect(full.match(/@requiresScopes\(/g)?.length).toBe(sdl.match(/@requiresScopes\(/g)?.length);
  });

  it('strips requiresScopes (link, definition, scalar, every use) and nothing else', () => {
    const stripped = rewriteSupergraph(sdl, { urls, stripRequiresScopes: true });
    expect(stripped).not.toMatch(/requiresScopes/);
    const full = rewriteSupergraph(sdl, { urls, stripRequiresScopes: false });
    const fieldsOf = (text: string) =>
      text.split('\n').filter((line) => /^\s+\w+(\(.*\))?: /.test(line)).length;
    expect(fieldsOf(stripped)).toBe(fieldsOf(full));
  });

  it('gives @apollo/gateway a supergraph it loads, where the committed one is refused', async () => {
    const load = async (supergraphSdl: string) => {
      const gateway = new ApolloGateway({ supergraphSdl, logger: silent });
      try {
        await gateway.load();
      } finally {
        await gateway.stop();
      }
    };
    await expect(load(rewriteSupergraph(sdl, { urls, stripRequiresScopes: true }))).resolves.toBeUndefined();
    await expect(load(sdl)).rejects.toThrow(/requiresScopes/);
  });

  it('says which subgraph has no URL, or which given one does not exist', () => {
    expect(() =>
      rewriteSupergraph(sdl, { urls: { legacy: urls.legacy }, stripRequiresScopes: false }),
    ).toThrow('supergraph subgraph "cloud" has no URL for this run; expected one of: legacy');
    expect(() =>
      rewriteSupergraph(sdl, { urls: { ...urls, billing: 'http://x/graphql' }, stripRequiresScopes: false }),
    ).toThrow('supergraph has no subgraph named billing');
  });

  it('lists every scope the supergraph requires', () => {
    expect(requiredScopes(sdl)).toEqual([
      'finance:read',
      'personal:read',
      'personal:write',
      'repairs:write',
      'tenancy:write',
    ]);
  });
});

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
