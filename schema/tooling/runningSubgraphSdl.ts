import { execute, parse, type GraphQLSchema } from 'graphql';
import { UhStore } from '../../stores/uh/UhStore';
import { createLegacySubgraph } from '../../subgraphs/legacy/createLegacySubgraph';
import { PgStore } from '../../stores/cloud/PgStore';
import { createCloudSubgraph } from '../../subgraphs/cloud/createCloudSubgraph';

/** Builds a subgraph in-process from its code and returns the SDL it serves as `_service { sdl }`. */
export type RunningSubgraphBuilder = () => Promise<string>;

/**
 * How to build each subgraph from its code. A subgraph SDL file without an entry here fails the check, so a
 * new subgraph (cloud) cannot land without its code being compared with its file.
 */
export const RUNNING_SUBGRAPHS: Readonly<Record<string, RunningSubgraphBuilder>> = {
  legacy: async () => {
    // A store that is never connected: building the schema sends nothing to UH.
    const store = new UhStore({
      connection: {
        server: '127.0.0.1',
        port: 1,
        user: 'unused',
        password: 'unused',
        database: 'unused',
        options: { encrypt: false, trustServerCertificate: true },
      },
    });
    try {
      return await servedSdl(createLegacySubgraph({ store }).schema);
    } finally {
      await store.close();
    }
  },
  cloud: async () => {
    // A pool that never connects (pg connects lazily): building the schema sends nothing to PostgreSQL.
    const store = new PgStore({ connectionString: 'postgres://unused@127.0.0.1:1/unused' });
    try {
      return await servedSdl(createCloudSubgraph({ store }).schema);
    } finally {
      await store.close();
    }
  },
};

/** The SDL a federation subgraph schema answers to `{ _service { sdl } }`, as the gateway would read it. */
export async function servedSdl(schema: GraphQLSchema): Promise<string> {
  const result = await execute({ schema, document: parse('{ _service { sdl } }') });
  const sdl = (result.data?._service as { sdl?: unknown } | undefined)?.sdl;
  if (result.errors !== undefined || typeof sdl !== 'string')
    throw new Error(
      `_service { sdl } failed: ${result.errors?.map((e) => e.message).join('; ') ?? 'no sdl'}`,
    );
  return sdl;
}
