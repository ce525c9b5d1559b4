import type { SelectionSetNode } from 'graphql';
import type { EntityLoaders } from '../../common/GraphReadContext';
import type {
  PersonRecord,
  PropertyRecord,
  RepairRecord,
  TenancyRecord,
} from '../../../stores/model/records';
import { prefixParams, type KeySource } from '../../../stores/uh/UhQuery';
import {
  childCountByKeys,
  childCounts,
  childrenByKeys,
  childPages,
  propertiesByKeys,
  propertiesFound,
  toProperty,
  type PropertyRow,
} from '../../../stores/uh/readProperties';
import {
  tenanciesByKeys,
  tenanciesGrouped,
  toTenancy,
  type TenancyRow,
} from '../../../stores/uh/readTenancies';
import {
  contactsByKeys,
  contactsFound,
  membersByKeys,
  membersFound,
  toPerson,
  type MemberRow,
} from '../../../stores/uh/readPeople';
import {
  repairCountByKeys,
  repairCounts,
  repairPages,
  repairsOfPropertiesByKeys,
  toRepair,
  type RepairRow,
} from '../../../stores/uh/readRepairs';
import {
  transactionCountByKeys,
  transactionCounts,
  transactionPages,
  transactionsByKeys,
} from '../../../stores/uh/readTransactions';
import { pageSize } from '../../common/connection';
import { parseIsoDate } from '../../common/scalars';
import { CURSOR_SHAPES, decodeKeysetCursor, type CursorPart } from '../../../stores/model/cursor';
import { collectFields, connectionNodes, selectsField, type SelectionScope } from './collectFields';
import { primeEach, primeableKeys, type LookaheadPlan, type PlannedSet } from './LookaheadPlan';

/**
 * Plans the UH statements for everything an operation will ask of an entity set, from the selection set, before
 * any resolver runs: each relation is one statement whose keys are a subquery over the statement of the set it
 * hangs from, so a whole operation is one batch however deep it goes. Once the batch answers, each statement's
 * rows prime the request's loaders under the keys the resolvers will ask for (see primeableKeys); the resolvers
 * then run as they always do, and anything not primed is loaded as before.
 */
export interface PlanContext {
  readonly plan: LookaheadPlan;
  readonly scope: SelectionScope;
  readonly loaders: EntityLoaders;
}

/** ancestors walks major_ref one level at a time; the plan fetches this many levels (UH's hierarchy has 4). */
const ANCESTOR_LEVELS = 4;

/** Turn a set's column into keys for another statement, its parameters renamed apart. */
function keysOf<T>(ctx: PlanContext, set: PlannedSet<T>, column: string): KeySource {
  return prefixParams(set.column(column), ctx.plan.prefix());
}

/** A set of properties fetched by the keys the loader would be asked for (parent, tenancy.property ...). */
function propertySet<T>(
  ctx: PlanContext,
  parent: PlannedSet<T>,
  column: string,
  keyOf: (record: T) => string | null,
): PlannedSet<PropertyRecord> {
  return ctx.plan.set(
    propertiesByKeys(keysOf(ctx, parent, column)),
    (row) => toProperty(row as unknown as PropertyRow),
    (outcome) =>
      primeEach(
        primeableKeys(parent.entries(), keyOf, (row) => row[column]),
        outcome,
        (rows) => {
          const found = propertiesFound(rows as unknown as PropertyRow[]);
          return (key) => found.get(key) ?? null;
        },
        (key, value) => ctx.loaders.property.prime(key, value),
      ),
  );
}

export function planProperties(
  ctx: PlanContext,
  set: PlannedSet<PropertyRecord>,
  selections: readonly SelectionSetNode[],
  depth = 0,
): void {
  if (selections.length === 0 || depth > 8) return;
  const fields = collectFields(ctx.scope, 'Property', selections);
  const byReference = (record: PropertyRecord) => record.reference;
  let tenancies: PlannedSet<TenancyRecord> | undefined;
  const tenancySelections: SelectionSetNode[] = [];
  // parent and ancestors share the chain of parents, level by level.
  const chain: PlannedSet<PropertyRecord>[] = [];
  const chainSelections: SelectionSetNode[][] = [];
  const level = (n: number): PlannedSet<PropertyRecord> => {
    while (chain.length < n) {
      const below = chain.at(-1) ?? set;
      chain.push(propertySet(ctx, below, 'major_ref', (record) => record.parentReference));
      chainSelections.push([]);
    }
    return chain[n - 1] as PlannedSet<PropertyRecord>;
  };
  for (const field of fields) {
    switch (field.name) {
      case 'parent':
        level(1);
        chainSelections[0]?.push(...field.selections);
        break;
      case 'ancestors':
        for (let n = 1; n <= ANCESTOR_LEVELS; n++) {
          level(n);
          chainSelections[n - 1]?.push(...field.selections);
        }
        break;
      case 'tenancies':
      case 'currentTenancy':
        tenancies ??= ctx.plan.set(
          tenanciesByKeys(keysOf(ctx, set, 'prop_ref'), 'prop_ref'),
          (row) => toTenancy(row as unknown as TenancyRow),
          (outcome) => {
            const keys = primeableKeys(set.entries(), byReference, (row) => row.prop_ref);
            primeEach(
              keys,
              outcome,
              (rows) => {
                const found = tenanciesGrouped(rows as unknown as TenancyRow[], 'prop_ref', keys);
                return (key) => found.get(key) ?? [];
              },
              (key, value) => ctx.loaders.tenanciesOfProperty.prime(key, value),
            );
          },
        );
        tenancySelections.push(...field.selections);
        break;
      case 'children': {
        const page = pageArgs(field.args, (after) =>
          String(decodeKeysetCursor(after, CURSOR_SHAPES.property)[0]),
        );
        if (page === null) break;
        const children = ctx.plan.set(
          childrenByKeys(keysOf(ctx, set, 'prop_ref'), page.take, page.after),
          (row) => toProperty(row as unknown as PropertyRow),
          (outcome) =>
            primeEach(
              primeableKeys(set.entries(), byReference, (row) => row.prop_ref),
              outcome,
              (rows) => {
                const found = childPages(rows as unknown as (PropertyRow & { rn: number })[], page.take);
                return (key) => found.get(key) ?? EMPTY_PAGE;
              },
              (key, value) => ctx.loaders.children.prime({ id: key, ...page }, value),
            ),
        );
        if (selectsField(ctx.scope, 'PropertyConnection', field.selections, 'totalCount'))
          ctx.plan.leaf(childCountByKeys(keysOf(ctx, set, 'prop_ref')), (outcome) =>
            primeEach(
              primeableKeys(set.entries(), byReference, (row) => row.prop_ref),
              outcome,
              (rows) => {
                const counts = childCounts(rows as { major_ref: string; n: number }[]);
                return (key) => counts.get(key) ?? 0;
              },
              (key, value) => ctx.loaders.childCount.prime(key, value),
            ),
          );
        planProperties(
          ctx,
          children,
          connectionNodes(ctx.scope, 'PropertyConnection', field.selections),
          depth + 1,
        );
        break;
      }
      case 'repairs': {
        const page = pageArgs(field.args, (after) => checked(after, CURSOR_SHAPES.repair));
        if (page === null) break;
        const repairs = ctx.plan.set(
          repairsOfPropertiesByKeys(keysOf(ctx, set, 'prop_ref'), page.take, page.after),
          (row) => toRepair(row as unknown as RepairRow),
          (outcome) => {
            const keys = primeableKeys(set.entries(), byReference, (row) => row.prop_ref);
            primeEach(
              keys,
              outcome,
              (rows) => {
                const found = repairPages(rows as unknown as RepairRow[], page.take, keys);
                return (key) => found.get(key) ?? EMPTY_PAGE;
              },
              (key, value) => ctx.loaders.repairsOfProperty.prime({ id: key, ...page }, value),
            );
          },
        );
        if (selectsField(ctx.scope, 'RepairRequestConnection', field.selections, 'totalCount'))
          ctx.plan.leaf(repairCountByKeys(keysOf(ctx, set, 'prop_ref')), (outcome) => {
            const keys = primeableKeys(set.entries(), byReference, (row) => row.prop_ref);
            primeEach(
              keys,
              outcome,
              (rows) => {
                const counts = repairCounts(rows as { prop_ref: string; n: number }[], keys);
                return (key) => counts.get(key) ?? 0;
              },
              (key, value) => ctx.loaders.repairCount.prime(key, value),
            );
          });
        planRepairs(
          ctx,
          repairs,
          connectionNodes(ctx.scope, 'RepairRequestConnection', field.selections),
          depth + 1,
        );
        break;
      }
    }
  }
  chain.forEach((parents, index) => planProperties(ctx, parents, chainSelections[index] ?? [], depth + 1));
  if (tenancies !== undefined) planTenancies(ctx, tenancies, tenancySelections, depth + 1);
}

export function planTenancies(
  ctx: PlanContext,
  set: PlannedSet<TenancyRecord>,
  selections: readonly SelectionSetNode[],
  depth = 0,
): void {
  if (selections.length === 0 || depth > 8) return;
  for (const field of collectFields(ctx.scope, 'Tenancy', selections)) {
    switch (field.name) {
      case 'property':
        planProperties(
          ctx,
          propertySet(ctx, set, 'prop_ref', (record) => record.propertyReference),
          field.selections,
          depth + 1,
        );
        break;
      case 'members': {
        const members = ctx.plan.set(
          membersByKeys(keysOf(ctx, set, 'house_ref')),
          (row) => toPerson(row as unknown as MemberRow),
          (outcome) =>
            primeEach(
              primeableKeys(
                set.entries(),
                (record) => record.houseRef,
                (row) => row.house_ref,
              ),
              outcome,
              (rows) => {
                const found = membersFound(rows as unknown as MemberRow[]);
                return (key) => found.get(key) ?? [];
              },
              (key, value) => ctx.loaders.members.prime(key, value),
            ),
        );
        planPeople(ctx, members, field.selections, depth + 1);
        break;
      }
      case 'transactions': {
        const page = pageArgs(field.args, (after) => checked(after, CURSOR_SHAPES.transaction));
        if (page === null) break;
        const from = (field.args.from as string | null | undefined) ?? null;
        const to = (field.args.to as string | null | undefined) ?? null;
        if (from !== null && to !== null && parseIsoDate(from) > parseIsoDate(to)) break;
        const byReference = (record: TenancyRecord) => record.reference;
        const window = { ...page, from, to };
        ctx.plan.leaf(transactionsByKeys(keysOf(ctx, set, 'tag_ref'), window), (outcome) => {
          primeEach(
            primeableKeys(set.entries(), byReference, (row) => row.tag_ref),
            outcome,
            (rows) => {
              const found = transactionPages(
                rows as unknown as Parameters<typeof transactionPages>[0],
                page.take,
              );
              return (key) => found.get(key) ?? EMPTY_PAGE;
            },
            (key, value) => ctx.loaders.transactions.prime({ id: key, ...window }, value),
          );
        });
        if (selectsField(ctx.scope, 'RentTransactionConnection', field.selections, 'totalCount'))
          ctx.plan.leaf(transactionCountByKeys(keysOf(ctx, set, 'tag_ref'), { from, to }), (outcome) =>
            primeEach(
              primeableKeys(set.entries(), byReference, (row) => row.tag_ref),
              outcome,
              (rows) => {
                const counts = transactionCounts(rows as { tag_ref: string; n: number }[]);
                return (key) => counts.get(key) ?? 0;
              },
              (key, value) => ctx.loaders.transactionCount.prime({ id: key, from, to }, value),
            ),
          );
        break;
      }
    }
  }
}

export function planPeople(
  ctx: PlanContext,
  set: PlannedSet<PersonRecord>,
  selections: readonly SelectionSetNode[],
  depth = 0,
): void {
  if (selections.length === 0 || depth > 8) return;
  const byHousehold = (record: PersonRecord) => record.houseRef;
  for (const field of collectFields(ctx.scope, 'Person', selections)) {
    switch (field.name) {
      case 'contactDetails':
        ctx.plan.leaf(contactsByKeys(keysOf(ctx, set, 'house_ref')), (outcome) =>
          primeEach(
            primeableKeys(set.entries(), byHousehold, (row) => row.house_ref),
            outcome,
            (rows) => {
              const found = contactsFound(rows as unknown as Parameters<typeof contactsFound>[0]);
              return (key) => found.get(key) ?? null;
            },
            (key, value) => ctx.loaders.contacts.prime(key, value),
          ),
        );
        break;
      case 'tenancies': {
        const tenancies = ctx.plan.set(
          tenanciesByKeys(keysOf(ctx, set, 'house_ref'), 'house_ref'),
          (row) => toTenancy(row as unknown as TenancyRow),
          (outcome) => {
            const keys = primeableKeys(set.entries(), byHousehold, (row) => row.house_ref);
            primeEach(
              keys,
              outcome,
              (rows) => {
                const found = tenanciesGrouped(rows as unknown as TenancyRow[], 'house_ref', keys);
                return (key) => found.get(key) ?? [];
              },
              (key, value) => ctx.loaders.tenanciesOfHousehold.prime(key, value),
            );
          },
        );
        planTenancies(ctx, tenancies, field.selections, depth + 1);
        break;
      }
    }
  }
}

export function planRepairs(
  ctx: PlanContext,
  set: PlannedSet<RepairRecord>,
  selections: readonly SelectionSetNode[],
  depth = 0,
): void {
  if (selections.length === 0 || depth > 8) return;
  for (const field of collectFields(ctx.scope, 'RepairRequest', selections)) {
    if (field.name === 'property')
      planProperties(
        ctx,
        propertySet(ctx, set, 'prop_ref', (record) => record.propertyReference),
        field.selections,
        depth + 1,
      );
  }
}

const EMPTY_PAGE = { items: [], hasNextPage: false };

/** The cursor, once it has the shape the resolver checks for (throws BAD_USER_INPUT otherwise, as it does). */
function checked(after: string, shape: readonly CursorPart[]): string {
  decodeKeysetCursor(after, shape);
  return after;
}

/**
 * first and after as the resolver reads them, checked as the resolver checks them; null when they are invalid:
 * nothing is planned for the field, and its resolver reports the mistake before any SQL.
 */
function pageArgs(
  args: Record<string, unknown>,
  cursor: (after: string) => string,
): { take: number; after: string | null } | null {
  try {
    const take = pageSize(args.first as number | null | undefined);
    const raw = args.after as string | null | undefined;
    return { take, after: raw ? cursor(raw) : null };
  } catch {
    return null;
  }
}
