import {
  GraphQLError,
  GraphQLObjectType,
  Kind,
  OperationTypeNode,
  isAbstractType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  visit,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { forbidden } from './authErrors';
import type { Principal } from './Principal';
import { readScopedFields, type ScopedField } from './readScopedFields';

export interface ExecutionResultLike {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLError[];
}

export type ScopeDecision =
  /** Nothing forbidden: execute the document unchanged. */
  | { readonly kind: 'allowed' }
  /** A mutation (or subscription) touching a forbidden field: execute nothing, answer these errors. */
  | { readonly kind: 'rejected'; readonly errors: GraphQLError[] }
  /**
   * A query with forbidden fields: execute `document` (the forbidden fields taken out) instead, then pass
   * the result through `complete`, which puts null and a FORBIDDEN error wherever they would have been.
   */
  | {
      readonly kind: 'filtered';
      readonly document: DocumentNode;
      complete(result: ExecutionResultLike): ExecutionResultLike;
    };

const ALLOWED: ScopeDecision = Object.freeze({ kind: 'allowed' });
/** A position that must be null because of an error, with a non-null type: its parent becomes null. */
const PROPAGATE = Symbol('null propagates to the parent');

interface OperationAnalysis {
  readonly operation: OperationDefinitionNode;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The scoped fields the operation can reach, each once. */
  readonly scoped: readonly ScopedField[];
  /** Filtered decisions by the set of forbidden coordinates (few per operation: one per scope set). */
  readonly filtered: Map<string, ScopeDecision>;
}

/**
 * Enforces the supergraph's @requiresScopes before execution (@apollo/gateway does not). A query keeps
 * its allowed fields: the forbidden ones are taken out of the executed document and come back null with
 * a FORBIDDEN error at each concrete path (null propagating per the spec when the field is non-null). A
 * mutation touching a forbidden field runs not at all: a write must never half-happen.
 *
 * The API schema has no interfaces or unions (checked here), so every selection set's type is known
 * statically and a fragment's type condition is either its parent's type or not applicable.
 */
export class ScopeEnforcer {
  readonly scopedFields: readonly ScopedField[];
  readonly knownScopes: readonly string[];
  private readonly requirements: ReadonlyMap<string, ScopedField>;
  private readonly analyses = new WeakMap<DocumentNode, Map<string, OperationAnalysis | null>>();

  constructor(
    supergraphSdl: string,
    private readonly apiSchema: GraphQLSchema,
  ) {
    const abstract = Object.values(apiSchema.getTypeMap()).filter(
      (type) => !isIntrospectionType(type) && isAbstractType(type),
    );
    if (abstract.length > 0)
      throw new Error(
        `ScopeEnforcer handles object types only; the API schema has interfaces or unions: ${abstract.map((t) => t.name).join(', ')}`,
      );
    const { scopedFields, knownScopes } = readScopedFields(supergraphSdl);
    this.scopedFields = scopedFields;
    this.knownScopes = knownScopes;
    this.requirements = new Map(scopedFields.map((field) => [field.coordinate, field]));
  }

  enforce(
    document: DocumentNode,
    operationName: string | null | undefined,
    principal: Principal,
  ): ScopeDecision {
    const analysis = this.analyze(document, operationName);
    // No such operation: execution reports that, and nothing runs.
    if (analysis === null) return ALLOWED;
    // The fast path (a token with the scopes, or an operation without scoped fields): a few set lookups.
    if (analysis.scoped.every((field) => isSatisfied(field.scopes, principal.scopes))) return ALLOWED;
    const denied = analysis.scoped.filter((field) => !isSatisfied(field.scopes, principal.scopes));
    if (analysis.operation.operation !== OperationTypeNode.QUERY)
      return {
        kind: 'rejected',
        errors: denied.map((field) => forbidden(field.coordinate, field.scopes)),
      };
    const key = denied.map((field) => field.coordinate).join(' ');
    let decision = analysis.filtered.get(key);
    if (decision === undefined) {
      decision = this.filter(analysis, new Set(denied.map((field) => field.coordinate)));
      analysis.filtered.set(key, decision);
    }
    return decision;
  }

  /** Which scoped fields the operation reaches; computed once per document and operation. */
  private analyze(
    document: DocumentNode,
    operationName: string | null | undefined,
  ): OperationAnalysis | null {
    let byName = this.analyses.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.analyses.set(document, byName);
    }
    const name = operationName ?? '';
    if (byName.has(name)) return byName.get(name) ?? null;
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const operation =
      operationName === null || operationName === undefined
        ? operations.length === 1
          ? operations[0]
          : undefined
        : operations.find((op) => op.name?.value === operationName);
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    const root = operation === undefined ? undefined : this.apiSchema.getRootType(operation.operation);
    let analysis: OperationAnalysis | null = null;
    if (operation !== undefined && root !== undefined && root !== null) {
      const scoped = new Map<string, ScopedField>();
      const seenFragments = new Set<string>();
      const walk = (selectionSet: SelectionSetNode, parent: GraphQLObjectType): void => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            const requirement = this.requirements.get(`${parent.name}.${selection.name.value}`);
            if (requirement !== undefined) scoped.set(requirement.coordinate, requirement);
            const child = this.childType(parent, selection);
            if (child !== undefined && selection.selectionSet !== undefined)
              walk(selection.selectionSet, child);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            walk(selection.selectionSet, this.conditionType(selection.typeCondition?.name.value) ?? parent);
          } else {
            const fragment = fragments.get(selection.name.value);
            if (fragment === undefined || seenFragments.has(fragment.name.value)) continue;
            seenFragments.add(fragment.name.value);
            walk(fragment.selectionSet, this.conditionType(fragment.typeCondition.name.value) ?? parent);
          }
        }
      };
      walk(operation.selectionSet, root);
      analysis = { operation, fragments, scoped: [...scoped.values()], filtered: new Map() };
    }
    byName.set(name, analysis);
    return analysis;
  }

  private filter(analysis: OperationAnalysis, denied: ReadonlySet<string>): ScopeDecision {
    const { operation, fragments } = analysis;
    const prefix = markerPrefix(operation, fragments);
    // Each forbidden field is replaced by `<marker>: __typename` with the field's own @skip/@include: the
    // marker's presence in the result says exactly where the field would have been (per list item, per
    // alias, per fragment, directives evaluated with the request's variables), and its selection set
    // never becomes empty.
    const markers = new Map<FieldNode, string>();
    const rewrite = (selectionSet: SelectionSetNode, parent: GraphQLObjectType): SelectionSetNode => ({
      ...selectionSet,
      selections: selectionSet.selections.map((selection): SelectionNode => {
        if (selection.kind === Kind.FIELD) {
          if (denied.has(`${parent.name}.${selection.name.value}`)) {
            const alias = `${prefix}${markers.size}`;
            markers.set(selection, alias);
            return {
              kind: Kind.FIELD,
              alias: { kind: Kind.NAME, value: alias },
              name: { kind: Kind.NAME, value: '__typename' },
              directives: selection.directives?.filter(isSkipOrInclude),
            };
          }
          const child = this.childType(parent, selection);
          return child === undefined || selection.selectionSet === undefined
            ? selection
            : { ...selection, selectionSet: rewrite(selection.selectionSet, child) };
        }
        if (selection.kind === Kind.INLINE_FRAGMENT)
          return {
            ...selection,
            selectionSet: rewrite(
              selection.selectionSet,
              this.conditionType(selection.typeCondition?.name.value) ?? parent,
            ),
          };
        return selection;
      }),
    });
    const root = this.apiSchema.getQueryType() as GraphQLObjectType;
    const filteredOperation: OperationDefinitionNode = {
      ...operation,
      selectionSet: rewrite(operation.selectionSet, root),
    };
    const filteredFragments = new Map<string, FragmentDefinitionNode>();
    const pending = spreadsIn(filteredOperation);
    while (pending.length > 0) {
      const name = pending.pop() as string;
      const fragment = fragments.get(name);
      if (fragment === undefined || filteredFragments.has(name)) continue;
      const rewritten: FragmentDefinitionNode = {
        ...fragment,
        selectionSet: rewrite(
          fragment.selectionSet,
          this.conditionType(fragment.typeCondition.name.value) ?? root,
        ),
      };
      filteredFragments.set(name, rewritten);
      pending.push(...spreadsIn(rewritten));
    }
    // A removed field may have been the only user of a variable or fragment; the document must stay
    // valid (NoUnusedVariables, NoUnusedFragments) for whatever validates or plans it next.
    const used = new Set<string>();
    for (const node of [
      filteredOperation.selectionSet,
      ...[...filteredFragments.values()].map((f) => f.selectionSet),
    ])
      visit(node, { Variable: (variable) => void used.add(variable.name.value) });
    const definitions: DefinitionNode[] = [
      {
        ...filteredOperation,
        variableDefinitions: filteredOperation.variableDefinitions?.filter((definition) =>
          used.has(definition.variable.name.value),
        ),
      },
      ...filteredFragments.values(),
    ];
    const completion = new Completion(this.requirements, denied, markers, fragments, this.apiSchema);
    return {
      kind: 'filtered',
      document: { kind: Kind.DOCUMENT, definitions },
      complete: (result) => completion.complete(operation, root, result),
    };
  }

  private childType(parent: GraphQLObjectType, field: FieldNode): GraphQLObjectType | undefined {
    const type = parent.getFields()[field.name.value]?.type;
    return type === undefined ? undefined : objectTypeOf(type);
  }

  private conditionType(name: string | undefined): GraphQLObjectType | undefined {
    if (name === undefined) return undefined;
    const type = this.apiSchema.getType(name);
    return isObjectType(type) ? type : undefined;
  }
}

/**
 * Builds the final result from the filtered execution's data by walking the ORIGINAL operation: every
 * response key in document order, forbidden fields null with an error at their concrete path, null
 * propagated to the nearest nullable parent, marker fields dropped.
 */
class Completion {
  constructor(
    private readonly requirements: ReadonlyMap<string, ScopedField>,
    private readonly denied: ReadonlySet<string>,
    private readonly markers: ReadonlyMap<FieldNode, string>,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly schema: GraphQLSchema,
  ) {}

  complete(
    operation: OperationDefinitionNode,
    root: GraphQLObjectType,
    result: ExecutionResultLike,
  ): ExecutionResultLike {
    // No data: the request failed before any field ran; nothing would have been returned anyway.
    if (result.data === null || result.data === undefined) return result;
    const errors: GraphQLError[] = [];
    const data = this.completeObject(root, [operation.selectionSet], result.data, [], errors);
    return {
      ...result,
      data: data === PROPAGATE ? null : data,
      errors: [...(result.errors ?? []), ...errors],
    };
  }

  private completeObject(
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    source: Record<string, unknown>,
    path: readonly (string | number)[],
    errors: GraphQLError[],
  ): Record<string, unknown> | typeof PROPAGATE {
    // Like graphql-js's (synchronous) completion: the first null that must propagate ends this object, so
    // fields after it, and their errors, are not produced (only one error per nulled position).
    const out: Record<string, unknown> = {};
    for (const [key, nodes] of this.collectFields(type, selectionSets, source)) {
      const first = nodes[0] as FieldNode;
      const name = first.name.value;
      const coordinate = `${type.name}.${name}`;
      const definition = type.getFields()[name];
      if (this.denied.has(coordinate) && definition !== undefined) {
        const requirement = this.requirements.get(coordinate) as ScopedField;
        errors.push(forbidden(coordinate, requirement.scopes, [...path, key]));
        if (isNonNullType(definition.type)) return PROPAGATE;
        out[key] = null;
        continue;
      }
      // __typename, and __schema/__type at the root: served as they came.
      if (definition === undefined) {
        out[key] = source[key];
        continue;
      }
      const value = this.completeValue(definition.type, nodes, source[key], [...path, key], errors);
      if (value === PROPAGATE) return PROPAGATE;
      out[key] = value;
    }
    return out;
  }

  private completeValue(
    type: GraphQLOutputType,
    nodes: readonly FieldNode[],
    value: unknown,
    path: readonly (string | number)[],
    errors: GraphQLError[],
  ): unknown {
    if (isNonNullType(type)) return this.completeNullable(type.ofType, nodes, value, path, errors);
    const completed = this.completeNullable(type, nodes, value, path, errors);
    return completed === PROPAGATE ? null : completed;
  }

  private completeNullable(
    type: GraphQLOutputType,
    nodes: readonly FieldNode[],
    value: unknown,
    path: readonly (string | number)[],
    errors: GraphQLError[],
  ): unknown {
    // A null the executed result already carries (its own error is in its errors) stays as it is.
    if (value === null || value === undefined) return null;
    if (isListType(type)) {
      if (!Array.isArray(value)) return value;
      const items: unknown[] = [];
      for (const [index, item] of value.entries()) {
        const completed = this.completeValue(type.ofType, nodes, item, [...path, index], errors);
        if (completed === PROPAGATE) return PROPAGATE;
        items.push(completed);
      }
      return items;
    }
    if (isObjectType(type) && typeof value === 'object') {
      const selectionSets = nodes.flatMap((node) =>
        node.selectionSet === undefined ? [] : [node.selectionSet],
      );
      return this.completeObject(type, selectionSets, value as Record<string, unknown>, path, errors);
    }
    return value;
  }

  /**
   * The response keys of these selection sets in document order, each with its field nodes (the spec's
   * CollectFields). Whether a field was skipped is read from the executed data: an allowed field by its
   * own key, a forbidden one by its marker, so the request's variables are not needed here.
   */
  private collectFields(
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    source: Record<string, unknown>,
  ): Map<string, FieldNode[]> {
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const collect = (selectionSet: SelectionSetNode): void => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const marker = this.markers.get(selection);
          const present = Object.hasOwn(source, marker ?? key);
          if (!present) continue;
          const list = fields.get(key);
          if (list === undefined) fields.set(key, [selection]);
          else list.push(selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.applies(selection.typeCondition?.name.value, type)) collect(selection.selectionSet);
        } else {
          if (visited.has(selection.name.value)) continue;
          visited.add(selection.name.value);
          const fragment = this.fragments.get(selection.name.value);
          if (fragment !== undefined && this.applies(fragment.typeCondition.name.value, type))
            collect(fragment.selectionSet);
        }
      }
    };
    for (const selectionSet of selectionSets) collect(selectionSet);
    return fields;
  }

  private applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    return condition === undefined || this.schema.getType(condition) === type;
  }
}

function isSatisfied(scopes: readonly (readonly string[])[], granted: ReadonlySet<string>): boolean {
  return scopes.some((all) => all.every((scope) => granted.has(scope)));
}

function isSkipOrInclude(directive: DirectiveNode): boolean {
  return directive.name.value === 'skip' || directive.name.value === 'include';
}

function objectTypeOf(type: GraphQLOutputType): GraphQLObjectType | undefined {
  if (isNonNullType(type) || isListType(type)) return objectTypeOf(type.ofType);
  return isObjectType(type) ? type : undefined;
}

function spreadsIn(node: OperationDefinitionNode | FragmentDefinitionNode): string[] {
  const names: string[] = [];
  visit(node.selectionSet, { FragmentSpread: (spread) => void names.push(spread.name.value) });
  return names;
}

/** An alias prefix no response key of the operation starts with, so markers never collide with fields. */
function markerPrefix(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): string {
  const keys: string[] = [];
  for (const node of [operation.selectionSet, ...[...fragments.values()].map((f) => f.selectionSet)])
    visit(node, { Field: (field) => void keys.push(field.alias?.value ?? field.name.value) });
  let prefix = 'housingForbidden_';
  while (keys.some((key) => key.startsWith(prefix))) prefix = `_${prefix}`;
  return prefix;
}
