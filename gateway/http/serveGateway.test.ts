import { connect } from 'node:net';
import { ApolloServer } from '@apollo/server';
import pino from 'pino';
import type { GatewayContext } from '../execution/GatewayContext';
import { createGatewayMetrics } from '../metrics/createGatewayMetrics';
import { serveGateway, type RunningGatewayHttp } from './serveGateway';

// A slow client that goes away before its request is read is the client's business, not a gateway error:
// one run of slow clients wrote 1,000 error lines (issue 14). It is logged at debug, and nothing else.
describe('serveGateway: a client that disconnects', () => {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const apollo = new ApolloServer<GatewayContext>({ typeDefs: 'type Query { ok: Boolean }' });
  let http: RunningGatewayHttp;
  beforeAll(async () => {
    await apollo.start();
    http = await serveGateway({
      apollo,
      context: () => Promise.reject(new Error('no request gets this far in these tests')),
      ready: () => Promise.resolve({ ready: true, detail: {} }),
      metrics: createGatewayMetrics(),
      logger,
      port: 0,
      host: '127.0.0.1',
      maxBodyBytes: 1_000_000,
    });
  });
  afterAll(async () => {
    await http.close();
    await apollo.stop();
  });

  it('is logged at debug, not error, when it leaves halfway through sending its request body', async () => {
    for (let client = 0; client < 3; client++) {
      const socket = connect(http.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /graphql HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":',
      );
      await new Promise<void>((resolve) => setImmediate(resolve));
      socket.destroy();
    }
    const deadline = Date.now() + 5_000;
    while (lines.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines.map(({ level, msg }) => ({ level, msg }))).toEqual(
      Array.from({ length: 3 }, () => ({ level: 20, msg: 'client went away before its request was read' })),
    );
  });
});
