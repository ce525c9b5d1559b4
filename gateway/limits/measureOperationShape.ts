import type {
  OperationShape,
  ShapeCondition,
  ShapeListSize,
  ShapeNumber,
  ShapeSelectionSet,
} from './compileOperationShape';

/**
 * A list's size when the schema gives none (no `@listSize`, or one whose slicing argument is absent and
 * that has no assumedSize): what Apollo Router calls `static_estimated.list_size`. The committed
 * supergraph sizes every list (a test checks); this is for supergraphs that do not.
 */
export const DEFAULT_LIST_SIZE = 10;

/** What the limits compare. Numbers may be huge (fragments spread many times multiply) but are finite or Infinity. */
export interface OperationMeasurement {
  /** Deepest field nesting, fragments expanded; a root field is depth 1. */
  readonly depth: number;
  /** Aliased fields, each fragment counted once per spread. */
  readonly aliases: number;
  /** Apollo's demand-control estimate from the schema's `@cost` and `@listSize` (see compileOperationShape). */
  readonly cost: number;
  /**
   * Lists whose `@listSize(requireOneSlicingArgument: true)` did not get exactly one slicing argument: the
   * size cannot be estimated, so the operation is refused as Apollo Router refuses it.
   */
  readonly unsized: readonly string[];
}

/** The children of a field whose `@listSize` names sizedFields: which of them hold the field's items. */
interface Sized {
  readonly fields: readonly string[];
  readonly size: number;
}

const NOTHING: OperationMeasurement = { depth: 0, aliases: 0, cost: 0, unsized: [] };
const measuredWithoutVariables = new WeakMap<OperationShape, OperationMeasurement>();

/**
 * Depth, aliases and cost of a compiled operation with this request's variables (raw, as sent: a slicing
 * argument that is not an integer is left to variable coercion to reject, and measured as its default).
 * Per field: cost = instances x (its weight + its selections' cost) + its arguments' cost, where a
 * list's instances are its size: from its parent's sizedFields, else its slicing argument (`first`),
 * else its assumedSize, else DEFAULT_LIST_SIZE.
 */
export function measureOperationShape(
  shape: OperationShape,
  variables: Readonly<Record<string, unknown>> | undefined,
): OperationMeasurement {
  if (!shape.usesVariables) {
    const known = measuredWithoutVariables.get(shape);
    if (known !== undefined) return known;
  }
  // One entry per (selection set, sizing from the parent): each shared fragment is measured once per
  // context, so the work is linear in the document however many times fragments are spread.
  const memo = new Map<ShapeSelectionSet, Map<Sized | undefined, OperationMeasurement>>();
  const vars = variables ?? {};

  const measureSet = (set: ShapeSelectionSet, sized: Sized | undefined): OperationMeasurement => {
    let byContext = memo.get(set);
    const known = byContext?.get(sized);
    if (known !== undefined) return known;
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    let unsized: string[] = [];
    for (const selection of set.selections) {
      if (!included(selection.conditions, vars)) continue;
      let measured: OperationMeasurement;
      if (selection.kind === 'fragment') {
        measured = measureSet(selection.set, sized);
      } else {
        const expected = selection.listSize === null ? undefined : expectedSize(selection.listSize, vars);
        const fromParent =
          sized !== undefined && sized.fields.includes(selection.name) ? sized.size : undefined;
        const instances = selection.isList ? (fromParent ?? expected?.size ?? DEFAULT_LIST_SIZE) : 1;
        const childSized =
          selection.sizedFields === null ? undefined : sizedFor(selection.sizedFields, expected?.size);
        const children = selection.children === null ? NOTHING : measureSet(selection.children, childSized);
        measured = {
          depth: selection.depth + children.depth,
          aliases: (selection.aliased ? 1 : 0) + children.aliases,
          cost: instances * (selection.weight + children.cost) + (selection.argumentCost?.(vars) ?? 0),
          unsized:
            expected?.unsized === true
              ? [selection.listSize?.coordinate ?? '', ...children.unsized]
              : children.unsized,
        };
      }
      depth = Math.max(depth, measured.depth);
      aliases += measured.aliases;
      cost += measured.cost;
      if (measured.unsized.length > 0) unsized = [...unsized, ...measured.unsized];
    }
    const result = { depth, aliases, cost, unsized };
    if (byContext === undefined) {
      byContext = new Map();
      memo.set(set, byContext);
    }
    byContext.set(sized, result);
    return result;
  };

  const root = measureSet(shape.root, undefined);
  const measurement = { ...root, cost: shape.baseCost + root.cost, unsized: [...new Set(root.unsized)] };
  if (!shape.usesVariables) measuredWithoutVariables.set(shape, measurement);
  return measurement;
}

/** Sized contexts are compared by identity in the memo: one object per (fields, size). */
const sizedContexts = new WeakMap<readonly string[], Map<number, Sized>>();
function sizedFor(fields: readonly string[], size: number | undefined): Sized | undefined {
  if (size === undefined) return undefined;
  let bySize = sizedContexts.get(fields);
  if (bySize === undefined) {
    bySize = new Map();
    sizedContexts.set(fields, bySize);
  }
  let sized = bySize.get(size);
  if (sized === undefined) {
    sized = { fields, size };
    bySize.set(size, sized);
  }
  return sized;
}

/** Apollo's expected size: the largest slicing argument given (or defaulted), else assumedSize. */
function expectedSize(
  list: ShapeListSize,
  variables: Readonly<Record<string, unknown>>,
): { size: number | undefined; unsized: boolean } {
  const values = list.slicing
    .map((number) => resolveNumber(number, variables))
    .filter((value): value is number => value !== undefined);
  return {
    size: values.length > 0 ? Math.max(...values) : list.assumedSize,
    unsized: list.requireOneSlicingArgument && values.length !== 1,
  };
}

function resolveNumber(
  source: ShapeNumber,
  variables: Readonly<Record<string, unknown>>,
): number | undefined {
  if (source.kind === 'value') return source.value;
  if (!Object.hasOwn(variables, source.name)) return source.whenAbsent;
  const value = variables[source.name];
  if (value === null) return source.whenNull;
  return typeof value === 'number' && Number.isInteger(value) ? Math.max(0, value) : source.whenNull;
}

function included(
  conditions: readonly ShapeCondition[],
  variables: Readonly<Record<string, unknown>>,
): boolean {
  for (const condition of conditions) {
    let value: boolean | undefined;
    if (typeof condition.value === 'boolean') value = condition.value;
    else if (Object.hasOwn(variables, condition.value.variable)) {
      const given = variables[condition.value.variable];
      value = typeof given === 'boolean' ? given : undefined;
    } else value = condition.value.whenAbsent;
    // An unknown condition (a missing or non-boolean variable, rejected later by coercion) counts the
    // selection: the estimate errs on the side of more work.
    if (value !== undefined && value !== condition.include) return false;
  }
  return true;
}
