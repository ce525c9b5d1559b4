import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { defaultFieldResolver, execute, parse, type ExecutionResult } from 'graphql';
import pino from 'pino';
import { rewriteSupergraph } from '../bench/gateway/rewriteSupergraph';
import { forbidden } from '../gateway/auth/authErrors';
import { mintDevelopmentToken } from '../gateway/auth/mintDevelopmentToken';
import { readScopedFields } from '../gateway/auth/readScopedFields';
import { startGateway, type RunningGateway } from '../gateway/startGateway';
import { loadSupergraph } from '../gateway/supergraph/loadSupergraph';
import {
  ASSETS_GRAPH_OPERATIONS,
  assetsGraphRoot,
  composeAssetsGraph,
  startAssetsSubgraphs,
  type RunningAssetsGraph,
} from './helpers/assetsGraph';
import { testGatewayConfig } from './helpers/testGatewayConfig';

// A supergraph this project did not write (interfaces, a union, @interfaceObject, entities across two
// subgraphs), composed here with @apollo/composition and served by real @apollo/subgraph servers on
// ephemeral ports. Our gateway, with no database (every override label off) and the subgraph URLs the
// supergraph names, must answer every operation with the same data and errors as @apollo/gateway on the
// same supergraph; with scopes, a token holding them all must get Apollo's answer, and one without gets
// what graphql-js gives when each scoped field throws FORBIDDEN.
jest.setTimeout(60_000);

// @apollo/gateway as shipped reports usage to Apollo and probes cloud metadata on load; not from a test.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const JWT_SECRET = 'test-secret-for-the-any-supergraph-tests-0123';
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

interface Served {
  readonly subgraphs: RunningAssetsGraph;
  readonly supergraphSdl: string;
  readonly ours: RunningGateway;
  readonly apolloUrl: string;
  readonly apollo: ApolloServer;
}

async function serve(scopes: boolean): Promise<Served> {
  const subgraphs = await startAssetsSubgraphs({ scopes });
  const supergraphSdl = composeAssetsGraph({ scopes }, subgraphs.urls);
  const ours = await startGateway(
    testGatewayConfig({
      supergraphSdl,
      supergraphSource: 'composed in test/anySupergraph.test.ts',
      subgraphUrls: {},
      jwtSecret: JWT_SECRET,
    }),
    pino({ level: 'silent' }),
  );
  // @apollo/gateway refuses a supergraph linking requiresScopes (a SECURITY feature it does not
  // enforce): it gets the same supergraph without it, as the bench gives it.
  const apolloSdl = scopes
    ? rewriteSupergraph(supergraphSdl, { urls: subgraphs.urls, stripRequiresScopes: true })
    : supergraphSdl;
  const apollo = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: apolloSdl, logger: silent }),
    logger: silent,
  });
  const { url: apolloUrl } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
  return { subgraphs, supergraphSdl, ours, apolloUrl, apollo };
}

async function close(served: Served | undefined): Promise<void> {
  await served?.ours.close();
  await served?.apollo.stop();
  await served?.subgraphs.close();
}

interface Answer {
  readonly data?: unknown;
  readonly errors: readonly { message: string; path?: unknown; code?: unknown }[];
}

async function ask(
  url: string,
  query: string,
  variables: Readonly<Record<string, unknown>> = {},
  token?: string,
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return simplify((await response.json()) as ExecutionResult);
}

function simplify(result: {
  data?: unknown;
  errors?: readonly { message: string; path?: unknown; extensions?: Record<string, unknown> }[];
}): Answer {
  return {
    data: result.data,
    errors: (result.errors ?? []).map((e) => ({
      message: e.message,
      path: e.path,
      code: e.extensions?.code,
    })),
  };
}

/** Beside the scoped operations: entity fetches, a subgraph's error, a mutation. */
const OPERATIONS: Readonly<Record<string, { query: string; variables?: Record<string, unknown> }>> = {
  ...ASSETS_GRAPH_OPERATIONS,
  'contractors from repairs, their names from the asset register': {
    query: '{ contractorsOnCall { id companyName } }',
  },
  'an @interfaceObject field through the interface, and the entities it returns': {
    query: '{ assets { __typename name openRepairs { description contractor { id companyName } } } }',
  },
  'a subgraph error at a path, beside data': {
    query: '{ missing: asset(id: "nope") { id } found: asset(id: "g1") { id name } }',
  },
  'a mutation returning an interface': {
    query:
      'mutation { recordInspection(assetId: "g1", notes: "fine") { id name ... on Garage { inspectionNotes } } }',
  },
};

describe('a supergraph with interfaces, a union and @interfaceObject, without scopes', () => {
  let served: Served | undefined;
  beforeAll(async () => {
    served = await serve(false);
  });
  afterAll(() => close(served));

  it('loads with every subgraph at the URL the supergraph names', () => {
    const { subgraphs } = loadSupergraph((served as Served).supergraphSdl);
    expect(subgraphs).toEqual([
      { name: 'assets', url: (served as Served).subgraphs.urls.assets },
      { name: 'repairs', url: (served as Served).subgraphs.urls.repairs },
    ]);
  });

  it.each(Object.entries(OPERATIONS))(
    '%s: the same data and errors as @apollo/gateway',
    async (_name, op) => {
      const { ours, apolloUrl } = served as Served;
      const apollo = await ask(apolloUrl, op.query, op.variables);
      expect(apollo.data).toBeDefined();
      expect(await ask(ours.url, op.query, op.variables)).toEqual(apollo);
    },
  );
});

describe('the same supergraph with @requiresScopes on implementation fields', () => {
  let served: Served | undefined;
  let allScopes: string;
  let scopes: ReadonlyMap<string, readonly (readonly string[])[]>;
  beforeAll(async () => {
    served = await serve(true);
    const read = readScopedFields(served.supergraphSdl);
    scopes = new Map(read.scopedFields.map((field) => [field.coordinate, field.scopes]));
    allScopes = await mintDevelopmentToken({
      secret: JWT_SECRET,
      subject: 'all',
      scopes: read.knownScopes,
      expiresIn: '1h',
    });
  });
  afterAll(() => close(served));

  it.each(Object.entries(OPERATIONS))(
    '%s: with every scope, the same data and errors as @apollo/gateway',
    async (_name, op) => {
      const { ours, apolloUrl } = served as Served;
      expect(await ask(ours.url, op.query, op.variables, allScopes)).toEqual(
        await ask(apolloUrl, op.query, op.variables),
      );
    },
  );

  it.each(Object.entries(ASSETS_GRAPH_OPERATIONS))(
    '%s: without a token, what graphql-js gives with each scoped field forbidden',
    async (_name, op) => {
      const document = parse(op.query);
      const reference = execute({
        schema: loadSupergraph((served as Served).supergraphSdl).apiSchema.toGraphQLJSSchema(),
        document,
        rootValue: assetsGraphRoot(),
        variableValues: op.variables,
        fieldResolver: (source, args, context, info) => {
          const coordinate = `${info.parentType.name}.${info.fieldName}`;
          const needed = scopes.get(coordinate);
          if (needed !== undefined) throw forbidden(coordinate, needed);
          return defaultFieldResolver(source, args, context, info);
        },
      }) as ExecutionResult;
      const answer = await ask((served as Served).ours.url, op.query, op.variables);
      expect(answer).toEqual(simplify(reference));
    },
  );
});
