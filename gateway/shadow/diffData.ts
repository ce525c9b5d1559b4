/** One value that differs between the legacy answer and the cloud answer. */
export interface DataDifference {
  /** Response path, e.g. "property.tenancies.0.startDate" ("" for the whole response). */
  readonly path: string;
  readonly legacyValue: unknown;
  readonly cloudValue: unknown;
}

/**
 * The differences between two GraphQL response data trees, leaf by leaf, in response order. An object
 * present on one side only, or lists of different lengths, count once at that path (with both values),
 * not once per leaf below. Stops after `limit` differences: one bad mapping repeated over a 100-row list
 * is one finding, not a hundred rows of noise.
 */
export function diffData(legacy: unknown, cloud: unknown, limit = 20): DataDifference[] {
  const found: DataDifference[] = [];
  walk(legacy, cloud, [], found, limit);
  return found;
}

function walk(
  legacy: unknown,
  cloud: unknown,
  path: (string | number)[],
  found: DataDifference[],
  limit: number,
): void {
  if (found.length >= limit || legacy === cloud) return;
  const here = () => found.push({ path: path.join('.'), legacyValue: legacy, cloudValue: cloud });
  if (Array.isArray(legacy) && Array.isArray(cloud)) {
    if (legacy.length !== cloud.length) return void here();
    for (let i = 0; i < legacy.length; i++) walk(legacy[i], cloud[i], [...path, i], found, limit);
    return;
  }
  if (isObject(legacy) && isObject(cloud)) {
    const keys = new Set([...Object.keys(legacy), ...Object.keys(cloud)]);
    for (const key of keys) walk(legacy[key], cloud[key], [...path, key], found, limit);
    return;
  }
  here();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
