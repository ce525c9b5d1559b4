import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/**
 * `node --require tsx/cjs bench/gateway/apolloGatewayServer.ts <supergraph file> <port> [<secret file>]`
 *
 * @apollo/gateway as shipped, the peer the bench compares against: a default ApolloGateway on a
 * supergraph file inside @apollo/server's standalone server, nothing configured — except, when the
 * subgraphs demand the gateway's shared secret, a data source that sends it (read from a file, not argv).
 * Runs as its own process so the bench can read its CPU time.
 */
const SECRET_HEADER = 'x-housing-gateway-secret';

async function main(): Promise<void> {
  const [file, portText, secretFile] = process.argv.slice(2);
  const port = Number(portText);
  if (file === undefined || !Number.isInteger(port) || port <= 0)
    throw new Error(
      `expected: apolloGatewayServer.ts <supergraph file> <port> [<secret file>], got ${process.argv.slice(2).join(' ')}`,
    );
  const supergraphSdl = readFileSync(file, 'utf8');
  const secret = secretFile === undefined ? undefined : readFileSync(secretFile, 'utf8').trim();
  const gateway =
    secret === undefined
      ? new ApolloGateway({ supergraphSdl })
      : new ApolloGateway({
          supergraphSdl,
          buildService: ({ url }) =>
            new RemoteGraphQLDataSource({
              url,
              willSendRequest: ({ request }) => request.http?.headers.set(SECRET_HEADER, secret),
            }),
        });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  process.stdout.write(`apollo gateway ready at ${url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
