import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  TypeInfo,
  buildSchema,
  execute,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  visit,
  visitWithTypeInfo,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
} from 'graphql';
import { ScopeEnforcer } from './ScopeEnforcer';
import { queriesReachingScopedFields } from './queriesReachingScopedFields';
import { forbidden } from './authErrors';
import type { Principal } from './Principal';

// Issue 5: "A test walks every scoped field of the supergraph and shows it is never returned without its
// scope." Every field the supergraph marks @requiresScopes gets an operation reaching it from a root field;
// without the scope the field is taken out of what is executed and comes back null with FORBIDDEN at its
// path (exactly what graphql-js gives when the field itself throws FORBIDDEN); with it, nothing changes.
const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, 'schema', file), 'utf8');
const apiSchema = buildSchema(read('api.graphql'));
const enforcer = new ScopeEnforcer(read('supergraph.graphql'), apiSchema);
const reaching = queriesReachingScopedFields(apiSchema, enforcer.scopedFields);

/** Coordinates a subgraph SDL marks @requiresScopes. */
function scopedInSubgraph(file: string): string[] {
  const coordinates: string[] = [];
  for (const definition of parse(read(file)).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue;
    for (const field of definition.fields ?? [])
      if (field.directives?.some((d) => d.name.value === 'requiresScopes'))
        coordinates.push(`${definition.name.value}.${field.name.value}`);
  }
  return coordinates;
}

function withScopes(scopes: Iterable<string>): Principal {
  return { subject: 'walker', scopes: new Set(scopes), authenticated: true };
}

/** Every field coordinate a document selects (fragments included). */
function coordinatesIn(document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(apiSchema);
  const found: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: (node) => void found.push(`${typeInfo.getParentType()?.name ?? '?'}.${node.name.value}`),
    }),
  );
  return found;
}

/** Fabricated data: two items per list, a sample per scalar, so every path is concrete and non-trivial. */
function fabricate(type: GraphQLOutputType): unknown {
  if (isNonNullType(type)) return fabricate(type.ofType);
  if (isListType(type)) return [fabricate(type.ofType), fabricate(type.ofType)];
  const named = getNamedType(type);
  if (isObjectType(named)) return {};
  if ('getValues' in named) return named.getValues()[0]?.value;
  return named.name === 'Int' || named.name === 'Float' ? 1 : named.name === 'Boolean' ? true : 'x';
}
const fabricated: GraphQLFieldResolver<unknown, unknown> = (_source, _args, _context, info) =>
  fabricate(info.returnType);

/** Every value the response holds under this key, at any depth. */
function valuesUnder(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesUnder(item, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesUnder(v, key)]);
}

const simplify = (
  result:
    | ExecutionResult
    | {
        data?: unknown;
        errors?: readonly { message: string; path?: unknown; extensions?: Record<string, unknown> }[];
      },
) => ({
  data: result.data,
  errors: (result.errors ?? []).map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })),
});

describe('every scoped field of the supergraph', () => {
  it('is known to the enforcer: the list is not empty and has every field the subgraph SDLs mark', () => {
    expect(enforcer.scopedFields.length).toBeGreaterThan(0);
    const coordinates = enforcer.scopedFields.map((field) => field.coordinate);
    const inSubgraphs = [...scopedInSubgraph('legacy.graphql'), ...scopedInSubgraph('cloud.graphql')];
    expect(inSubgraphs.length).toBeGreaterThan(10);
    for (const coordinate of inSubgraphs) expect(coordinates).toContain(coordinate);
    // Every one of them is reachable by some operation (none is left untested).
    expect(reaching.map((entry) => entry.coordinate).sort()).toEqual([...coordinates].sort());
  });

  it('are listed in the README under their scopes', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Authentication and scopes'));
    for (const { coordinate, scopes } of enforcer.scopedFields) {
      const [, field] = coordinate.split('.') as [string, string];
      for (const scope of scopes.flat()) {
        // A scope's fields may take several rows (the README keeps to 120 columns).
        const row = [...section.matchAll(new RegExp(`^\\| \`${scope}\` +\\|(.*)\\|$`, 'gm'))]
          .map((match) => match[1])
          .join(' ');
        expect([coordinate, scope, row]).toEqual([
          coordinate,
          scope,
          expect.stringMatching(new RegExp(`[\`.]${field}\``)),
        ]);
      }
    }
  });

  it.each(reaching.map((entry) => [entry.coordinate, entry] as const))(
    '%s is never returned without its scope, and is with it',
    (coordinate, entry) => {
      const document = parse(entry.query);
      expect(coordinatesIn(document)).toContain(coordinate);
      const needed = new Set(entry.scopes.flat());
      const lacking = withScopes(enforcer.knownScopes.filter((scope) => !needed.has(scope)));
      const decision = enforcer.enforce(document, undefined, lacking);

      if (entry.operationType === 'mutation') {
        expect(decision.kind).toBe('rejected');
        expect(
          decision.kind === 'rejected' && decision.errors.map((e) => [e.message, e.extensions.code]),
        ).toEqual([[expect.stringContaining(`Forbidden: ${coordinate} needs scope`), 'FORBIDDEN']]);
      } else {
        if (decision.kind !== 'filtered')
          throw new Error(`${coordinate}: expected filtered, got ${decision.kind}`);
        expect(coordinatesIn(decision.document)).not.toContain(coordinate);
        const executed = execute({
          schema: apiSchema,
          document: decision.document,
          variableValues: entry.variables,
          fieldResolver: fabricated,
        }) as ExecutionResult;
        expect(executed.errors).toBeUndefined();
        const completed = decision.complete({ data: executed.data });
        // The reference: graphql-js executing the original operation with the field itself forbidden.
        const reference = execute({
          schema: apiSchema,
          document,
          variableValues: entry.variables,
          fieldResolver: (source, args, context, info) => {
            const here = `${info.parentType.name}.${info.fieldName}`;
            if (here === coordinate) throw forbidden(here, entry.scopes);
            return fabricated(source, args, context, info);
          },
        }) as ExecutionResult;
        expect(simplify(completed)).toEqual(simplify(reference));
        const errors = simplify(completed).errors;
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) {
          expect(error.code).toBe('FORBIDDEN');
          expect(error.message).toMatch(
            new RegExp(`^Forbidden: ${coordinate.replace('.', '\\.')} needs scope`),
          );
          expect((error.path as unknown[]).at(-1)).toBe(coordinate.split('.')[1]);
        }
        // Never a value: only nulls under the field's key (and the data itself present or nulled by the spec).
        expect(valuesUnder(completed.data, coordinate.split('.')[1] as string).every((v) => v === null)).toBe(
          true,
        );
        // With the scope, the same fabricated data does carry values there: the check above can fail.
        const allowed = execute({
          schema: apiSchema,
          document,
          variableValues: entry.variables,
          fieldResolver: fabricated,
        }) as ExecutionResult;
        expect(valuesUnder(allowed.data, coordinate.split('.')[1] as string).some((v) => v !== null)).toBe(
          true,
        );
      }

      expect(enforcer.enforce(document, undefined, withScopes(enforcer.knownScopes))).toEqual({
        kind: 'allowed',
      });
      expect(enforcer.enforce(document, undefined, withScopes(needed))).toEqual({ kind: 'allowed' });
    },
  );
});
