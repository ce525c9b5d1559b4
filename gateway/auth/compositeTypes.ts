import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Type navigation for walking an operation against the API schema, interfaces and unions included: the
 * object types a value at a position may have at run time, the definition of a field selected on a
 * parent, and the composite type a field's selection set is about.
 */

/** An object type is itself; an interface or union is any of its implementations or members. */
export function possibleObjectTypes(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
): readonly GraphQLObjectType[] {
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [type];
}

/** The field's definition on an object or interface; undefined on a union or for an unknown field. */
export function fieldDefinition(
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** The composite type a field's selection set selects from (its named return type), if any. */
export function childType(parent: GraphQLCompositeType, field: FieldNode): GraphQLCompositeType | undefined {
  const definition = fieldDefinition(parent, field.name.value);
  if (definition === undefined) return undefined;
  const named = getNamedType(definition.type);
  return isCompositeType(named) ? named : undefined;
}

/** A fragment's type condition as a composite type; undefined when absent (the parent applies) or unknown. */
export function conditionType(
  schema: GraphQLSchema,
  name: string | undefined,
): GraphQLCompositeType | undefined {
  if (name === undefined) return undefined;
  const type = schema.getType(name);
  return isCompositeType(type) ? type : undefined;
}

/**
 * Whether a fragment with this type condition applies to a value whose run-time type is `runtime`
 * (the spec's DoesFragmentTypeApply): the same object type, or an interface or union that includes it.
 */
export function fragmentApplies(
  schema: GraphQLSchema,
  condition: string | undefined,
  runtime: GraphQLObjectType,
): boolean {
  if (condition === undefined) return true;
  const type = schema.getType(condition);
  if (type === runtime) return true;
  return isAbstractType(type) && schema.isSubType(type, runtime);
}
