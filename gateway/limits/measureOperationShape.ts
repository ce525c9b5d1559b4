import { DEFAULT_CONNECTION_SIZE } from './listSizes';
import type {
  OperationShape,
  ShapeCondition,
  ShapeNumber,
  ShapeSelectionSet,
  ShapeSize,
} from './compileOperationShape';

/** What the limits compare. Numbers may be huge (fragments spread many times multiply) but are finite or Infinity. */
export interface OperationMeasurement {
  /** Deepest field nesting, fragments expanded; a root field is depth 1. */
  readonly depth: number;
  /** Aliased fields, each fragment counted once per spread. */
  readonly aliases: number;
  /** Each field 1, a list's children multiplied by its expected size (see listSizes.ts). */
  readonly cost: number;
}

const NOTHING: OperationMeasurement = { depth: 0, aliases: 0, cost: 0 };
const measuredWithoutVariables = new WeakMap<OperationShape, OperationMeasurement>();

/**
 * Depth, aliases and cost of a compiled operation with this request's variables (raw, as sent: a `first`
 * that is not an integer is left to variable coercion to reject, and measured as the default page size).
 */
export function measureOperationShape(
  shape: OperationShape,
  variables: Readonly<Record<string, unknown>> | undefined,
): OperationMeasurement {
  if (!shape.usesVariables) {
    const known = measuredWithoutVariables.get(shape);
    if (known !== undefined) return known;
  }
  // One entry per (selection set, enclosing page size): each shared fragment is measured once per context,
  // so the work is linear in the document however many times fragments are spread.
  const memo = new Map<ShapeSelectionSet, Map<number, OperationMeasurement>>();
  const vars = variables ?? {};

  const measureSet = (set: ShapeSelectionSet, pageSize: number | undefined): OperationMeasurement => {
    const memoKey = pageSize ?? -1;
    let bySize = memo.get(set);
    const known = bySize?.get(memoKey);
    if (known !== undefined) return known;
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (!included(selection.conditions, vars)) continue;
      let measured: OperationMeasurement;
      if (selection.kind === 'fragment') {
        measured = measureSet(selection.set, pageSize);
      } else {
        const childPageSize =
          selection.size.kind === 'connection' ? resolveNumber(selection.size.first, vars) : undefined;
        const children =
          selection.children === null ? NOTHING : measureSet(selection.children, childPageSize);
        measured = {
          depth: selection.depth + children.depth,
          aliases: (selection.aliased ? 1 : 0) + children.aliases,
          cost: selection.cost + multiplier(selection.size, pageSize) * children.cost,
        };
      }
      depth = Math.max(depth, measured.depth);
      aliases += measured.aliases;
      cost += measured.cost;
    }
    const result = { depth, aliases, cost };
    if (bySize === undefined) {
      bySize = new Map();
      memo.set(set, bySize);
    }
    bySize.set(memoKey, result);
    return result;
  };

  const measurement = measureSet(shape.root, undefined);
  if (!shape.usesVariables) measuredWithoutVariables.set(shape, measurement);
  return measurement;
}

function multiplier(size: ShapeSize, pageSize: number | undefined): number {
  switch (size.kind) {
    case 'single':
    case 'connection':
      return 1;
    case 'list':
      return size.count;
    case 'connectionItems':
      return (pageSize ?? DEFAULT_CONNECTION_SIZE) ** size.levels;
  }
}

function resolveNumber(source: ShapeNumber, variables: Readonly<Record<string, unknown>>): number {
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
