import { createServer, connect, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { decodeAddress, externalConnections } from './externalConnections';

describe('decodeAddress', () => {
  it('reads /proc/net/tcp addresses', () => {
    expect(decodeAddress('0100007F')).toBe('loopback');
    expect(decodeAddress('00000000')).toBe('any');
    expect(decodeAddress('0101A8C0')).toBe('192.168.1.1');
    expect(decodeAddress('00000000000000000000000001000000')).toBe('loopback');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('loopback');
    expect(decodeAddress('0000000000000000FFFF00000101A8C0')).toBe('192.168.1.1');
  });
});

describe('externalConnections', () => {
  const open: { server: Server; client: Socket }[] = [];

  afterAll(async () => {
    for (const { server, client } of open) {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function connectTo(host: string): Promise<number> {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = connect(port, host);
    open.push({ server, client });
    await new Promise((resolve) => client.once('connect', resolve));
    return port;
  }

  it('counts a connection to an address other than loopback, and not one to loopback', async () => {
    const loopbackPort = await connectTo('127.0.0.1');
    // (Other code in this jest worker may hold connections of its own: look at ours only.)
    expect(externalConnections(process.pid).filter((item) => item.endsWith(`:${loopbackPort}`))).toEqual([]);
    // This machine's own interface address stands in for a remote host: not loopback.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((item) => item?.family === 'IPv4' && !item.internal)?.address;
    if (address === undefined) throw new Error('this test needs a non-loopback IPv4 interface');
    const port = await connectTo(address);
    // Both ends of the connection are in this process: the client's remote end is the server's port.
    expect(externalConnections(process.pid)).toContain(`${address}:${port}`);
  });
});
