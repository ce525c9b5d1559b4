import { createServer } from 'node:net';

/**
 * Whether something already listens on host:port, found by trying to listen there and letting go at once.
 * `housing start` asks before it does any work (seed, backfill), so a second stack on a taken port is
 * refused in a second rather than after a whole first start. Port 0 (any free port) is never in use.
 */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(true) : reject(error),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}
