import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the HTTP request being served, for every log line written while serving it (the
 * subgraphs run each request inside it; createLogger's mixin reads it). The gateway sends its request id
 * to the subgraphs as x-request-id, so one id follows a request through every service's logs.
 */
export const requestIds = new AsyncLocalStorage<string>();
