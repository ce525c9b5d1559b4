import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  validate,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { ScopedField } from './readScopedFields';

export interface QueryReachingScopedField {
  readonly coordinate: string;
  readonly scopes: readonly (readonly string[])[];
  /** `query` for fields reached from Query, `mutation` for Mutation's own fields. */
  readonly operationType: 'query' | 'mutation';
  /** One operation selecting the field once, at the end of the cheapest path from a root field. */
  readonly query: string;
  /** A value of the right type for every required argument on the path. */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Sample values for the project's custom scalars, in their serialized forms. */
const SCALAR_SAMPLES: Readonly<Record<string, unknown>> = {
  String: '1',
  ID: '1',
  Int: 1,
  Float: 1,
  Boolean: true,
  Date: '2026-01-01',
  DateTime: '2026-01-01T00:00:00.000Z',
  Decimal: '1.00',
};

/** Down a field, or from an interface or union into one of its possible types (`... on T`). */
type Step =
  | {
      readonly kind: 'field';
      readonly parent: GraphQLObjectType | GraphQLInterfaceType;
      readonly field: GraphQLField<unknown, unknown>;
    }
  | { readonly kind: 'fragment'; readonly type: GraphQLObjectType };

/**
 * For every scoped field, an operation that reaches it from a root field: the path with the fewest required
 * arguments, then the fewest steps (so `properties { nodes { ... } }` is preferred over
 * `property(reference:)`, and a connection is crossed through `nodes`); an interface or union is crossed
 * into one of its possible types with an inline fragment. Used to show that no scoped field is ever
 * returned without its scope, by the enforcer's tests and end to end through the gateway.
 */
export function queriesReachingScopedFields(
  apiSchema: GraphQLSchema,
  scopedFields: readonly ScopedField[],
): QueryReachingScopedField[] {
  const paths = cheapestPaths(apiSchema);
  const out: QueryReachingScopedField[] = [];
  for (const { coordinate, scopes } of scopedFields) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const parent = apiSchema.getType(typeName);
    // A scoped field left out of the API schema (@inaccessible) cannot be queried at all.
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const field = parent.getFields()[fieldName];
    if (field === undefined) continue;
    const isMutation = parent === apiSchema.getMutationType();
    const path = isMutation || parent === apiSchema.getQueryType() ? [] : paths.get(parent.name);
    if (path === undefined) continue;
    const variables: Record<string, unknown> = {};
    const definitions: string[] = [];
    const call = (step: Step & { kind: 'field' }): string => {
      const args = step.field.args.filter(isRequired).map((arg) => {
        const name = `${step.parent.name}_${step.field.name}_${arg.name}`;
        definitions.push(`$${name}: ${String(arg.type)}`);
        variables[name] = sample(arg.type);
        return `${arg.name}: $${name}`;
      });
      return args.length === 0 ? step.field.name : `${step.field.name}(${args.join(', ')})`;
    };
    let selection = `${call({ kind: 'field', parent, field })}${compositeOf(field.type) === undefined ? '' : ' { __typename }'}`;
    for (const step of [...path].reverse())
      selection =
        step.kind === 'field'
          ? `${call(step)} { ${selection} }`
          : `... on ${step.type.name} { ${selection} }`;
    const operationType = isMutation ? 'mutation' : 'query';
    const name = `Reach_${typeName}_${fieldName}`;
    const query = `${operationType} ${name}${definitions.length === 0 ? '' : `(${definitions.join(', ')})`} { ${selection} }`;
    const errors = validate(apiSchema, parse(query));
    if (errors.length > 0)
      throw new Error(
        `generated an invalid operation for ${coordinate}: ${errors.map((e) => e.message).join('; ')}`,
      );
    out.push({ coordinate, scopes, operationType, query, variables });
  }
  return out;
}

/**
 * Dijkstra over composite types from Query, cost = (required arguments, steps), compared in that order.
 */
function cheapestPaths(apiSchema: GraphQLSchema): Map<string, readonly Step[]> {
  const query = apiSchema.getQueryType();
  const best = new Map<string, { cost: [number, number]; path: readonly Step[] }>();
  if (query === null || query === undefined) return new Map();
  best.set(query.name, { cost: [0, 0], path: [] });
  const done = new Set<string>();
  for (;;) {
    let current: { name: string; cost: [number, number]; path: readonly Step[] } | undefined;
    for (const [name, entry] of best)
      if (!done.has(name) && (current === undefined || less(entry.cost, current.cost)))
        current = { name, ...entry };
    if (current === undefined) break;
    done.add(current.name);
    const type = apiSchema.getType(current.name) as GraphQLCompositeType;
    const offer = (child: GraphQLCompositeType, requiredArgs: number, step: Step) => {
      const cost: [number, number] = [current.cost[0] + requiredArgs, current.cost[1] + 1];
      const known = best.get(child.name);
      if (known === undefined || less(cost, known.cost))
        best.set(child.name, { cost, path: [...current.path, step] });
    };
    if (isAbstractType(type))
      for (const possible of apiSchema.getPossibleTypes(type))
        offer(possible, 0, { kind: 'fragment', type: possible });
    else
      for (const field of Object.values(type.getFields())) {
        const child = compositeOf(field.type);
        if (child !== undefined)
          offer(child, field.args.filter(isRequired).length, { kind: 'field', parent: type, field });
      }
  }
  return new Map([...best].map(([name, entry]) => [name, entry.path]));
}

function less(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

function isRequired(arg: GraphQLArgument): boolean {
  return isNonNullType(arg.type) && arg.defaultValue === undefined;
}

function compositeOf(type: GraphQLField<unknown, unknown>['type']): GraphQLCompositeType | undefined {
  const named = getNamedType(type);
  return isCompositeType(named) ? named : undefined;
}

function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, sample(field.type)]),
    );
  if (isScalarType(type)) return SCALAR_SAMPLES[type.name] ?? '1';
  throw new Error(`no sample value for input type ${String(type)}`);
}
