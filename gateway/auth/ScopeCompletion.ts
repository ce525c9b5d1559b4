import {
  Kind,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { forbidden } from './authErrors';
import { fragmentApplies } from './compositeTypes';
import type { FilteredOperation } from './filterForbiddenFields';
import type { ScopedField } from './readScopedFields';

export interface ExecutionResultLike {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLError[];
}

/** A position that must be null because of an error, with a non-null type: its parent becomes null. */
const PROPAGATE = Symbol('null propagates to the parent');

/**
 * Builds the final result from the filtered execution's data by walking the ORIGINAL operation: every
 * response key in document order, forbidden fields null with an error at their concrete path, null
 * propagated to the nearest nullable parent, markers and added `__typename`s dropped. Which fields a
 * value has, and whether one is forbidden there, is decided by the value's run-time type (read from the
 * added `__typename` under an interface or union), as graphql-js decides it when executing.
 */
export class ScopeCompletion {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly requirements: ReadonlyMap<string, ScopedField>,
    private readonly denied: ReadonlySet<string>,
    private readonly filtered: FilteredOperation,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
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
    if (typeof value !== 'object') return value;
    const runtime = isObjectType(type)
      ? type
      : isAbstractType(type)
        ? this.schema.getType(String((value as Record<string, unknown>)[this.filtered.typenameKey]))
        : undefined;
    if (!isObjectType(runtime)) return value;
    const selectionSets = nodes.flatMap((node) =>
      node.selectionSet === undefined ? [] : [node.selectionSet],
    );
    return this.completeObject(runtime, selectionSets, value as Record<string, unknown>, path, errors);
  }

  /**
   * The response keys of these selection sets in document order, each with its field nodes (the spec's
   * CollectFields for a value of run-time type `type`). Whether a field was skipped is read from the
   * executed data: an allowed field by its own key, a forbidden one by its marker, so the request's
   * variables are not needed here.
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
          const marker = this.filtered.markers.get(selection);
          const present =
            Object.hasOwn(source, key) || (marker !== undefined && Object.hasOwn(source, marker));
          if (!present) continue;
          const list = fields.get(key);
          if (list === undefined) fields.set(key, [selection]);
          else list.push(selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (fragmentApplies(this.schema, selection.typeCondition?.name.value, type))
            collect(selection.selectionSet);
        } else {
          if (visited.has(selection.name.value)) continue;
          visited.add(selection.name.value);
          const fragment = this.fragments.get(selection.name.value);
          if (fragment !== undefined && fragmentApplies(this.schema, fragment.typeCondition.name.value, type))
            collect(fragment.selectionSet);
        }
      }
    };
    for (const selectionSet of selectionSets) collect(selectionSet);
    return fields;
  }
}
