import {
  Kind,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  type ArgumentNode,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type ValueNode,
} from 'graphql';
import type { CostDirectives } from './readCostDirectives';

/** The cost of a field's arguments for one request's variables. */
export type ArgumentCost = (variables: Readonly<Record<string, unknown>>) => number;

/** A field's arguments' cost, and whether it depends on the variables at all. */
export interface FieldArgumentCost {
  readonly cost: ArgumentCost;
  /**
   * False when every variable given sits where its value cannot change the cost (a scalar without
   * `@cost`, such as a page cursor): the operation's cost can then be measured once for every request.
   */
  readonly usesVariables: boolean;
}

interface InputDefinition {
  readonly type: GraphQLInputType;
  /** `@cost` on the argument or input field. */
  readonly weight: number | undefined;
}

/**
 * Arguments cost what Apollo's demand control says they do: an input object 1 (or its argument's
 * `@cost`) plus its fields, a list the sum of its items (plus its `@cost`), a scalar or enum its `@cost`
 * (0 without one), null nothing. A variable is costed by the value sent for it (absent: nothing), so a
 * write of many contact numbers costs more than a write of one.
 */
export function argumentCost(
  costs: CostDirectives,
  fieldCoordinate: string,
  definitions: readonly GraphQLArgument[],
  given: readonly ArgumentNode[],
): FieldArgumentCost | null {
  const scored = given.flatMap((argument) => {
    const definition = definitions.find((d) => d.name === argument.name.value);
    return definition === undefined
      ? []
      : [
          {
            value: argument.value,
            input: {
              type: definition.type,
              weight: costs.weights.get(`${fieldCoordinate}(${definition.name}:)`),
            },
          },
        ];
  });
  if (scored.length === 0) return null;
  const cost: ArgumentCost = (variables) =>
    scored.reduce((sum, { value, input }) => sum + scoreNode(costs, value, input, variables), 0);
  if (scored.some(({ value, input }) => variableMayCost(costs, value, input)))
    return { cost, usesVariables: true };
  const constant = cost({});
  return constant === 0 ? null : { cost: () => constant, usesVariables: false };
}

/** Whether a variable sits where its value is costed: an input object, a list, or under a `@cost`. */
function variableMayCost(costs: CostDirectives, value: ValueNode, input: InputDefinition): boolean {
  const type = getNullableType(input.type);
  switch (value.kind) {
    case Kind.VARIABLE:
      return input.weight !== undefined || isListType(type) || isInputObjectType(getNamedType(type));
    case Kind.LIST:
      return value.values.some((item) => variableMayCost(costs, item, input));
    case Kind.OBJECT: {
      const named = getNamedType(type);
      if (!isInputObjectType(named)) return false;
      const fields = named.getFields();
      return value.fields.some((field) => {
        const definition = fields[field.name.value];
        return (
          definition !== undefined &&
          variableMayCost(costs, field.value, inputField(costs, named.name, definition))
        );
      });
    }
    default:
      return false;
  }
}

function inputField(costs: CostDirectives, typeName: string, field: GraphQLInputField): InputDefinition {
  return { type: field.type, weight: costs.weights.get(`${typeName}.${field.name}`) };
}

function scoreNode(
  costs: CostDirectives,
  value: ValueNode,
  input: InputDefinition,
  variables: Readonly<Record<string, unknown>>,
): number {
  const named = getNamedType(input.type);
  switch (value.kind) {
    case Kind.VARIABLE:
      return Object.hasOwn(variables, value.name.value)
        ? scoreValue(costs, variables[value.name.value], input)
        : 0;
    case Kind.NULL:
      return 0;
    case Kind.LIST:
      return value.values.reduce(
        (sum, item) => sum + scoreNode(costs, item, input, variables),
        input.weight ?? 0,
      );
    case Kind.OBJECT: {
      if (!isInputObjectType(named)) return input.weight ?? 0;
      const fields = named.getFields();
      return value.fields.reduce((sum, field) => {
        const definition = fields[field.name.value];
        return definition === undefined
          ? sum
          : sum + scoreNode(costs, field.value, inputField(costs, named.name, definition), variables);
      }, input.weight ?? 1);
    }
    default:
      return input.weight ?? 0;
  }
}

function scoreValue(costs: CostDirectives, value: unknown, input: InputDefinition): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value))
    return value.reduce(
      (sum: number, item: unknown) => sum + scoreValue(costs, item, input),
      input.weight ?? 0,
    );
  const named = getNamedType(input.type);
  if (typeof value === 'object' && isInputObjectType(named)) {
    const fields = named.getFields();
    return Object.entries(value as Record<string, unknown>).reduce((sum, [name, item]) => {
      const definition = fields[name];
      return definition === undefined
        ? sum
        : sum + scoreValue(costs, item, inputField(costs, named.name, definition));
    }, input.weight ?? 1);
  }
  return input.weight ?? 0;
}
