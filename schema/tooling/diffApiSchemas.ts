import {
  findBreakingChanges,
  findDangerousChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  isScalarType,
  print,
  astFromValue,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

export type Severity = 'breaking' | 'dangerous' | 'safe';

/** One difference between two API schemas, located by schema coordinate. */
export interface SchemaChange {
  /** Stable identity used by the allow-list: "<type> <coordinate>", e.g. "FIELD_REMOVED Property.uprn". */
  readonly id: string;
  readonly type: string;
  readonly severity: Severity;
  readonly coordinate: string;
  readonly description: string;
  /** Coordinates whose use by an operation makes the operation affected by this change. */
  readonly affects: readonly string[];
}

/**
 * Every change from `base` to `next`, classified for clients. graphql-js's findBreakingChanges and
 * findDangerousChanges give the rules for what they cover; this walks the schemas itself to get schema
 * coordinates (which operations use, and the allow-list names) and to report what they leave out: safe
 * additions, nullable -> non-null outputs (safe), deprecations. Any finding of graphql-js that this walk did
 * not produce is appended as it stands, so a gap here can never hide a breaking change.
 */
export function diffApiSchemas(base: GraphQLSchema, next: GraphQLSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const add = (
    type: string,
    severity: Severity,
    coordinate: string,
    description: string,
    affects = [coordinate],
  ) => changes.push({ id: `${type} ${coordinate}`, type, severity, coordinate, description, affects });

  const baseTypes = userTypes(base);
  const nextTypes = userTypes(next);
  for (const [name, old] of baseTypes) {
    const now = nextTypes.get(name);
    if (now === undefined) add('TYPE_REMOVED', 'breaking', name, `type ${name} was removed`);
    else if (kindOf(old) !== kindOf(now))
      add('TYPE_KIND_CHANGED', 'breaking', name, `${name} changed from ${kindOf(old)} to ${kindOf(now)}`);
    else diffType(old, now, add);
  }
  for (const name of nextTypes.keys())
    if (!baseTypes.has(name)) add('TYPE_ADDED', 'safe', name, `type ${name} was added`);

  diffDirectives(base, next, add);
  return [...changes, ...unmatchedGraphqlJsFindings(base, next, changes)].sort((a, b) =>
    a.coordinate === b.coordinate ? (a.type < b.type ? -1 : 1) : a.coordinate < b.coordinate ? -1 : 1,
  );
}

type Add = (
  type: string,
  severity: Severity,
  coordinate: string,
  description: string,
  affects?: string[],
) => void;

function userTypes(schema: GraphQLSchema): Map<string, GraphQLNamedType> {
  return new Map(Object.entries(schema.getTypeMap()).filter(([name]) => !name.startsWith('__')));
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'an object type';
  if (isInterfaceType(type)) return 'an interface';
  if (isUnionType(type)) return 'a union';
  if (isEnumType(type)) return 'an enum';
  if (isInputObjectType(type)) return 'an input type';
  return 'a scalar';
}

function diffType(old: GraphQLNamedType, now: GraphQLNamedType, add: Add): void {
  const name = old.name;
  if ((isObjectType(old) || isInterfaceType(old)) && (isObjectType(now) || isInterfaceType(now))) {
    const nowFields = now.getFields();
    for (const field of Object.values(old.getFields())) {
      const coordinate = `${name}.${field.name}`;
      const next = nowFields[field.name];
      if (next === undefined) add('FIELD_REMOVED', 'breaking', coordinate, `field ${coordinate} was removed`);
      else diffField(coordinate, field, next, add);
    }
    for (const field of Object.keys(nowFields))
      if (old.getFields()[field] === undefined)
        add('FIELD_ADDED', 'safe', `${name}.${field}`, `field ${name}.${field} was added`);
    const oldIfaces = old.getInterfaces().map((i) => i.name);
    const nowIfaces = now.getInterfaces().map((i) => i.name);
    for (const i of oldIfaces)
      if (!nowIfaces.includes(i))
        add('INTERFACE_REMOVED', 'breaking', name, `${name} no longer implements ${i}`, [name, i]);
    for (const i of nowIfaces)
      if (!oldIfaces.includes(i))
        add(
          'INTERFACE_ADDED',
          'dangerous',
          name,
          `${name} now implements ${i}: clients switching on __typename may meet it`,
          [i],
        );
  } else if (isUnionType(old) && isUnionType(now)) {
    const before = old.getTypes().map((t) => t.name);
    const after = now.getTypes().map((t) => t.name);
    for (const m of before)
      if (!after.includes(m))
        add('UNION_MEMBER_REMOVED', 'breaking', name, `${m} was removed from union ${name}`);
    for (const m of after)
      if (!before.includes(m))
        add(
          'UNION_MEMBER_ADDED',
          'dangerous',
          name,
          `${m} was added to union ${name}: clients may receive a type they do not expect`,
        );
  } else if (isEnumType(old) && isEnumType(now)) {
    for (const value of old.getValues()) {
      const coordinate = `${name}.${value.name}`;
      const next = now.getValue(value.name);
      if (next === undefined || next === null)
        add('ENUM_VALUE_REMOVED', 'breaking', coordinate, `enum value ${coordinate} was removed`);
      else diffDeprecation(coordinate, value.deprecationReason, next.deprecationReason, add);
    }
    for (const value of now.getValues())
      if (!old.getValue(value.name))
        add(
          'ENUM_VALUE_ADDED',
          'dangerous',
          `${name}.${value.name}`,
          `enum value ${name}.${value.name} was added: clients that read ${name} may receive a value they do not handle`,
          [name],
        );
  } else if (isInputObjectType(old) && isInputObjectType(now)) {
    const nowFields = now.getFields();
    for (const field of Object.values(old.getFields())) {
      const coordinate = `${name}.${field.name}`;
      const next = nowFields[field.name];
      if (next === undefined)
        add('INPUT_FIELD_REMOVED', 'breaking', coordinate, `input field ${coordinate} was removed`);
      else diffInputValue('INPUT_FIELD', coordinate, field, next, add);
    }
    for (const field of Object.values(nowFields))
      if (old.getFields()[field.name] === undefined) {
        const coordinate = `${name}.${field.name}`;
        if (isRequired(field))
          add(
            'REQUIRED_INPUT_FIELD_ADDED',
            'breaking',
            coordinate,
            `required input field ${coordinate} was added`,
            [name],
          );
        else
          add(
            'OPTIONAL_INPUT_FIELD_ADDED',
            'dangerous',
            coordinate,
            `optional input field ${coordinate} was added`,
            [name],
          );
      }
  } else if (isScalarType(old) && isScalarType(now) && old.specifiedByURL !== now.specifiedByURL) {
    add(
      'SCALAR_SPECIFIED_BY_CHANGED',
      'dangerous',
      name,
      `@specifiedBy of ${name} changed from ${old.specifiedByURL ?? 'none'} to ${now.specifiedByURL ?? 'none'}`,
    );
  }
}

function diffField(
  coordinate: string,
  old: GraphQLField<unknown, unknown>,
  now: GraphQLField<unknown, unknown>,
  add: Add,
): void {
  if (String(old.type) !== String(now.type)) {
    const safe = isSafeOutputChange(old.type, now.type);
    add(
      'FIELD_TYPE_CHANGED',
      safe ? 'safe' : 'breaking',
      coordinate,
      `field ${coordinate} changed type from ${old.type} to ${now.type}${safe ? ' (clients still get what they expect)' : ''}`,
    );
  }
  diffDeprecation(coordinate, old.deprecationReason, now.deprecationReason, add);
  diffArguments(coordinate, old.args, now.args, add);
}

function diffArguments(
  owner: string,
  old: readonly GraphQLArgument[],
  now: readonly GraphQLArgument[],
  add: Add,
): void {
  for (const arg of old) {
    const coordinate = `${owner}(${arg.name}:)`;
    const next = now.find((a) => a.name === arg.name);
    if (next === undefined) add('ARG_REMOVED', 'breaking', coordinate, `argument ${coordinate} was removed`);
    else diffInputValue('ARG', coordinate, arg, next, add, owner);
  }
  for (const arg of now)
    if (!old.some((a) => a.name === arg.name)) {
      const coordinate = `${owner}(${arg.name}:)`;
      if (isRequired(arg))
        add('REQUIRED_ARG_ADDED', 'breaking', coordinate, `required argument ${coordinate} was added`, [
          owner,
        ]);
      else
        add('OPTIONAL_ARG_ADDED', 'dangerous', coordinate, `optional argument ${coordinate} was added`, [
          owner,
        ]);
    }
}

function diffInputValue(
  kind: 'ARG' | 'INPUT_FIELD',
  coordinate: string,
  old: GraphQLArgument | GraphQLInputField,
  now: GraphQLArgument | GraphQLInputField,
  add: Add,
  owner?: string,
): void {
  const what = kind === 'ARG' ? 'argument' : 'input field';
  if (String(old.type) !== String(now.type)) {
    const safe = isSafeInputChange(old.type, now.type);
    // Newly required: operations that never pass it are affected too (they use the field or input type).
    const newlyRequired = !isRequired(old) && isRequired(now);
    const container = owner ?? coordinate.slice(0, coordinate.lastIndexOf('.'));
    add(
      `${kind}_TYPE_CHANGED`,
      safe ? 'safe' : 'breaking',
      coordinate,
      `${what} ${coordinate} changed type from ${old.type} to ${now.type}${safe ? ' (every value clients send is still accepted)' : newlyRequired ? ' (now required)' : ''}`,
      newlyRequired ? [coordinate, container] : [coordinate],
    );
  }
  const before = defaultOf(old);
  const after = defaultOf(now);
  if (before !== after)
    add(
      `${kind}_DEFAULT_CHANGED`,
      'dangerous',
      coordinate,
      `default of ${what} ${coordinate} changed from ${before ?? 'none'} to ${after ?? 'none'}`,
      owner === undefined ? [coordinate] : [owner],
    );
  diffDeprecation(coordinate, old.deprecationReason, now.deprecationReason, add);
}

function diffDeprecation(
  coordinate: string,
  before: string | null | undefined,
  after: string | null | undefined,
  add: Add,
): void {
  if ((before ?? null) === (after ?? null)) return;
  if (after !== null && after !== undefined)
    add(
      'DEPRECATION_ADDED',
      'safe',
      coordinate,
      `${coordinate} is now @deprecated(reason: ${JSON.stringify(after)}): operations using it should move off it`,
    );
  else add('DEPRECATION_REMOVED', 'safe', coordinate, `${coordinate} is no longer deprecated`);
}

function diffDirectives(base: GraphQLSchema, next: GraphQLSchema, add: Add): void {
  for (const old of base.getDirectives()) {
    const coordinate = `@${old.name}`;
    const now = next.getDirective(old.name);
    if (now === undefined || now === null) {
      add('DIRECTIVE_REMOVED', 'breaking', coordinate, `directive ${coordinate} was removed`);
      continue;
    }
    if (old.isRepeatable && !now.isRepeatable)
      add(
        'DIRECTIVE_REPEATABLE_REMOVED',
        'breaking',
        coordinate,
        `directive ${coordinate} is no longer repeatable`,
      );
    for (const location of old.locations)
      if (!now.locations.includes(location))
        add(
          'DIRECTIVE_LOCATION_REMOVED',
          'breaking',
          coordinate,
          `directive ${coordinate} can no longer be used on ${location}`,
        );
    for (const location of now.locations)
      if (!old.locations.includes(location))
        add(
          'DIRECTIVE_LOCATION_ADDED',
          'safe',
          coordinate,
          `directive ${coordinate} can now be used on ${location}`,
        );
    diffArguments(coordinate, old.args, now.args, add);
  }
  for (const now of next.getDirectives())
    if (!base.getDirective(now.name))
      add('DIRECTIVE_ADDED', 'safe', `@${now.name}`, `directive @${now.name} was added`);
}

/** Output positions: the new type may promise more (non-null where it was nullable), never less. */
function isSafeOutputChange(old: GraphQLType, now: GraphQLType): boolean {
  if (isNonNullType(old)) return isNonNullType(now) && isSafeOutputChange(old.ofType, now.ofType);
  if (isNonNullType(now)) return isSafeOutputChange(old, now.ofType);
  if (isListType(old)) return isListType(now) && isSafeOutputChange(old.ofType, now.ofType);
  return !isListType(now) && String(old) === String(now);
}

/** Input positions: the new type may accept more (nullable where it was required), never less. */
function isSafeInputChange(old: GraphQLType, now: GraphQLType): boolean {
  if (isNonNullType(now)) return isNonNullType(old) && isSafeInputChange(old.ofType, now.ofType);
  if (isNonNullType(old)) return isSafeInputChange(old.ofType, now);
  if (isListType(old)) return isListType(now) && isSafeInputChange(old.ofType, now.ofType);
  return !isListType(now) && String(old) === String(now);
}

function isRequired(value: GraphQLArgument | GraphQLInputField): boolean {
  return isNonNullType(value.type) && value.defaultValue === undefined;
}

function defaultOf(value: GraphQLArgument | GraphQLInputField): string | undefined {
  if (value.defaultValue === undefined) return undefined;
  const ast = astFromValue(value.defaultValue, value.type);
  return ast === null || ast === undefined ? JSON.stringify(value.defaultValue) : print(ast);
}

// graphql-js BreakingChangeType / DangerousChangeType -> the types this walk reports for the same thing.
const GRAPHQL_JS_EQUIVALENTS: Record<string, readonly string[]> = {
  TYPE_REMOVED: ['TYPE_REMOVED'],
  TYPE_CHANGED_KIND: ['TYPE_KIND_CHANGED'],
  TYPE_REMOVED_FROM_UNION: ['UNION_MEMBER_REMOVED'],
  VALUE_REMOVED_FROM_ENUM: ['ENUM_VALUE_REMOVED'],
  REQUIRED_INPUT_FIELD_ADDED: ['REQUIRED_INPUT_FIELD_ADDED'],
  IMPLEMENTED_INTERFACE_REMOVED: ['INTERFACE_REMOVED'],
  FIELD_REMOVED: ['FIELD_REMOVED', 'INPUT_FIELD_REMOVED'],
  FIELD_CHANGED_KIND: ['FIELD_TYPE_CHANGED', 'INPUT_FIELD_TYPE_CHANGED'],
  REQUIRED_ARG_ADDED: ['REQUIRED_ARG_ADDED'],
  ARG_REMOVED: ['ARG_REMOVED'],
  ARG_CHANGED_KIND: ['ARG_TYPE_CHANGED'],
  DIRECTIVE_REMOVED: ['DIRECTIVE_REMOVED'],
  DIRECTIVE_ARG_REMOVED: ['ARG_REMOVED'],
  REQUIRED_DIRECTIVE_ARG_ADDED: ['REQUIRED_ARG_ADDED'],
  DIRECTIVE_REPEATABLE_REMOVED: ['DIRECTIVE_REPEATABLE_REMOVED'],
  DIRECTIVE_LOCATION_REMOVED: ['DIRECTIVE_LOCATION_REMOVED'],
  VALUE_ADDED_TO_ENUM: ['ENUM_VALUE_ADDED'],
  INTERFACE_ADDED_TO_OBJECT: ['INTERFACE_ADDED'],
  TYPE_ADDED_TO_UNION: ['UNION_MEMBER_ADDED'],
  OPTIONAL_INPUT_FIELD_ADDED: ['OPTIONAL_INPUT_FIELD_ADDED'],
  OPTIONAL_ARG_ADDED: ['OPTIONAL_ARG_ADDED'],
  ARG_DEFAULT_VALUE_CHANGE: ['ARG_DEFAULT_CHANGED'],
};

function unmatchedGraphqlJsFindings(
  base: GraphQLSchema,
  next: GraphQLSchema,
  ours: readonly SchemaChange[],
): SchemaChange[] {
  const extra: SchemaChange[] = [];
  const findings = [
    ...findBreakingChanges(base, next).map((c) => ({ ...c, severity: 'breaking' as const })),
    ...findDangerousChanges(base, next).map((c) => ({ ...c, severity: 'dangerous' as const })),
  ];
  const budget = new Map<string, number>();
  for (const finding of findings) {
    const equivalents = GRAPHQL_JS_EQUIVALENTS[finding.type] ?? [];
    const available = ours.filter(
      (c) => equivalents.includes(c.type) && c.severity === finding.severity,
    ).length;
    const used = budget.get(finding.type) ?? 0;
    if (used < available) budget.set(finding.type, used + 1);
    else
      extra.push({
        id: `${finding.type} ${finding.description}`,
        type: finding.type,
        severity: finding.severity,
        coordinate: '(unlocated)',
        description: `${finding.description} (reported by graphql-js; its operations could not be located, so treated as used)`,
        affects: ['*'],
      });
  }
  return extra;
}
