import {
  TypeInfo,
  getNamedType,
  isEnumType,
  isInputObjectType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The schema coordinates an operation uses, computed against the schema it was written for (the base):
 * types (selected, spread on, or declared by variables), fields (Type.field), arguments (Type.field(arg:)),
 * input fields and enum values written in the document, and directives (@name, @name(arg:)).
 * Values sent in variables are invisible in the document, so for every input object or enum a variable
 * declares, all of its input fields and values count as used: a conservative answer, never a missed one.
 */
export function collectOperationUsage(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const useType = (type: GraphQLNamedType | null | undefined) => {
    if (type) used.add(type.name);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition() {
        useType(typeInfo.getParentType());
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        if (node.name.value.startsWith('__')) return;
        useType(parent);
        used.add(`${parent.name}.${node.name.value}`);
        useType(getNamedType(typeInfo.getType()));
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const directive = typeInfo.getDirective();
        if (directive) used.add(`@${directive.name}(${node.name.value}:)`);
        else if (parent && field) used.add(`${parent.name}.${field.name}(${node.name.value}:)`);
        useType(getNamedType(typeInfo.getInputType()));
      },
      ObjectField(node) {
        const parent = getNamedType(typeInfo.getParentInputType());
        if (parent) used.add(`${parent.name}.${node.name.value}`);
        useType(getNamedType(typeInfo.getInputType()));
      },
      EnumValue(node) {
        const type = getNamedType(typeInfo.getInputType());
        if (type) used.add(`${type.name}.${node.value}`);
      },
      Directive(node) {
        used.add(`@${node.name.value}`);
      },
      InlineFragment() {
        useType(typeInfo.getType() as GraphQLNamedType | null);
      },
      FragmentDefinition() {
        useType(typeInfo.getType() as GraphQLNamedType | null);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) useAllOf(getNamedType(type), used, new Set());
      },
    }),
  );
  return used;
}

function useAllOf(type: GraphQLNamedType, used: Set<string>, seen: Set<string>): void {
  if (seen.has(type.name)) return;
  seen.add(type.name);
  used.add(type.name);
  if (isEnumType(type)) for (const value of type.getValues()) used.add(`${type.name}.${value.name}`);
  if (isInputObjectType(type))
    for (const field of Object.values(type.getFields())) {
      used.add(`${type.name}.${field.name}`);
      useAllOf(getNamedType(field.type), used, seen);
    }
}
