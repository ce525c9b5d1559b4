import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from './readSubgraphSources';
import { SchemaToolingError } from './SchemaToolingError';

export const ALLOWED_CHANGES_FILE = 'allowed-changes.json';

/** A reviewed exception: this exact change may land even though registered operations use it. */
export interface AllowedChange {
  /** The change's id as the report prints it, e.g. "FIELD_TYPE_CHANGED Tenancy.isActive". */
  readonly change: string;
  /** Why it is acceptable (who agreed, which client versions are gone): required, never empty. */
  readonly reason: string;
}

/** schema/allowed-changes.json: `{ "allowed": [ { "change": "...", "reason": "..." } ] }`; absent = none. */
export function readAllowedChanges(schemaDir: string): AllowedChange[] {
  const path = join(schemaDir, ALLOWED_CHANGES_FILE);
  if (!existsSync(path)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof SchemaToolingError) throw error;
    throw new SchemaToolingError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const list = (raw as { allowed?: unknown } | null)?.allowed;
  if (!Array.isArray(list))
    throw new SchemaToolingError(
      `${path}: expected { "allowed": [ { "change": "<id>", "reason": "<why>" } ] }`,
    );
  return list.map((entry: unknown, i) => {
    const { change, reason } = (entry ?? {}) as { change?: unknown; reason?: unknown };
    if (typeof change !== 'string' || change.trim() === '')
      throw new SchemaToolingError(
        `${path}: allowed[${i}].change: expected a change id such as "FIELD_REMOVED Property.uprn"`,
      );
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new SchemaToolingError(`${path}: allowed[${i}] (${change}): a non-empty "reason" is required`);
    return { change: change.trim(), reason: reason.trim() };
  });
}
