import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';

/**
 * A small graph of the kind other council teams will add beside housing: an asset register whose assets
 * are an interface (dwellings, garages), a search returning a union (assets and contractors), and a repairs
 * subgraph that extends every asset through @interfaceObject. With `scopes`, some fields of some
 * implementations carry @requiresScopes (never the interface: composition forbids that and derives the
 * interface's from its implementations). Used to show the gateway serves abstract types like
 * @apollo/gateway does, and enforces scopes through them.
 */
export interface AssetsGraphOptions {
  readonly scopes: boolean;
}

const scoped = (options: AssetsGraphOptions, scope: string) =>
  options.scopes ? ` @requiresScopes(scopes: [["${scope}"]])` : '';

export function assetsSdl(options: AssetsGraphOptions): string {
  return `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@requiresScopes", "@shareable"])

type Query {
  assets: [Asset!]!
  asset(id: ID!): Asset
  search(text: String!): [SearchResult]!
}

type Mutation {
  recordInspection(assetId: ID!, notes: String!): Asset${scoped(options, 'inspections:write')}
}

interface Asset @key(fields: "id") {
  id: ID!
  name: String!
  inspectionNotes: String
  keyholder: Keyholder
}

type Dwelling implements Asset @key(fields: "id") {
  id: ID!
  name: String!
  bedrooms: Int
  inspectionNotes: String${scoped(options, 'inspections:read')}
  keyholder: Keyholder${scoped(options, 'personal:read')}
}

type Garage implements Asset @key(fields: "id") {
  id: ID!
  name: String!
  inspectionNotes: String
  keyholder: Keyholder
}

type Keyholder {
  name: String!
  phone: String${scoped(options, 'personal:read')}
}

union SearchResult = Dwelling | Garage | Contractor

type Contractor @key(fields: "id") {
  id: ID!
  companyName: String!
  taxReference: String!${scoped(options, 'finance:read')}
}
`;
}

export function repairsSdl(options: AssetsGraphOptions): string {
  return `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@interfaceObject", "@requiresScopes"])

type Query {
  contractorsOnCall: [Contractor!]!
}

type Asset @key(fields: "id") @interfaceObject {
  id: ID!
  openRepairs: [Repair!]!
  repairBudget: String${scoped(options, 'finance:read')}
}

type Repair {
  description: String!
  contractor: Contractor
}

type Contractor @key(fields: "id") {
  id: ID!
}
`;
}

/**
 * Operations that reach scoped fields through every kind of abstract selection, by what each shows. Valid
 * against the API schema with or without scopes.
 */
export const ASSETS_GRAPH_OPERATIONS: Readonly<
  Record<string, { readonly query: string; readonly variables?: Readonly<Record<string, unknown>> }>
> = {
  'a field scoped on one implementation, selected on the interface': {
    query: '{ assets { __typename id name inspectionNotes } }',
  },
  'implementation fields through inline fragments, a scoped object inside': {
    query: `{ assets { id ... on Dwelling { bedrooms keyholder { name phone } } ... on Garage { keyholder { name phone } } } }`,
  },
  'a union with a named fragment on the interface and a non-null scoped member field': {
    query: `query S($text: String!) {
      search(text: $text) { __typename ...AssetBits ... on Contractor { companyName taxReference } }
    }
    fragment AssetBits on Asset { name notes: inspectionNotes repairBudget }`,
    variables: { text: 'gingerbread' },
  },
  'an @interfaceObject field scoped, and entities across both subgraphs': {
    query: `{ asset(id: "d1") { name openRepairs { description contractor { companyName taxReference } } repairBudget } }`,
  },
  'aliases, one interface field twice, on two run-time types': {
    query: `{ a: asset(id: "g1") { inspectionNotes keyholder { phone } } b: asset(id: "d1") { inspectionNotes again: inspectionNotes } }`,
  },
  'an interface field under @include, by variable': {
    query: `query ($with: Boolean!) { assets { id inspectionNotes @include(if: $with) } }`,
    variables: { with: true },
  },
  'the same, excluded': {
    query: `query ($with: Boolean!) { assets { id inspectionNotes @include(if: $with) } }`,
    variables: { with: false },
  },
  'an interface fragment inside a union, an implementation fragment inside that': {
    query: `{ search(text: "x") { ... on Asset { id ... on Dwelling { keyholder { name } } } } }`,
  },
};

interface AssetRecord {
  readonly __typename: 'Dwelling' | 'Garage';
  readonly id: string;
  readonly name: string;
  readonly bedrooms?: number;
  readonly inspectionNotes: string | null;
  readonly keyholder: { name: string; phone: string | null } | null;
}

const ASSETS: readonly AssetRecord[] = [
  {
    __typename: 'Dwelling',
    id: 'd1',
    name: 'Flat 1 Gingerbread House',
    bedrooms: 2,
    inspectionNotes: 'Damp in the bathroom',
    keyholder: { name: 'A. Tenant', phone: '020 7000 0001' },
  },
  {
    __typename: 'Garage',
    id: 'g1',
    name: 'Garage 7',
    inspectionNotes: 'Door sticks',
    keyholder: { name: 'Estate office', phone: null },
  },
  {
    __typename: 'Dwelling',
    id: 'd2',
    name: 'Flat 2 Gingerbread House',
    bedrooms: 1,
    inspectionNotes: null,
    keyholder: null,
  },
];
const CONTRACTORS = [
  { __typename: 'Contractor', id: 'c1', companyName: 'Acme Repairs', taxReference: 'GB123' },
];
const REPAIRS: Readonly<Record<string, readonly { description: string; contractorId: string | null }[]>> = {
  d1: [{ description: 'Fix the boiler', contractorId: 'c1' }],
  g1: [],
  d2: [{ description: 'Replace the lock', contractorId: null }],
};
const BUDGETS: Readonly<Record<string, string | null>> = { d1: '500.00', g1: '50.00', d2: null };

const notFound = (id: string) => new GraphQLError(`no asset ${id}`, { extensions: { code: 'NOT_FOUND' } });

function assetById(id: string): AssetRecord {
  const asset = ASSETS.find((a) => a.id === id);
  if (asset === undefined) throw notFound(id);
  return asset;
}

const assetsResolvers = {
  Query: {
    assets: () => ASSETS,
    asset: (_: unknown, { id }: { id: string }) => assetById(id),
    search: () => [ASSETS[0], CONTRACTORS[0], null, ASSETS[1]],
  },
  Mutation: {
    recordInspection: (_: unknown, { assetId }: { assetId: string }) => assetById(assetId),
  },
  Asset: {
    __resolveType: (asset: AssetRecord) => asset.__typename,
    __resolveReference: ({ id }: { id: string }) => assetById(id),
  },
  Dwelling: { __resolveReference: ({ id }: { id: string }) => assetById(id) },
  Garage: { __resolveReference: ({ id }: { id: string }) => assetById(id) },
  SearchResult: { __resolveType: (value: { __typename: string }) => value.__typename },
  Contractor: {
    __resolveReference: ({ id }: { id: string }) => CONTRACTORS.find((c) => c.id === id) ?? null,
  },
};

const repairsResolvers = {
  Query: { contractorsOnCall: () => [{ id: 'c1' }] },
  Asset: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    openRepairs: ({ id }: { id: string }) => REPAIRS[id] ?? [],
    repairBudget: ({ id }: { id: string }) => BUDGETS[id] ?? null,
  },
  Repair: {
    contractor: (repair: { contractorId: string | null }) =>
      repair.contractorId === null ? null : { id: repair.contractorId },
  },
  Contractor: { __resolveReference: ({ id }: { id: string }) => ({ id }) },
};

/** The two subgraphs' SDL composed with @apollo/composition, at these URLs. */
export function composeAssetsGraph(
  options: AssetsGraphOptions,
  urls: { assets: string; repairs: string } = {
    assets: 'http://assets.invalid/graphql',
    repairs: 'http://repairs.invalid/graphql',
  },
): string {
  const result = composeServices([
    { name: 'assets', url: urls.assets, typeDefs: parse(assetsSdl(options)) },
    { name: 'repairs', url: urls.repairs, typeDefs: parse(repairsSdl(options)) },
  ]);
  if (result.errors !== undefined) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

/**
 * The whole graph's data as one object tree, for graphql-js to execute the API schema over directly
 * (the reference the gateway's answers are compared with): each asset merged with its repairs fields.
 */
export function assetsGraphRoot(): Record<string, unknown> {
  const contractor = (id: string | null) =>
    id === null ? null : (CONTRACTORS.find((c) => c.id === id) ?? null);
  const merged = (asset: AssetRecord) => ({
    ...asset,
    openRepairs: (REPAIRS[asset.id] ?? []).map((repair) => ({
      description: repair.description,
      contractor: contractor(repair.contractorId),
    })),
    repairBudget: BUDGETS[asset.id] ?? null,
  });
  const byId = (id: string) => merged(assetById(id));
  return {
    assets: ASSETS.map(merged),
    asset: ({ id }: { id: string }) => byId(id),
    search: () => [byId('d1'), CONTRACTORS[0], null, byId('g1')],
    contractorsOnCall: () => CONTRACTORS,
    recordInspection: ({ assetId }: { assetId: string }) => byId(assetId),
  };
}

export interface RunningAssetsGraph {
  readonly urls: { readonly assets: string; readonly repairs: string };
  close(): Promise<void>;
}

/** Both subgraphs served by @apollo/subgraph in @apollo/server on ephemeral loopback ports. */
export async function startAssetsSubgraphs(options: AssetsGraphOptions): Promise<RunningAssetsGraph> {
  const servers: ApolloServer[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const [name, sdl, resolvers] of [
      ['assets', assetsSdl(options), assetsResolvers],
      ['repairs', repairsSdl(options), repairsResolvers],
    ] as const) {
      const server = new ApolloServer({
        schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers }),
        stopOnTerminationSignals: false,
        plugins: [ApolloServerPluginInlineTraceDisabled()],
      });
      servers.push(server);
      const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
      urls[name] = url;
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  return {
    urls: { assets: urls.assets ?? '', repairs: urls.repairs ?? '' },
    close: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
