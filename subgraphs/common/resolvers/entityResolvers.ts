import type { GraphReadContext } from '../GraphReadContext';
import type {
  PersonRecord,
  PropertyRecord,
  RepairRecord,
  TenancyRecord,
} from '../../../stores/model/records';
import { personId, propertyReference, repairReference } from '../../../stores/model/references';
import { tenancyIsActive } from '../tenancyIsActive';
import { connection, pageSize } from '../connection';
import { parseIsoDate } from '../scalars';
import { badInput } from '../graphErrors';
import { CURSOR_SHAPES, decodeKeysetCursor } from '../../../stores/model/cursor';

/** A hierarchy walk stops here even if UH's major_ref chain loops (it is data, not a guarantee). */
const MAX_DEPTH = 12;

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const propertyResolvers = {
  __resolveReference: (ref: { reference: string }, { loaders }: GraphReadContext) =>
    loaders.property.load(propertyReference(ref.reference)),
  parent: (property: PropertyRecord, _: unknown, { loaders }: GraphReadContext) =>
    property.parentReference === null ? null : loaders.property.load(property.parentReference),
  ancestors: async (property: PropertyRecord, _: unknown, { loaders }: GraphReadContext) => {
    const chain: PropertyRecord[] = [];
    const seen = new Set([property.reference]);
    let next = property.parentReference;
    while (next !== null && !seen.has(next) && chain.length < MAX_DEPTH) {
      seen.add(next);
      const parent = await loaders.property.load(next);
      if (parent === null) break;
      chain.push(parent);
      next = parent.parentReference;
    }
    return chain.reverse();
  },
  children: async (property: PropertyRecord, args: PageArgs, { loaders }: GraphReadContext) => {
    const take = pageSize(args.first);
    const after = args.after ? propertyCursor(args.after) : null;
    const page = await loaders.children.load({ id: property.reference, take, after });
    return connection(page, () => loaders.childCount.load(property.reference));
  },
  tenancies: (property: PropertyRecord, _: unknown, { loaders }: GraphReadContext) =>
    loaders.tenanciesOfProperty.load(property.reference),
  currentTenancy: async (property: PropertyRecord, _: unknown, { loaders, today }: GraphReadContext) =>
    (await loaders.tenanciesOfProperty.load(property.reference)).find((tenancy) =>
      tenancyIsActive(tenancy, today),
    ) ?? null,
  repairs: async (property: PropertyRecord, args: PageArgs, { loaders }: GraphReadContext) => {
    const take = pageSize(args.first);
    if (args.after) decodeKeysetCursor(args.after, CURSOR_SHAPES.repair);
    const page = await loaders.repairsOfProperty.load({
      id: property.reference,
      take,
      after: args.after ?? null,
    });
    return connection(page, () => loaders.repairCount.load(property.reference));
  },
};

export const tenancyResolvers = {
  __resolveReference: (ref: { reference: string }, { loaders }: GraphReadContext) =>
    loaders.tenancy.load(ref.reference),
  property: (tenancy: TenancyRecord, _: unknown, { loaders }: GraphReadContext) =>
    tenancy.propertyReference === null ? null : loaders.property.load(tenancy.propertyReference),
  isActive: (tenancy: TenancyRecord, _: unknown, { today }: GraphReadContext) =>
    tenancyIsActive(tenancy, today),
  members: (tenancy: TenancyRecord, _: unknown, { loaders }: GraphReadContext) =>
    tenancy.houseRef === null ? [] : loaders.members.load(tenancy.houseRef),
  transactions: async (
    tenancy: TenancyRecord,
    args: PageArgs & { from?: string | null; to?: string | null },
    { loaders }: GraphReadContext,
  ) => {
    const take = pageSize(args.first);
    const from = args.from ?? null;
    const to = args.to ?? null;
    if (from !== null && to !== null && parseIsoDate(from) > parseIsoDate(to)) {
      throw badInput(`transactions: expected from (${from}) to be on or before to (${to})`, 'from');
    }
    if (args.after) decodeKeysetCursor(args.after, CURSOR_SHAPES.transaction);
    const page = await loaders.transactions.load({
      id: tenancy.reference,
      take,
      after: args.after ?? null,
      from,
      to,
    });
    return connection(page, () => loaders.transactionCount.load({ id: tenancy.reference, from, to }));
  },
};

export const personResolvers = {
  __resolveReference: async (ref: { id: string }, { loaders }: GraphReadContext) => {
    const { houseRef, personNo } = personId(ref.id);
    return (await loaders.members.load(houseRef)).find((member) => member.personNo === personNo) ?? null;
  },
  contactDetails: async (person: PersonRecord, _: unknown, { loaders }: GraphReadContext) =>
    (await loaders.contacts.load(person.houseRef)) ?? { phones: [], email: null },
  tenancies: (person: PersonRecord, _: unknown, { loaders }: GraphReadContext) =>
    loaders.tenanciesOfHousehold.load(person.houseRef),
};

export const repairResolvers = {
  __resolveReference: (ref: { reference: string }, { loaders }: GraphReadContext) =>
    loaders.repair.load(repairReference(ref.reference)),
  property: (repair: RepairRecord, _: unknown, { loaders }: GraphReadContext) =>
    repair.propertyReference === null ? null : loaders.property.load(repair.propertyReference),
};

/** Children are ordered by reference; their cursor holds the last one. */
function propertyCursor(cursor: string): string {
  return String(decodeKeysetCursor(cursor, CURSOR_SHAPES.property)[0]);
}
