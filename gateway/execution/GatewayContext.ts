import type { Logger } from 'pino';
import type { Principal } from '../auth/Principal';

export type { Principal };

/** The per-request context Apollo Server hands the executor and the data sources. */
export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal;
  /** Stable key for canary stickiness: JWT sub, else apollographql-client-name, else remote address. */
  readonly consumerKey: string;
  readonly logger: Logger;
  /** Set by the executor so the HTTP layer can log and count what happened. */
  operationType?: string;
}
