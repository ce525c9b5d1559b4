import {
  Kind,
  OperationTypeNode,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { CostDirectives, ListSize } from './readCostDirectives';
import { argumentCost, type ArgumentCost } from './scoreArguments';

/**
 * What the limits measure, taken out of one operation once (per document and operation name) so each
 * request only resolves the variable-dependent parts: slicing arguments (`first`), arguments' cost and
 * @skip/@include conditions. Fragments are compiled once each and shared, so the shape is a DAG as large
 * as the document, however often a fragment is spread; measuring it with a memo is linear
 * (measureOperationShape.ts).
 */
export interface OperationShape {
  readonly root: ShapeSelectionSet;
  /** 10 for a mutation, 0 for a query (Apollo's demand control: a write costs more than a read). */
  readonly baseCost: number;
  /** False when nothing depends on variables: the measurement is then the same for every request. */
  readonly usesVariables: boolean;
}

export interface ShapeSelectionSet {
  readonly selections: readonly ShapeSelection[];
}

export type ShapeSelection = ShapeField | ShapeFragment;

export interface ShapeField {
  readonly kind: 'field';
  readonly name: string;
  readonly conditions: readonly ShapeCondition[];
  readonly aliased: boolean;
  /** 1, or 0 inside introspection (bounded by graphql-js's MaxIntrospectionDepthRule in validation). */
  readonly depth: 0 | 1;
  /**
   * What one instance costs before its selections: its `@cost`, else its type's, else 1 for an object,
   * interface or union and 0 for a scalar or enum. __typename and introspection cost 0 (the gateway
   * answers them from the schema it holds).
   */
  readonly weight: number;
  /** Returns a list: as many instances as the list's size (one otherwise). */
  readonly isList: boolean;
  /** The field's `@listSize`, its slicing arguments resolved per request; null without one. */
  readonly listSize: ShapeListSize | null;
  /** The field's `@listSize(sizedFields:)`: its children of these names hold the items (a connection). */
  readonly sizedFields: readonly string[] | null;
  /** The cost of the arguments given (input objects 1 each, `@cost` on arguments), by the variables. */
  readonly argumentCost: ArgumentCost | null;
  readonly children: ShapeSelectionSet | null;
}

/** A field's `@listSize`: the size is its slicing arguments' (the largest given), else assumedSize. */
export interface ShapeListSize {
  readonly coordinate: string;
  /** The slicing arguments' values, in `slicingArguments` order. */
  readonly slicing: readonly ShapeNumber[];
  readonly requireOneSlicingArgument: boolean;
  readonly assumedSize: number | undefined;
}

/** An Int argument: a literal, or a variable with what to use when it is absent or null; undefined = none. */
export type ShapeNumber =
  | { readonly kind: 'value'; readonly value: number | undefined }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly whenAbsent: number | undefined;
      readonly whenNull: number | undefined;
    };

/** An inline fragment or a fragment spread: its selections join the parent's, at the same depth. */
export interface ShapeFragment {
  readonly kind: 'fragment';
  readonly conditions: readonly ShapeCondition[];
  readonly set: ShapeSelectionSet;
}

/** @skip (include: false) or @include (include: true), with a literal or a variable `if`. */
export interface ShapeCondition {
  readonly include: boolean;
  readonly value: boolean | { readonly variable: string; readonly whenAbsent: boolean | undefined };
}

const EMPTY_SET: ShapeSelectionSet = { selections: [] };

/**
 * The shape of one operation of a document, costed the way Apollo's demand control estimates it from
 * the supergraph's `@cost` and `@listSize`. Works on unvalidated documents too: unknown fields cost
 * nothing and have no list size, unknown or cyclic fragment spreads add nothing, so it always terminates.
 */
export function compileOperationShape(
  schema: GraphQLSchema,
  costs: CostDirectives,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationShape {
  const compiler = new ShapeCompiler(schema, costs, document, operation);
  const rootType = schema.getRootType(operation.operation) ?? undefined;
  const root = compiler.selectionSet(operation.selectionSet, rootType, false);
  return {
    root,
    baseCost: operation.operation === OperationTypeNode.MUTATION ? 10 : 0,
    usesVariables: compiler.usesVariables,
  };
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
    private readonly costs: CostDirectives,
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
          const field = inIntrospection || name === '__typename' ? undefined : fieldOf(parentType, name);
          const coordinate = `${parentType?.name ?? '?'}.${name}`;
          const listSize = field === undefined ? undefined : this.costs.listSizes.get(coordinate);
          const argumentsGiven = selection.arguments ?? [];
          const argumentsCost =
            field === undefined || argumentsGiven.length === 0
              ? null
              : argumentCost(this.costs, coordinate, field.args, argumentsGiven);
          if (argumentsCost?.usesVariables === true) this.usesVariables = true;
          selections.push({
            kind: 'field',
            name,
            conditions,
            aliased: selection.alias !== undefined,
            depth: inIntrospection ? 0 : 1,
            weight: field === undefined ? 0 : this.weight(coordinate, field),
            isList:
              field !== undefined && isListType(isNonNullType(field.type) ? field.type.ofType : field.type),
            listSize:
              listSize === undefined || field === undefined
                ? null
                : this.listSize(coordinate, field, listSize, argumentsGiven),
            sizedFields: listSize?.sizedFields ?? null,
            argumentCost: argumentsCost?.cost ?? null,
            children:
              selection.selectionSet === undefined
                ? null
                : this.selectionSet(
                    selection.selectionSet,
                    field === undefined ? undefined : getNamedType(field.type),
                    inIntrospection,
                  ),
          });
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const typeName = selection.typeCondition?.name.value;
          const type = typeName === undefined ? parentType : this.schema.getType(typeName);
          const set = this.selectionSet(selection.selectionSet, type ?? undefined, introspection);
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
    const type = this.schema.getType(fragment.typeCondition.name.value) ?? undefined;
    const set = this.selectionSet(fragment.selectionSet, type, introspection);
    this.compiling.delete(key);
    this.compiledFragments.set(key, set);
    return set;
  }

  /** `@cost` on the field, else on its type, else 1 for a composite type and 0 for a leaf. */
  private weight(coordinate: string, field: GraphQLField<unknown, unknown>): number {
    const named = getNamedType(field.type);
    return (
      this.costs.weights.get(coordinate) ??
      this.costs.weights.get(named.name) ??
      (isCompositeType(named) ? 1 : 0)
    );
  }

  private listSize(
    coordinate: string,
    field: GraphQLField<unknown, unknown>,
    listSize: ListSize,
    given: readonly { name: { value: string }; value: ValueNode }[],
  ): ShapeListSize {
    const slicing = (listSize.slicingArguments ?? []).map((name): ShapeNumber => {
      const definition = field.args.find((argument) => argument.name === name);
      const schemaDefault =
        typeof definition?.defaultValue === 'number' && Number.isInteger(definition.defaultValue)
          ? definition.defaultValue
          : undefined;
      const node = given.find((argument) => argument.name.value === name)?.value;
      return node === undefined ? { kind: 'value', value: schemaDefault } : this.number(node, schemaDefault);
    });
    return {
      coordinate,
      slicing,
      requireOneSlicingArgument: slicing.length > 0 && listSize.requireOneSlicingArgument,
      assumedSize: listSize.assumedSize,
    };
  }

  /** A slicing argument's value: given literally, by variable (its value, else its default), else the schema's default. */
  private number(node: ValueNode, schemaDefault: number | undefined): ShapeNumber {
    switch (node.kind) {
      case Kind.INT:
        return { kind: 'value', value: Math.max(0, Number.parseInt(node.value, 10)) };
      case Kind.VARIABLE: {
        this.usesVariables = true;
        const name = node.name.value;
        const defaultValue = this.variableDefaults.get(name);
        const whenAbsent =
          defaultValue?.kind === Kind.INT
            ? Math.max(0, Number.parseInt(defaultValue.value, 10))
            : schemaDefault;
        return { kind: 'variable', name, whenAbsent, whenNull: schemaDefault };
      }
      default:
        // null, or a value of the wrong kind that validation rejects: the schema's default.
        return { kind: 'value', value: schemaDefault };
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
