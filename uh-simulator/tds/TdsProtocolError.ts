/**
 * The client sent bytes that are not valid TDS (or use a feature the simulator does not implement).
 * The connection cannot be trusted to stay in step after one, so the server closes it.
 */
export class TdsProtocolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TdsProtocolError';
  }
}
