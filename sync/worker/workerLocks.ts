import type { SyncDirectionName } from './SyncDirection';

/**
 * PostgreSQL advisory lock keys (two-int form): the backfill holds (7240100, 1); each sync direction has
 * its own, so one forward and one reverse worker run at a time however many replicas are started.
 */
export const SYNC_LOCK_NAMESPACE = 7_240_100;

export const SYNC_LOCK_KEYS: Readonly<Record<SyncDirectionName, number>> = { forward: 2, reverse: 3 };
