import {
  Kind,
  isAbstractType,
  visit,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { childType, conditionType, possibleObjectTypes } from './compositeTypes';

/** The operation to execute instead of the client's, and what completing its result needs to know. */
export interface FilteredOperation {
  readonly document: DocumentNode;
  /** Each forbidden field node of the client's operation -> the alias of the marker put in its place. */
  readonly markers: ReadonlyMap<FieldNode, string>;
  /**
   * The alias of the `__typename` added to the selection set of every field whose type is an interface or
   * union: completion needs each value's run-time type to apply fragments and find its fields' scopes.
   */
  readonly typenameKey: string;
}

/**
 * Takes the forbidden fields out of an operation. `denied` holds object-type coordinates ("Dwelling.notes"):
 * a field selected on an interface or union is forbidden per run-time type, so it may be forbidden for
 * some of the parent's possible types and not others.
 *
 * Each forbidden field becomes `<marker>: __typename` with the field's own @skip/@include: the marker's
 * presence in the result says exactly where the field would have been (per list item, per alias, per
 * fragment, directives evaluated with the request's variables), and a selection set never becomes empty.
 * A field forbidden for only some possible types is split by type: `... on Allowed { field }` and
 * `... on Denied { <marker>: __typename }`, so allowed values are still fetched.
 */
export function filterForbiddenFields(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  root: GraphQLObjectType,
  denied: ReadonlySet<string>,
): FilteredOperation {
  const prefix = markerPrefix(operation, fragments);
  const typenameKey = `${prefix}type`;
  const markers = new Map<FieldNode, string>();

  const typename = (alias: string, directives?: readonly DirectiveNode[]): FieldNode => ({
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: alias },
    name: { kind: Kind.NAME, value: '__typename' },
    directives,
  });
  const onType = (type: GraphQLObjectType, selection: SelectionNode): InlineFragmentNode => ({
    kind: Kind.INLINE_FRAGMENT,
    typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type.name } },
    selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
  });

  const rewriteField = (field: FieldNode, parent: GraphQLCompositeType): FieldNode => {
    const child = childType(parent, field);
    if (child === undefined || field.selectionSet === undefined) return field;
    return { ...field, selectionSet: rewrite(field.selectionSet, child, isAbstractType(child)) };
  };

  const rewrite = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    withTypename: boolean,
  ): SelectionSetNode => {
    const selections: SelectionNode[] = withTypename ? [typename(typenameKey)] : [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) selections.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        selections.push({
          ...selection,
          selectionSet: rewrite(
            selection.selectionSet,
            conditionType(schema, selection.typeCondition?.name.value) ?? parent,
            false,
          ),
        });
      else if (selection.name.value.startsWith('__')) selections.push(selection);
      else {
        const types = possibleObjectTypes(schema, parent);
        const forbiddenFor = types.filter((type) => denied.has(`${type.name}.${selection.name.value}`));
        if (forbiddenFor.length === 0) {
          selections.push(rewriteField(selection, parent));
          continue;
        }
        const alias = `${prefix}${markers.size}`;
        markers.set(selection, alias);
        const marker = typename(alias, selection.directives?.filter(isSkipOrInclude));
        if (forbiddenFor.length === types.length) selections.push(marker);
        else
          for (const type of types)
            selections.push(
              onType(type, forbiddenFor.includes(type) ? marker : rewriteField(selection, type)),
            );
      }
    }
    return { ...selectionSet, selections };
  };

  const filteredOperation: OperationDefinitionNode = {
    ...operation,
    selectionSet: rewrite(operation.selectionSet, root, false),
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
        conditionType(schema, fragment.typeCondition.name.value) ?? root,
        false,
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
  return { document: { kind: Kind.DOCUMENT, definitions }, markers, typenameKey };
}

function isSkipOrInclude(directive: DirectiveNode): boolean {
  return directive.name.value === 'skip' || directive.name.value === 'include';
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
