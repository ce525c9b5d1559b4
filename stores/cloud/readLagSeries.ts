import type { PgClient } from './PgStore';

/** One point of a lag chart: the worst lag sampled in a bucket of `bucketSeconds` starting at `at`. */
export interface LagPoint {
  readonly at: string;
  readonly lagSeconds: number;
  readonly lagRows: number;
}

export interface LagSeries {
  readonly windowMinutes: number;
  readonly bucketSeconds: number;
  readonly forward: readonly LagPoint[];
  readonly reverse: readonly LagPoint[];
}

/**
 * Each direction's sync lag over the last `windowMinutes` from sync.lag_sample (one sample per worker
 * every few seconds), folded into buckets by their worst sample so a chart gets at most
 * windowMinutes * 60 / bucketSeconds points per direction however often the workers sample.
 */
export async function readLagSeries(
  client: PgClient,
  options: { windowMinutes?: number; bucketSeconds?: number } = {},
): Promise<LagSeries> {
  const windowMinutes = options.windowMinutes ?? 60;
  const bucketSeconds = options.bucketSeconds ?? 30;
  const { rows } = await client.query<{ direction: string; at: Date; lag: number; lag_rows: string }>(
    `SELECT direction,
  to_timestamp(floor(extract(epoch FROM taken_at) / $2) * $2) AS at,
  max(lag_seconds) AS lag, max(lag_rows) AS lag_rows
FROM sync.lag_sample
WHERE taken_at >= now() - make_interval(mins => $1)
GROUP BY direction, 2
ORDER BY direction, 2`,
    [windowMinutes, bucketSeconds],
  );
  const points = (direction: string): LagPoint[] =>
    rows
      .filter((row) => row.direction === direction)
      .map((row) => ({
        at: row.at.toISOString(),
        lagSeconds: Number(row.lag),
        lagRows: Number(row.lag_rows),
      }));
  return { windowMinutes, bucketSeconds, forward: points('forward'), reverse: points('reverse') };
}
