import { connect, createServer, type Socket } from 'node:net';

/**
 * What the VPN does to UH's traffic, in front of any TCP server (the simulator, or a real SQL Server): every
 * chunk of bytes, in both directions, arrives `oneWayMs` after it was sent, in order. With `lossPercent`, a
 * chunk is lost with that probability and, as TCP does, sent again after a retransmission timeout: the link
 * stays reliable and ordered, the chunk and everything behind it just arrive `retransmitMs` later (head-of-line
 * blocking). 200 ms is Linux's minimum RTO (TCP_RTO_MIN); RFC 6298 recommends 1 s before a round trip is measured.
 */
export interface VpnLinkOptions {
  readonly target: { readonly host: string; readonly port: number };
  /** Delay added each way, in milliseconds (a round trip costs twice this). */
  readonly oneWayMs: number;
  /** Percent of chunks lost and retransmitted, 0 to 100 (default 0). */
  readonly lossPercent?: number;
  /** Extra delay of a lost chunk (default 200 ms). */
  readonly retransmitMs?: number;
  /** Where to listen (default 127.0.0.1, a free port). */
  readonly host?: string;
  readonly port?: number;
  /** A number in [0, 1) per chunk; tests inject one. */
  readonly random?: () => number;
}

export interface VpnLink {
  readonly host: string;
  readonly port: number;
  /**
   * Chunks delivered and chunks lost (then retransmitted), both directions; and exchanges: how many times a
   * connection's client spoke after the server had (or first), i.e. the request/response round trips seen on the
   * link, whatever the protocol, connection handshakes included.
   */
  readonly stats: { delivered: number; retransmitted: number; exchanges: number };
  close(): Promise<void>;
}

export function validateVpnSettings(oneWayMs: number, lossPercent: number): void {
  if (!Number.isFinite(oneWayMs) || oneWayMs < 0 || oneWayMs > 10_000)
    throw new RangeError(`expected a one-way delay from 0 to 10000 ms, got ${oneWayMs}`);
  if (!Number.isFinite(lossPercent) || lossPercent < 0 || lossPercent > 100)
    throw new RangeError(`expected a loss rate from 0 to 100 percent, got ${lossPercent}`);
}

export async function startVpnLink(options: VpnLinkOptions): Promise<VpnLink> {
  const lossPercent = options.lossPercent ?? 0;
  validateVpnSettings(options.oneWayMs, lossPercent);
  const retransmitMs = options.retransmitMs ?? 200;
  const random = options.random ?? Math.random;
  const stats = { delivered: 0, retransmitted: 0, exchanges: 0 };
  const sockets = new Set<Socket>();

  /**
   * Forward `from` to `to` with the delay, keeping order: one queue per direction and one timer for its head,
   * so a chunk never overtakes the one before it (separate timers can fire out of order within a millisecond).
   */
  const pipe = (from: Socket, to: Socket, onData: () => void): void => {
    const queue: { due: number; chunk: Buffer }[] = [];
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const flush = (): void => {
      timer = undefined;
      const now = performance.now();
      while (queue.length > 0 && (queue[0] as { due: number }).due <= now + 0.5) {
        const { chunk } = queue.shift() as { chunk: Buffer };
        stats.delivered++;
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(flush, (queue[0] as { due: number }).due - now);
      else if (ended) to.end();
    };
    from.on('data', (chunk: Buffer) => {
      onData();
      const lost = lossPercent > 0 && random() * 100 < lossPercent;
      if (lost) stats.retransmitted++;
      const delay = options.oneWayMs + (lost ? retransmitMs : 0);
      if (delay === 0 && queue.length === 0) {
        // No delay and nothing waiting: straight through (a timer would add a millisecond).
        stats.delivered++;
        to.write(chunk);
        return;
      }
      const last = queue.at(-1)?.due ?? 0;
      queue.push({ due: Math.max(last, performance.now() + delay), chunk });
      if (timer === undefined)
        timer = setTimeout(flush, Math.max(0, (queue[0] as { due: number }).due - performance.now()));
    });
    from.on('end', () => {
      ended = true;
      if (queue.length === 0) to.end();
    });
    from.on('close', () => {
      if (timer !== undefined) clearTimeout(timer);
    });
  };

  const server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = connect({ host: options.target.host, port: options.target.port });
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    let clientSpoke = false;
    pipe(client, upstream, () => {
      if (!clientSpoke) stats.exchanges++;
      clientSpoke = true;
    });
    pipe(upstream, client, () => {
      clientSpoke = false;
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    host,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
