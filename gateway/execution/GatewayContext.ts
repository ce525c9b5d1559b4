import type { Logger } from 'pino';
import type { Principal } from '../auth/Principal';

/** The per-request context Apollo Server hands the executor and the data sources. */
export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal;
  /** Stable key for canary stickiness: JWT sub, else apollographql-client-name, else remote address. */
  readonly consumerKey: string;
  readonly logger: Logger;
  /**
   * Filled in by the executor for the HTTP layer's metrics and logs. An object, not a field: Apollo Server
   * hands the executor a shallow copy of the context, so only a shared object carries the value back.
   */
  readonly outcome: { operationType?: string; operationName?: string | null };
}
