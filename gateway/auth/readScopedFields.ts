import {
  Kind,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
} from 'graphql';

/** A field the supergraph marks @requiresScopes: allowed when the token has every scope of any one list. */
export interface ScopedField {
  /** "Type.field", e.g. "Person.dateOfBirth". */
  readonly coordinate: string;
  /** OR of ANDs: [["a", "b"], ["c"]] means (a and b) or c. */
  readonly scopes: readonly (readonly string[])[];
}

const REQUIRES_SCOPES_SPEC = 'https://specs.apollo.dev/requiresScopes/v0.1';

/**
 * Every field the supergraph marks @requiresScopes, with its scopes. The directive's name comes from the
 * supergraph's `@link(url: ".../requiresScopes/v0.1", as: ...)` (default `requiresScopes`). A directive on a
 * type (OBJECT, INTERFACE, SCALAR, ENUM) applies to every field returning that type, together with the
 * field's own. Composition already gives an interface the AND of its implementations' type scopes; a union
 * cannot carry the directive, so a union is given the same here: a field returning it needs every scope
 * its members' types need (whichever member comes back, the token could see it).
 */
export function readScopedFields(supergraphSdl: string | DocumentNode): {
  scopedFields: readonly ScopedField[];
  knownScopes: readonly string[];
} {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const directiveName = requiresScopesName(document);
  const typeScopes = new Map<string, string[][]>();
  const fields: { coordinate: string; field: FieldDefinitionNode; own: string[][] | undefined }[] = [];
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      definition.kind === Kind.INTERFACE_TYPE_EXTENSION ||
      definition.kind === Kind.SCALAR_TYPE_DEFINITION ||
      definition.kind === Kind.ENUM_TYPE_DEFINITION
    ) {
      const onType = scopesOf(definition.directives, directiveName, definition.name.value);
      if (onType !== undefined) typeScopes.set(definition.name.value, onType);
    }
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      definition.kind === Kind.INTERFACE_TYPE_EXTENSION
    ) {
      for (const field of definition.fields ?? []) {
        const coordinate = `${definition.name.value}.${field.name.value}`;
        fields.push({ coordinate, field, own: scopesOf(field.directives, directiveName, coordinate) });
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.UNION_TYPE_DEFINITION) continue;
    const members = (definition.types ?? [])
      .map((member) => typeScopes.get(member.name.value))
      .filter((scopes): scopes is string[][] => scopes !== undefined);
    if (members.length > 0) typeScopes.set(definition.name.value, members.reduce(both));
  }
  const scopedFields: ScopedField[] = [];
  for (const { coordinate, field, own } of fields) {
    const onReturnType = typeScopes.get(namedType(field.type));
    const scopes =
      own === undefined ? onReturnType : onReturnType === undefined ? own : both(own, onReturnType);
    if (scopes !== undefined) scopedFields.push(Object.freeze({ coordinate, scopes }));
  }
  const knownScopes = [...new Set(scopedFields.flatMap((f) => f.scopes.flat()))].sort();
  return { scopedFields: Object.freeze(scopedFields), knownScopes: Object.freeze(knownScopes) };
}

function requiresScopesName(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const args = Object.fromEntries(
        (directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]),
      ) as { url?: unknown; as?: unknown };
      if (args.url === REQUIRES_SCOPES_SPEC) return typeof args.as === 'string' ? args.as : 'requiresScopes';
    }
  }
  return 'requiresScopes';
}

function scopesOf(
  directives: readonly ConstDirectiveNode[] | undefined,
  directiveName: string,
  where: string,
): string[][] | undefined {
  const directive = directives?.find((d) => d.name.value === directiveName);
  if (directive === undefined) return undefined;
  const value: unknown = valueFromASTUntyped(
    directive.arguments?.find((arg) => arg.name.value === 'scopes')?.value ?? { kind: Kind.NULL },
  );
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((all) => Array.isArray(all) && all.every((scope) => typeof scope === 'string'))
  )
    // An empty OR can never be satisfied: a field nobody may read is a schema mistake, not a policy.
    throw new Error(
      `@${directiveName} on ${where}: expected scopes as a non-empty list of lists of scope names, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** (A1 or A2) and (B1 or B2) = A1B1 or A1B2 or A2B1 or A2B2. */
function both(a: readonly string[][], b: readonly string[][]): string[][] {
  return a.flatMap((left) => b.map((right) => [...new Set([...left, ...right])]));
}

function namedType(type: FieldDefinitionNode['type']): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
