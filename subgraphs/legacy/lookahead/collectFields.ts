import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** What a resolver will be asked for under one response key: the field, its arguments, its sub-selections. */
export interface CollectedField {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly selections: readonly SelectionSetNode[];
}

export interface SelectionScope {
  readonly schema: GraphQLSchema;
  readonly fragments: Record<string, FragmentDefinitionNode>;
  readonly variableValues: Record<string, unknown>;
}

/**
 * The fields selected on an object type, as graphql-js's executor collects them (CollectFields in the spec):
 * fragments and inline fragments whose type condition is the type (or none), @skip/@include honoured, fields
 * of the same response key merged. Arguments are coerced with the operation's variables; a field whose
 * arguments do not coerce is left out (its resolver reports the error, and plans nothing).
 */
export function collectFields(
  scope: SelectionScope,
  typeName: string,
  selectionSets: readonly SelectionSetNode[],
): CollectedField[] {
  const type = scope.schema.getType(typeName);
  if (!isObjectType(type)) return [];
  const byKey = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (!included(scope, selection)) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const key = selection.alias?.value ?? selection.name.value;
          byKey.set(key, [...(byKey.get(key) ?? []), selection]);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          if (selection.typeCondition === undefined || selection.typeCondition.name.value === typeName)
            visit(selection.selectionSet);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = scope.fragments[name];
          if (visited.has(name) || fragment === undefined) break;
          visited.add(name);
          if (fragment.typeCondition.name.value === typeName) visit(fragment.selectionSet);
          break;
        }
      }
    }
  };
  for (const set of selectionSets) visit(set);
  const fields: CollectedField[] = [];
  for (const nodes of byKey.values()) {
    const first = nodes[0] as FieldNode;
    const definition = type.getFields()[first.name.value];
    if (definition === undefined) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, first, scope.variableValues);
    } catch {
      continue;
    }
    fields.push({
      name: first.name.value,
      args,
      selections: nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
    });
  }
  return fields;
}

/** The selections under a connection's nodes and edges { node }: the records of the page. */
export function connectionNodes(
  scope: SelectionScope,
  connectionType: string,
  selections: readonly SelectionSetNode[],
): SelectionSetNode[] {
  const nodes: SelectionSetNode[] = [];
  for (const field of collectFields(scope, connectionType, selections)) {
    if (field.name === 'nodes') nodes.push(...field.selections);
    if (field.name === 'edges') {
      const edgeType = `${connectionType.replace(/Connection$/, '')}Edge`;
      for (const edge of collectFields(scope, edgeType, field.selections))
        if (edge.name === 'node') nodes.push(...edge.selections);
    }
  }
  return nodes;
}

export function selectsField(
  scope: SelectionScope,
  typeName: string,
  selections: readonly SelectionSetNode[],
  name: string,
): boolean {
  return collectFields(scope, typeName, selections).some((field) => field.name === name);
}

function included(scope: SelectionScope, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, scope.variableValues);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, scope.variableValues);
  return include?.if !== false;
}
