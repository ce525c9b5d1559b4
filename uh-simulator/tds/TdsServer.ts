import { createServer, type Server, type Socket } from 'node:net';
import type { Engine } from '../engine/types';
import { TdsConnection } from './TdsConnection';

export interface TdsServerOptions {
  readonly engine: Engine;
  readonly log?: (msg: string) => void;
}

/**
 * A TCP listener speaking TDS 7.4, one TdsConnection (and engine Session) per socket. close() drops
 * every open socket at once, which is how tests simulate a network outage between client and server.
 */
export class TdsServer {
  private readonly server: Server;
  private readonly connections = new Set<TdsConnection>();
  private nextId = 1;
  private served = 0;

  constructor(private readonly options: TdsServerOptions) {
    this.server = createServer((socket: Socket) => this.accept(socket));
    this.server.on('error', (error) => options.log?.(`tds server error: ${error.message}`));
  }

  /** Listen; resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen({ port, host, exclusive: true }, () => {
        this.server.removeListener('error', onError);
        const address = this.server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  /** Requests answered after login, over every connection so far (tests count round trips with it). */
  get requestsServed(): number {
    return this.served;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Resolves when the listener is closed and every session released, so the engine can be closed next. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const settled = [...this.connections].map((connection) => connection.settled);
    for (const connection of this.connections) connection.destroy();
    await Promise.all([closed, ...settled]);
  }

  private accept(socket: Socket): void {
    const connection = new TdsConnection(socket, this.options.engine, this.nextId++, this.options.log, () => {
      this.served++;
    });
    this.connections.add(connection);
    socket.once('close', () => this.connections.delete(connection));
  }
}
