import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  parse,
  print,
  type DefinitionNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';

// An entity can move only if the cloud subgraph serves everything the legacy one does: every type and
// field of schema/legacy.graphql is in schema/cloud.graphql with the same arguments and type, and every
// field an entity owns (and every root field) is overridden with its entity's label. Composition alone
// would not catch a missing field: the gateway would quietly keep asking legacy for it.
const read = (name: string) =>
  parse(readFileSync(join(__dirname, '..', '..', '..', 'schema', `${name}.graphql`), 'utf8'));
const legacy = read('legacy');
const cloud = read('cloud');

const LABELS: Record<string, string> = {
  Property: 'property',
  Tenancy: 'tenancy',
  Person: 'person',
  RepairRequest: 'repairRequest',
};
const KEYS: Record<string, string> = {
  Property: 'reference',
  Tenancy: 'reference',
  Person: 'id',
  RepairRequest: 'reference',
};
const ROOT_LABELS: Record<string, string> = {
  property: 'property',
  properties: 'property',
  tenancy: 'tenancy',
  person: 'person',
  searchPersons: 'person',
  repairRequest: 'repairRequest',
  updateContactDetails: 'person',
  raiseRepairRequest: 'repairRequest',
  endTenancy: 'tenancy',
};

function named(definitions: readonly DefinitionNode[]): Map<string, DefinitionNode> {
  return new Map(
    definitions
      .filter((d): d is DefinitionNode & { name: { value: string } } => 'name' in d && d.name !== undefined)
      .map((d) => [d.name.value, d]),
  );
}

const signature = (field: FieldDefinitionNode) =>
  `${(field.arguments ?? []).map((a) => print(a).replace(/\s*"""[\s\S]*?"""\s*|\s*"[^"]*"\s*/g, '')).join(', ')} -> ${print(field.type)}`;
const overrideLabel = (field: FieldDefinitionNode) => {
  const directive = field.directives?.find((d) => d.name.value === 'override');
  const label = directive?.arguments?.find((a) => a.name.value === 'label')?.value;
  const from = directive?.arguments?.find((a) => a.name.value === 'from')?.value;
  return directive === undefined
    ? undefined
    : `${from?.kind === Kind.STRING ? from.value : '?'}:${label?.kind === Kind.STRING ? label.value : '?'}`;
};

describe('schema/cloud.graphql mirrors schema/legacy.graphql', () => {
  const cloudTypes = named(cloud.definitions);
  const legacyObjects = legacy.definitions.filter(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION,
  );

  it('defines every legacy type', () => {
    const missing = [...named(legacy.definitions).keys()].filter((name) => !cloudTypes.has(name));
    expect(missing).toEqual([]);
  });

  it.each(legacyObjects.map((type) => [type.name.value, type] as const))(
    '%s: every field, with the same arguments and type, overridden per entity',
    (typeName, type) => {
      const cloudType = cloudTypes.get(typeName) as ObjectTypeDefinitionNode | undefined;
      const cloudFields = new Map((cloudType?.fields ?? []).map((field) => [field.name.value, field]));
      for (const field of type.fields ?? []) {
        const mirror = cloudFields.get(field.name.value);
        expect([typeName, field.name.value, mirror && signature(mirror)]).toEqual([
          typeName,
          field.name.value,
          signature(field),
        ]);
        const label =
          typeName === 'Query' || typeName === 'Mutation'
            ? ROOT_LABELS[field.name.value]
            : field.name.value === KEYS[typeName]
              ? undefined
              : LABELS[typeName];
        expect([typeName, field.name.value, mirror && overrideLabel(mirror)]).toEqual([
          typeName,
          field.name.value,
          label === undefined ? undefined : `legacy:${label}`,
        ]);
      }
    },
  );

  it.each(legacyObjects.map((type) => [type.name.value, type] as const))(
    '%s: every field priced the same (@listSize, @cost), whichever store serves it',
    (typeName, type) => {
      const cloudType = cloudTypes.get(typeName) as ObjectTypeDefinitionNode | undefined;
      const cloudFields = new Map((cloudType?.fields ?? []).map((field) => [field.name.value, field]));
      const pricing = (field: FieldDefinitionNode | undefined) =>
        (field?.directives ?? [])
          .filter((d) => d.name.value === 'listSize' || d.name.value === 'cost')
          .map((d) => print(d));
      for (const field of type.fields ?? [])
        expect([typeName, field.name.value, pricing(cloudFields.get(field.name.value))]).toEqual([
          typeName,
          field.name.value,
          pricing(field),
        ]);
    },
  );

  it('keeps the same enums and inputs (values and fields)', () => {
    for (const definition of legacy.definitions) {
      if (
        definition.kind !== Kind.ENUM_TYPE_DEFINITION &&
        definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
      )
        continue;
      const strip = (d: DefinitionNode) =>
        print(d)
          .replace(/"""[\s\S]*?"""|"[^"\n]*"/g, '')
          .replace(/\s+/g, ' ');
      expect(strip(cloudTypes.get(definition.name.value) as DefinitionNode)).toBe(strip(definition));
    }
  });
});
