import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_CONNECTION_SIZE, DEFAULT_LIST_SIZE, KNOWN_LIST_SIZES } from './listSizes';

/**
 * What the limits measure, taken out of one operation once (per document and operation name) so each
 * request only resolves the variable-dependent parts: `first` arguments and @skip/@include conditions.
 * Fragments are compiled once each and shared, so the shape is a DAG as large as the document, however
 * often a fragment is spread; measuring it with a memo is linear (measureOperationShape.ts).
 */
export interface OperationShape {
  readonly root: ShapeSelectionSet;
  /** False when nothing depends on variables: the measurement is then the same for every request. */
  readonly usesVariables: boolean;
}

export interface ShapeSelectionSet {
  readonly selections: readonly ShapeSelection[];
}

export type ShapeSelection = ShapeField | ShapeFragment;

export interface ShapeField {
  readonly kind: 'field';
  readonly conditions: readonly ShapeCondition[];
  readonly aliased: boolean;
  /** 1, or 0 for __typename and introspection (answered by the gateway from the schema it holds). */
  readonly cost: 0 | 1;
  /** 1, or 0 inside introspection (bounded by graphql-js's MaxIntrospectionDepthRule in validation). */
  readonly depth: 0 | 1;
  readonly size: ShapeSize;
  readonly children: ShapeSelectionSet | null;
}

/** An inline fragment or a fragment spread: its selections join the parent's, at the same depth. */
export interface ShapeFragment {
  readonly kind: 'fragment';
  readonly conditions: readonly ShapeCondition[];
  readonly set: ShapeSelectionSet;
}

/**
 * How many times a field's children are resolved: once; `count` times (a plain list); once, with the
 * connection's page size handed to its `edges`/`nodes` (a connection); or the enclosing connection's page
 * size (its `edges`/`nodes`).
 */
export type ShapeSize =
  | { readonly kind: 'single' }
  | { readonly kind: 'list'; readonly count: number }
  | { readonly kind: 'connection'; readonly first: ShapeNumber }
  | { readonly kind: 'connectionItems'; readonly levels: number };

/** An Int argument: a literal, or a variable with what to use when it is absent or null. */
export type ShapeNumber =
  | { readonly kind: 'value'; readonly value: number }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly whenAbsent: number;
      readonly whenNull: number;
    };

/** @skip (include: false) or @include (include: true), with a literal or a variable `if`. */
export interface ShapeCondition {
  readonly include: boolean;
  readonly value: boolean | { readonly variable: string; readonly whenAbsent: boolean | undefined };
}

const EMPTY_SET: ShapeSelectionSet = { selections: [] };

/**
 * The shape of one operation of a document. Works on unvalidated documents too: unknown fields cost 1
 * and have no list size, unknown or cyclic fragment spreads add nothing, so it always terminates.
 */
export function compileOperationShape(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationShape {
  const compiler = new ShapeCompiler(schema, document, operation);
  const rootType = schema.getRootType(operation.operation) ?? undefined;
  const root = compiler.selectionSet(operation.selectionSet, rootType, false);
  return { root, usesVariables: compiler.usesVariables };
}

/** The operation a request selects (by name, or the only one), or null when there is none (execution reports that). */
export function selectOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | null {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName === null || operationName === undefined)
    return operations.length === 1 ? (operations[0] ?? null) : null;
  return operations.find((operation) => operation.name?.value === operationName) ?? null;
}

class ShapeCompiler {
  usesVariables = false;
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly compiledFragments = new Map<string, ShapeSelectionSet>();
  /** Fragments being compiled (the spread path): a spread of one of them is a cycle and adds nothing. */
  private readonly compiling = new Set<string>();
  private readonly variableDefaults = new Map<string, ValueNode | undefined>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
  ) {
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION && !this.fragments.has(definition.name.value))
        this.fragments.set(definition.name.value, definition);
    for (const variable of operation.variableDefinitions ?? [])
      this.variableDefaults.set(variable.variable.name.value, variable.defaultValue);
  }

  /** `introspection`: inside __schema or __type, where fields cost nothing and add no depth. */
  selectionSet(
    node: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    introspection: boolean,
  ): ShapeSelectionSet {
    const selections: ShapeSelection[] = [];
    for (const selection of node.selections) {
      const conditions = this.conditions(selection.directives);
      if (conditions === null) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const name = selection.name.value;
          const inIntrospection = introspection || name === '__schema' || name === '__type';
          const field = inIntrospection ? undefined : fieldOf(parentType, name);
          const childType = field === undefined ? undefined : getNamedType(field.type);
          selections.push({
            kind: 'field',
            conditions,
            aliased: selection.alias !== undefined,
            cost: inIntrospection || name === '__typename' ? 0 : 1,
            depth: inIntrospection ? 0 : 1,
            size:
              field === undefined
                ? { kind: 'single' }
                : this.size(
                    parentType,
                    field,
                    selection.arguments?.find((a) => a.name.value === 'first')?.value,
                  ),
            children:
              selection.selectionSet === undefined
                ? null
                : this.selectionSet(selection.selectionSet, childType, inIntrospection),
          });
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const typeName = selection.typeCondition?.name.value;
          const type = typeName === undefined ? parentType : this.schema.getType(typeName);
          const set = this.selectionSet(selection.selectionSet, type, introspection);
          selections.push({ kind: 'fragment', conditions, set });
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const set = this.fragment(selection.name.value, introspection);
          if (set !== EMPTY_SET) selections.push({ kind: 'fragment', conditions, set });
          break;
        }
      }
    }
    return { selections };
  }

  private fragment(name: string, introspection: boolean): ShapeSelectionSet {
    // Introspection fragments (GraphiQL's FullType, TypeRef...) are compiled apart from ordinary ones:
    // the same fragment costs nothing inside __schema and something outside it.
    const key = `${introspection ? 'i' : 'o'}:${name}`;
    const compiled = this.compiledFragments.get(key);
    if (compiled !== undefined) return compiled;
    const fragment = this.fragments.get(name);
    if (fragment === undefined || this.compiling.has(key)) return EMPTY_SET;
    this.compiling.add(key);
    const type = this.schema.getType(fragment.typeCondition.name.value);
    const set = this.selectionSet(fragment.selectionSet, type, introspection);
    this.compiling.delete(key);
    this.compiledFragments.set(key, set);
    return set;
  }

  private size(
    parentType: GraphQLNamedType | undefined,
    field: GraphQLField<unknown, unknown>,
    firstNode: ValueNode | undefined,
  ): ShapeSize {
    const levels = listLevels(field.type);
    if (parentType !== undefined && levels > 0 && isConnectionType(this.schema, parentType))
      return { kind: 'connectionItems', levels };
    if (levels > 0) {
      const count = KNOWN_LIST_SIZES.get(`${parentType?.name}.${field.name}`) ?? DEFAULT_LIST_SIZE;
      return { kind: 'list', count: count ** levels };
    }
    const first = field.args.find((argument) => argument.name === 'first');
    if (first !== undefined && isConnectionType(this.schema, getNamedType(field.type)))
      return { kind: 'connection', first: this.first(firstNode, first.defaultValue) };
    return { kind: 'single' };
  }

  /** The page size: the argument given, else (absent or null) the schema default, else the usual default. */
  private first(node: ValueNode | undefined, schemaDefault: unknown): ShapeNumber {
    const whenNull =
      typeof schemaDefault === 'number' && Number.isInteger(schemaDefault)
        ? schemaDefault
        : DEFAULT_CONNECTION_SIZE;
    if (node === undefined) return { kind: 'value', value: whenNull };
    return this.number(node, whenNull);
  }

  private number(node: ValueNode, whenNull: number): ShapeNumber {
    switch (node.kind) {
      case Kind.INT:
        return { kind: 'value', value: Math.max(0, Number.parseInt(node.value, 10)) };
      case Kind.VARIABLE: {
        this.usesVariables = true;
        const name = node.name.value;
        const defaultValue = this.variableDefaults.get(name);
        const whenAbsent =
          defaultValue?.kind === Kind.INT ? Math.max(0, Number.parseInt(defaultValue.value, 10)) : whenNull;
        return { kind: 'variable', name, whenAbsent, whenNull };
      }
      default:
        // null, or a value of the wrong kind that validation rejects: the server's default page size.
        return { kind: 'value', value: whenNull };
    }
  }

  /** The @skip/@include conditions, or null when a literal one already excludes the selection. */
  private conditions(directives: readonly DirectiveNode[] | undefined): ShapeCondition[] | null {
    const conditions: ShapeCondition[] = [];
    for (const directive of directives ?? []) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') continue;
      const include = name === 'include';
      const argument = directive.arguments?.find((a) => a.name.value === 'if')?.value;
      if (argument?.kind === Kind.BOOLEAN) {
        if (argument.value !== include) return null;
      } else if (argument?.kind === Kind.VARIABLE) {
        this.usesVariables = true;
        const defaultValue = this.variableDefaults.get(argument.name.value);
        conditions.push({
          include,
          value: {
            variable: argument.name.value,
            whenAbsent: defaultValue?.kind === Kind.BOOLEAN ? defaultValue.value : undefined,
          },
        });
      }
    }
    return conditions;
  }
}

function fieldOf(
  type: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (type === undefined || !(isObjectType(type) || isInterfaceType(type))) return undefined;
  return type.getFields()[name];
}

/** 1 for [T], 2 for [[T]]...: each level multiplies by the list size. */
function listLevels(type: GraphQLOutputType): number {
  let levels = 0;
  for (let t = getNullableType(type); isListType(t); t = getNullableType(t.ofType)) levels += 1;
  return levels;
}

const connectionTypesBySchema = new WeakMap<GraphQLSchema, ReadonlySet<GraphQLNamedType>>();

/**
 * A Relay connection type: returned by a field that takes `first`, with a list field (`edges`, `nodes`)
 * whose length is that page size. Found once per schema.
 */
function isConnectionType(schema: GraphQLSchema, type: GraphQLNamedType): boolean {
  let connectionTypes = connectionTypesBySchema.get(schema);
  if (connectionTypes === undefined) {
    const found = new Set<GraphQLNamedType>();
    for (const named of Object.values(schema.getTypeMap())) {
      if (!(isObjectType(named) || isInterfaceType(named)) || named.name.startsWith('__')) continue;
      for (const field of Object.values(named.getFields())) {
        if (isListType(getNullableType(field.type)) || !field.args.some((a) => a.name === 'first')) continue;
        const returned = getNamedType(field.type);
        if (
          (isObjectType(returned) || isInterfaceType(returned)) &&
          Object.values(returned.getFields()).some((f) => listLevels(f.type) > 0)
        )
          found.add(returned);
      }
    }
    connectionTypes = found;
    connectionTypesBySchema.set(schema, connectionTypes);
  }
  return connectionTypes.has(type);
}
