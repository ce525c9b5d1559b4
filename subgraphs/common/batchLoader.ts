import DataLoader from 'dataloader';

/**
 * Every batch stays well below SQL Server's 2,100-parameter limit (and the project's own 1,000): a
 * batch takes at most this many keys, plus a handful of paging parameters.
 */
export const MAX_BATCH = 500;

/**
 * A DataLoader over a "fetch these keys, give back a map" function, keeping the batch contract: one
 * result per key, in order, `missing` for keys the store did not return.
 */
export function batchLoader<V, M = V>(
  fetch: (keys: readonly string[]) => Promise<Map<string, V>>,
  missing: M,
): DataLoader<string, V | M> {
  return new DataLoader<string, V | M>(
    async (keys) => {
      const found = await fetch(keys);
      return keys.map((key) => (found.has(key) ? (found.get(key) as V) : missing));
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * A DataLoader for keys that carry page arguments (first, after, date range...): keys with the same
 * arguments are fetched in one request; different arguments in the same tick make one request each.
 */
export function pagedLoader<K extends { readonly id: string }, V, M>(
  argsKey: (key: K) => string,
  fetch: (ids: readonly string[], sample: K) => Promise<Map<string, V>>,
  missing: M,
): DataLoader<K, V | M, string> {
  return new DataLoader<K, V | M, string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const key of keys) groups.set(argsKey(key), [...(groups.get(argsKey(key)) ?? []), key]);
      const results = new Map<K, V | M>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const first = group[0] as K;
          const found = await fetch([...new Set(group.map((key) => key.id))], first);
          for (const key of group) results.set(key, found.has(key.id) ? (found.get(key.id) as V) : missing);
        }),
      );
      return keys.map((key) => results.get(key) as V | M);
    },
    { maxBatchSize: MAX_BATCH, cacheKeyFn: (key) => `${key.id}\u0000${argsKey(key)}` },
  );
}
