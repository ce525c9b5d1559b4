import type { PhaseChangeRequest } from '../../migration/validatePhaseChange';
import type { Entity } from '../../migration/phases';

/** A client mistake in a request to /admin/api: its status and message (what was expected, what came). */
export class AdminRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'AdminRequestError';
    this.status = status;
  }
}

/**
 * What the POST body may hold. `acceptLoss` is passed through to the store, which decides what it means
 * for a rollback with writes still waiting for UH; any other field is refused (a typo such as
 * "overideGates" must not silently move an entity without the override the caller meant).
 */
const FIELDS = {
  phase: 'string',
  percent: 'number',
  reason: 'string',
  overrideGates: 'boolean',
  acceptLoss: 'boolean',
} as const;
type Field = keyof typeof FIELDS;

export const PHASE_CHANGE_BODY_SHAPE =
  '{"phase": "LEGACY|SHADOW|CANARY|CLOUD", "percent"?: 1-99 (CANARY), "reason": "...", "overrideGates"?: true, "acceptLoss"?: true}';

/** A phase change as the store takes it, with whatever optional flags the store may understand. */
export type AdminPhaseChangeRequest = PhaseChangeRequest & { readonly acceptLoss?: boolean };

/**
 * The POST /admin/api/entities/:entity/phase body as a PhaseChangeRequest: JSON, an object, each field of
 * its type. The phase rules themselves (percent per phase, a reason) are validatePhaseRequest's.
 */
export function parsePhaseChangeBody(
  text: string,
  entity: Entity,
  changedBy: string,
): AdminPhaseChangeRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AdminRequestError(
      400,
      `the request body is not valid JSON; expected ${PHASE_CHANGE_BODY_SHAPE}`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AdminRequestError(
      400,
      `expected a JSON object ${PHASE_CHANGE_BODY_SHAPE}, got ${describe(body)}`,
    );
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !Object.hasOwn(FIELDS, key));
  if (unknown.length > 0)
    throw new AdminRequestError(
      400,
      `unknown field(s) ${unknown.map((key) => JSON.stringify(key)).join(', ')}; expected ${PHASE_CHANGE_BODY_SHAPE}`,
    );
  for (const [key, type] of Object.entries(FIELDS) as [Field, string][]) {
    const value = fields[key];
    if (value !== undefined && typeof value !== type)
      throw new AdminRequestError(400, `${key}: expected a ${type}, got ${describe(value)}`);
  }
  if (fields.phase === undefined)
    throw new AdminRequestError(400, `phase is required; expected ${PHASE_CHANGE_BODY_SHAPE}`);
  if (fields.reason === undefined)
    throw new AdminRequestError(
      400,
      'reason is required: say why the phase changes (it is kept in the phase history)',
    );
  return {
    entity,
    phase: fields.phase as PhaseChangeRequest['phase'],
    ...(fields.percent === undefined ? {} : { percent: fields.percent as number }),
    reason: fields.reason as string,
    changedBy,
    overrideGates: fields.overrideGates === true,
    ...(fields.acceptLoss === undefined ? {} : { acceptLoss: fields.acceptLoss as boolean }),
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const text = JSON.stringify(value);
  return typeof value === 'object'
    ? 'an object'
    : `${typeof value} ${text.length > 60 ? `${text.slice(0, 60)}...` : text}`;
}
