import type { Logger } from 'pino';
import { createForwardSync } from '../forward/createForwardSync';
import { createReverseDirection } from '../reverse/ReverseDirection';
import { pendingWriteIsInUh } from '../reverse/pendingWriteIsInUh';
import type { SyncDirectionName } from './SyncDirection';
import type { DirectionFactory } from './startSyncService';

export interface SyncDirectionSettings {
  /** How often forward capture compares key sets to find rows deleted in UH (default 10 minutes). */
  readonly sweepEveryMs?: number;
  readonly logger?: Logger;
}

/**
 * The two directions as `housing sync run` and `housing start` run them. Forward capture tells an echo of
 * a crashed reverse apply from a real conflict with the reverse direction's own "UH image" check.
 */
export function syncDirections(
  settings: SyncDirectionSettings = {},
): Record<SyncDirectionName, DirectionFactory> {
  const { logger } = settings;
  return {
    forward: ({ uh, pg }) =>
      createForwardSync({
        uh,
        pg,
        sweepEveryMs: settings.sweepEveryMs,
        pendingWriteMatcher: (pending, uhRow) => pendingWriteIsInUh(pending.entity, pending.payload, uhRow),
        log: (message, detail) => logger?.info(detail ?? {}, message),
      }),
    reverse: ({ uh, pg }) => createReverseDirection({ uh, pg, log: logger }),
  };
}
