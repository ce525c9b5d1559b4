import type { RepairPriority } from '../../stores/model/records';
import { CODE_BY_PRIORITY } from '../../stores/uh/codeLists';

/**
 * The outbox rows stores/cloud/writeCloud.ts records, one shape per (entity, operation), checked once
 * when read: a payload of another shape can never apply and is dead-lettered saying what was expected.
 */
export const OUTBOX_ENTITIES = ['contactDetails', 'repairRequest', 'tenancy'] as const;
export type OutboxEntity = (typeof OUTBOX_ENTITIES)[number];

export function isOutboxEntity(value: string): value is OutboxEntity {
  return (OUTBOX_ENTITIES as readonly string[]).includes(value);
}

/** updateContactDetailsInCloud: the household's whole contact record after the write. */
export interface ContactDetailsPayload {
  readonly houseRef: string;
  readonly phones: readonly string[];
  /** '' when the household has none. */
  readonly email: string;
}

/** raiseRepairInCloud: a new request with its cloud reference (90000000 up, never allocated by UH). */
export interface RepairRequestPayload {
  readonly reference: string;
  readonly propertyReference: string;
  readonly description: string;
  readonly priority: RepairPriority;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
  readonly raisedAt: Date;
}

/** endTenancyInCloud: the end date and whether it had come when the cloud wrote it. */
export interface TenancyEndPayload {
  readonly reference: string;
  readonly endDate: string;
  readonly terminated: boolean;
}

export type OutboxPayload =
  | { readonly entity: 'contactDetails'; readonly payload: ContactDetailsPayload }
  | { readonly entity: 'repairRequest'; readonly payload: RepairRequestPayload }
  | { readonly entity: 'tenancy'; readonly payload: TenancyEndPayload };

/** The payload in its checked form, or why it cannot be applied. */
export function parseOutboxPayload(
  entity: string,
  operation: string,
  key: string,
  payload: unknown,
): OutboxPayload | { readonly problem: string } {
  const expected = OUTBOX_OPERATION[entity as OutboxEntity];
  if (expected === undefined) {
    return { problem: `outbox entity "${entity}": expected one of ${OUTBOX_ENTITIES.join(', ')}` };
  }
  if (operation !== expected) {
    return { problem: `${entity} outbox rows: expected operation ${expected}, got ${operation}` };
  }
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const text = (field: string, nullable = false): string | null => {
    const value = p[field];
    if (typeof value === 'string') return value;
    if (nullable && (value === null || value === undefined)) return null;
    problems.push(`${field}: expected ${nullable ? 'text or null' : 'text'}, got ${JSON.stringify(value)}`);
    return null;
  };
  const keyField = (field: string): string => {
    const value = text(field) ?? '';
    if (value !== '' && value !== key)
      problems.push(`${field}: expected the row's key "${key}", got "${value}"`);
    return value;
  };
  const result = ((): OutboxPayload => {
    switch (entity as OutboxEntity) {
      case 'contactDetails': {
        const phones = p.phones;
        if (!Array.isArray(phones) || !phones.every((phone) => typeof phone === 'string')) {
          problems.push(`phones: expected a list of numbers, got ${JSON.stringify(phones)}`);
        }
        return {
          entity: 'contactDetails',
          payload: {
            houseRef: keyField('houseRef'),
            phones: Array.isArray(phones) ? (phones as string[]) : [],
            email: text('email') ?? '',
          },
        };
      }
      case 'repairRequest': {
        const priority = p.priority;
        if (typeof priority !== 'string' || !(priority in CODE_BY_PRIORITY)) {
          problems.push(
            `priority: expected one of ${Object.keys(CODE_BY_PRIORITY).join(', ')}, got ${JSON.stringify(priority)}`,
          );
        }
        const raisedAt = new Date(String(text('raisedAt')));
        if (Number.isNaN(raisedAt.getTime())) problems.push(`raisedAt: expected an ISO 8601 time`);
        const reference = keyField('reference');
        if (!/^\d{8}$/.test(reference)) problems.push(`reference: expected 8 digits, got "${reference}"`);
        const propertyReference = text('propertyReference') ?? '';
        if (!/^\d{8}$/.test(propertyReference)) {
          problems.push(`propertyReference: expected 8 digits, got "${propertyReference}"`);
        }
        return {
          entity: 'repairRequest',
          payload: {
            reference,
            propertyReference,
            description: text('description') ?? '',
            priority: priority as RepairPriority,
            contactName: text('contactName', true),
            contactPhone: text('contactPhone', true),
            raisedAt,
          },
        };
      }
      case 'tenancy': {
        const endDate = text('endDate') ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate))
          problems.push(`endDate: expected YYYY-MM-DD, got "${endDate}"`);
        if (typeof p.terminated !== 'boolean') {
          problems.push(`terminated: expected true or false, got ${JSON.stringify(p.terminated)}`);
        }
        return {
          entity: 'tenancy',
          payload: { reference: keyField('reference'), endDate, terminated: p.terminated === true },
        };
      }
    }
  })();
  return problems.length === 0
    ? result
    : { problem: `${entity} ${operation} payload: ${problems.join('; ')}` };
}

/** The one operation the cloud records per entity (no cloud write deletes from UH). */
export const OUTBOX_OPERATION: Readonly<Record<OutboxEntity, 'INSERT' | 'UPDATE'>> = {
  contactDetails: 'UPDATE',
  repairRequest: 'INSERT',
  tenancy: 'UPDATE',
};
