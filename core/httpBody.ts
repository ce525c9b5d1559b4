import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';

/**
 * The client closed its connection before its request body arrived whole (a slow client that gave up, a
 * cancelled fetch): the client's doing, so servers log it at debug and answer nobody.
 */
export class ClientDisconnectedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the client closed the connection before its request body arrived', options);
    this.name = 'ClientDisconnectedError';
  }
}

/**
 * The request body as text, or 'too large' once it passes `limit` bytes (the rest is read and dropped).
 * Rejects with ClientDisconnectedError when the client goes away first.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<{ text: string } | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(tooLarge ? 'too large' : { text: Buffer.concat(chunks).toString('utf8') }),
    );
    // An IncomingMessage fails only when its connection does ('aborted', ECONNRESET).
    request.on('error', (error) => reject(new ClientDisconnectedError({ cause: error })));
    request.on('close', () => {
      if (!request.complete) reject(new ClientDisconnectedError());
    });
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { ...headers, 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Node's request headers as Apollo Server's HeaderMap. */
export function headerMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
