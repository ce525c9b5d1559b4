import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { EntityLoaders } from '../../common/GraphReadContext';
import type { PropertyFilter } from '../../../stores/model/records';
import {
  personId,
  propertyReference,
  repairReference,
  tenancyReference,
} from '../../../stores/model/references';
import { keyList } from '../../../stores/uh/UhQuery';
import {
  propertiesByKeys,
  propertiesFound,
  toProperty,
  type PropertyRow,
} from '../../../stores/uh/readProperties';
import {
  tenanciesByKeys,
  tenanciesFound,
  toTenancy,
  type TenancyRow,
} from '../../../stores/uh/readTenancies';
import { membersByKeys, membersFound, toPerson, type MemberRow } from '../../../stores/uh/readPeople';
import { repairsByKeys, repairsFound, toRepair, type RepairRow } from '../../../stores/uh/readRepairs';
import { countPropertiesQuery, listPropertiesQuery } from '../../../stores/uh/listProperties';
import { countPeopleQuery, searchPeopleQuery } from '../../../stores/uh/searchPeople';
import { HOUSE_REF, PROP_REF, RQ_REF, TAG_REF } from '../../../stores/uh/uhTypes';
import { pageSize } from '../../common/connection';
import { CURSOR_SHAPES, decodeKeysetCursor } from '../../../stores/model/cursor';
import { searchPersonsInput } from '../../common/searchPersonsInput';
import { propertyFilter } from '../../common/resolvers/queryResolvers';
import { collectFields, connectionNodes } from './collectFields';
import { LookaheadPlan, primeEach, type Outcome } from './LookaheadPlan';
import { planPeople, planProperties, planRepairs, planTenancies, type PlanContext } from './planEntities';
import type { UhBatcher } from './UhBatcher';
import type { UhRow } from '../../../stores/uh/UhStore';
import type { ListMemo } from './ListMemo';

/** At most this many keys from a gateway's representations are planned (more are loaded as before). */
const MAX_ROOT_KEYS = 500;

export interface LookaheadDeps {
  readonly batcher: UhBatcher;
  readonly loaders: EntityLoaders;
  readonly lists: ListMemo;
}

/**
 * Before a root field of the legacy subgraph resolves: plan every UH statement its selection will need, send
 * them as one batch (with those of the other root fields of the operation, through the request's batcher) and
 * prime the loaders and list reads with the answers. Planning never decides an answer: a field it cannot plan
 * (bad arguments, a key UH holds in an odd form) is left to its resolver, which loads it as it always did, and
 * a batch that fails is forgotten (the resolvers' own reads then meet the same failure and report it).
 */
export async function lookahead(
  deps: LookaheadDeps,
  info: GraphQLResolveInfo,
  args: Record<string, unknown>,
  /** The query field the selection is planned as: a mutation's answer is read as `person`, `tenancy`... */
  field: string = info.fieldName,
): Promise<void> {
  const plan = new LookaheadPlan();
  const ctx: PlanContext = {
    plan,
    loaders: deps.loaders,
    scope: { schema: info.schema, fragments: info.fragments, variableValues: info.variableValues },
  };
  const selections = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  try {
    planRoot(ctx, deps, field, args, selections);
  } catch {
    return;
  }
  if (plan.statements.length === 0) return;
  // Each statement's own outcome: a batch that failed was sent again statement by statement (UhBatcher), so
  // one failing statement fails only the fields that need its rows.
  const outcomes = await Promise.all(
    plan.statements.map((statement) =>
      deps.batcher.query<UhRow>(statement.query).then(
        (rows): Outcome => rows,
        (error: unknown): Outcome => (error instanceof Error ? error : new Error(String(error))),
      ),
    ),
  );
  plan.statements.forEach((statement, index) => statement.resolve(outcomes[index] ?? []));
}

function planRoot(
  ctx: PlanContext,
  deps: LookaheadDeps,
  field: string,
  args: Record<string, unknown>,
  selections: SelectionSetNode[],
): void {
  const { plan, loaders } = ctx;
  switch (field) {
    case 'property':
      return planPropertyRoots(ctx, [propertyReference(String(args.reference))], selections);
    case 'tenancy':
      return planTenancyRoots(ctx, [tenancyReference(String(args.reference))], selections);
    case 'repairRequest':
      return planRepairRoots(ctx, [repairReference(String(args.reference))], selections);
    case 'person':
      return planPersonRoots(ctx, [personId(String(args.id)).houseRef], selections);
    case 'properties': {
      const take = pageSize(args.first as number | null | undefined);
      const filter = propertyFilter((args.filter as Parameters<typeof propertyFilter>[0] | null) ?? {});
      // Checked as the resolver checks them: a mistake throws, nothing is planned, and the resolver reports it.
      const after =
        typeof args.after === 'string' && args.after
          ? String(decodeKeysetCursor(args.after, CURSOR_SHAPES.property)[0])
          : null;
      const list = plan.set(
        listPropertiesQuery(filter, take, after),
        (row) => toProperty(row as unknown as PropertyRow),
        (outcome) =>
          deps.lists.setProperties(
            filter,
            take,
            after,
            outcome instanceof Error ? outcome : (outcome as unknown as PropertyRow[]).map(toProperty),
          ),
      );
      const connection = collectFields(ctx.scope, 'PropertyConnection', selections);
      if (connection.some((f) => f.name === 'totalCount')) planPropertyCount(ctx, deps, filter);
      return planProperties(ctx, list, connectionNodes(ctx.scope, 'PropertyConnection', selections));
    }
    case 'searchPersons': {
      const { words, skip, take } = searchPersonsInput(
        args as { name: string; first?: number | null; after?: string | null },
      );
      const found = plan.set(
        searchPeopleQuery(words, skip, take),
        (row) => toPerson(row as unknown as MemberRow),
        (outcome) =>
          deps.lists.setPeople(
            words,
            skip,
            take,
            outcome instanceof Error ? outcome : (outcome as unknown as MemberRow[]).map(toPerson),
          ),
      );
      const connection = collectFields(ctx.scope, 'PersonConnection', selections);
      if (connection.some((f) => f.name === 'totalCount'))
        plan.leaf(countPeopleQuery(words), (outcome) => deps.lists.setPeopleCount(words, count(outcome)));
      return planPeople(ctx, found, connectionNodes(ctx.scope, 'PersonConnection', selections));
    }
    case '_entities':
      return planEntities(ctx, args.representations as readonly Record<string, unknown>[], selections);
    default:
      void loaders;
  }
}

function planPropertyCount(ctx: PlanContext, deps: LookaheadDeps, filter: PropertyFilter): void {
  ctx.plan.leaf(countPropertiesQuery(filter), (outcome) =>
    deps.lists.setPropertyCount(filter, count(outcome)),
  );
}

function count(outcome: Outcome): number | Error {
  return outcome instanceof Error ? outcome : Number((outcome[0] as { n?: number } | undefined)?.n ?? 0);
}

/** A gateway's _entities fetch: the representations of each type are one set of root keys. */
function planEntities(
  ctx: PlanContext,
  representations: readonly Record<string, unknown>[],
  selections: SelectionSetNode[],
): void {
  const keys = (typename: string, keyOf: (representation: Record<string, unknown>) => string) => {
    const found = new Set<string>();
    for (const representation of representations) {
      if (representation.__typename !== typename) continue;
      try {
        found.add(keyOf(representation));
      } catch {
        // A bad key is the resolver's to report.
      }
    }
    return found.size > MAX_ROOT_KEYS ? [] : [...found];
  };
  planPropertyRoots(
    ctx,
    keys('Property', (r) => propertyReference(String(r.reference))),
    selections,
  );
  planTenancyRoots(
    ctx,
    keys('Tenancy', (r) => tenancyReference(String(r.reference))),
    selections,
  );
  planRepairRoots(
    ctx,
    keys('RepairRequest', (r) => repairReference(String(r.reference))),
    selections,
  );
  planPersonRoots(
    ctx,
    keys('Person', (r) => personId(String(r.id)).houseRef),
    selections,
  );
}

function planPropertyRoots(ctx: PlanContext, refs: string[], selections: SelectionSetNode[]): void {
  if (refs.length === 0) return;
  const set = ctx.plan.set(
    propertiesByKeys(keyList(ctx.plan.prefix(), refs, PROP_REF)),
    (row) => toProperty(row as unknown as PropertyRow),
    (outcome) =>
      primeEach(
        refs,
        outcome,
        (rows) => {
          const found = propertiesFound(rows as unknown as PropertyRow[]);
          return (key) => found.get(key) ?? null;
        },
        (key, value) => ctx.loaders.property.prime(key, value),
      ),
  );
  planProperties(ctx, set, selections);
}

function planTenancyRoots(ctx: PlanContext, refs: string[], selections: SelectionSetNode[]): void {
  if (refs.length === 0) return;
  const set = ctx.plan.set(
    tenanciesByKeys(keyList(ctx.plan.prefix(), refs, TAG_REF), 'tag_ref'),
    (row) => toTenancy(row as unknown as TenancyRow),
    (outcome) =>
      primeEach(
        refs,
        outcome,
        (rows) => {
          const found = tenanciesFound(rows as unknown as TenancyRow[]);
          return (key) => found.get(key) ?? null;
        },
        (key, value) => ctx.loaders.tenancy.prime(key, value),
      ),
  );
  planTenancies(ctx, set, selections);
}

function planRepairRoots(ctx: PlanContext, refs: string[], selections: SelectionSetNode[]): void {
  if (refs.length === 0) return;
  const set = ctx.plan.set(
    repairsByKeys(keyList(ctx.plan.prefix(), refs, RQ_REF)),
    (row) => toRepair(row as unknown as RepairRow),
    (outcome) =>
      primeEach(
        refs,
        outcome,
        (rows) => {
          const found = repairsFound(rows as unknown as RepairRow[]);
          return (key) => found.get(key) ?? null;
        },
        (key, value) => ctx.loaders.repair.prime(key, value),
      ),
  );
  planRepairs(ctx, set, selections);
}

/** person(id) and Person representations: the household's members (the resolver picks the person). */
function planPersonRoots(ctx: PlanContext, houseRefs: string[], selections: SelectionSetNode[]): void {
  if (houseRefs.length === 0) return;
  const set = ctx.plan.set(
    membersByKeys(keyList(ctx.plan.prefix(), houseRefs, HOUSE_REF)),
    (row) => toPerson(row as unknown as MemberRow),
    (outcome) =>
      primeEach(
        houseRefs,
        outcome,
        (rows) => {
          const found = membersFound(rows as unknown as MemberRow[]);
          return (key) => found.get(key) ?? [];
        },
        (key, value) => ctx.loaders.members.prime(key, value),
      ),
  );
  planPeople(ctx, set, selections);
}
