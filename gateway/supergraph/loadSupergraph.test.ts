import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { loadSupergraph, SupergraphLoadError } from './loadSupergraph';

const committed = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');

function compose(...subgraphs: { name: string; url: string; sdl: string }[]): string {
  const result = composeServices(subgraphs.map((s) => ({ ...s, typeDefs: parse(s.sdl) })));
  if (result.errors !== undefined) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

const LINK = (imports: string) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [${imports}])`;

describe('loadSupergraph', () => {
  it("reads the committed supergraph's subgraphs with their URLs and its override labels", () => {
    const loaded = loadSupergraph(committed);
    expect(loaded.subgraphs).toEqual([
      { name: 'cloud', url: 'http://localhost:4002/graphql' },
      { name: 'legacy', url: 'http://localhost:4001/graphql' },
    ]);
    expect(loaded.overrideLabels).toEqual(['person', 'property', 'repairRequest', 'tenancy']);
    expect(loaded.apiSchema.type('Property')).toBeDefined();
  });

  it('reads labels from the join directives, not from text that merely looks like one', () => {
    const sdl = compose(
      {
        name: 'old',
        url: 'http://old/graphql',
        sdl: `${LINK('"@key"')}
          type Query { thing: Thing }
          type Thing @key(fields: "id") { id: ID! name: String }`,
      },
      {
        name: 'new',
        url: 'http://new/graphql',
        sdl: `${LINK('"@key", "@override"')}
          type Thing @key(fields: "id") {
            id: ID!
            "Looks like a join argument: overrideLabel: \\"fake\\""
            name: String @override(from: "old", label: "thing")
          }`,
      },
    );
    expect(sdl).toContain('overrideLabel: "fake"');
    const loaded = loadSupergraph(sdl);
    expect(loaded.overrideLabels).toEqual(['thing']);
    expect(loaded.subgraphs.map((s) => s.name)).toEqual(['new', 'old']);
  });

  it('refuses what is not a supergraph, and a SECURITY feature it does not enforce', () => {
    expect(() => loadSupergraph('type Query { a: Int }')).toThrow(SupergraphLoadError);
    expect(() => loadSupergraph('type Query { a: Int }')).toThrow(
      /^not a supergraph this gateway can serve: Invalid supergraph: must be a core schema/,
    );
    const authenticated = compose({
      name: 'a',
      url: 'http://a/graphql',
      sdl: `${LINK('"@key", "@authenticated"')} type Query { me: String @authenticated }`,
    });
    expect(() => loadSupergraph(authenticated)).toThrow(
      /feature https:\/\/specs\.apollo\.dev\/authenticated\/v0\.1 is for: SECURITY but is unsupported/,
    );
  });
});
