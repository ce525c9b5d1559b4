import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNullableType, isListType, isObjectType } from 'graphql';
import { KNOWN_LIST_SIZES } from './listSizes';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8'));

describe('KNOWN_LIST_SIZES', () => {
  it.each([...KNOWN_LIST_SIZES.keys()])('%s names a list field of the API schema', (key) => {
    const [typeName = '', fieldName = ''] = key.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type of schema/api.graphql`);
    const field = type.getFields()[fieldName];
    if (field === undefined) throw new Error(`${typeName} has no field ${fieldName}`);
    expect(isListType(getNullableType(field.type))).toBe(true);
  });
});
