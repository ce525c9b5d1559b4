import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, GatewayStack, SUPERGRAPH_SDL } from './helpers/gatewayStack';

// Live reload of the supergraph: a changed file is served from the next request on; a broken one is
// refused and the current supergraph stays in force.
jest.setTimeout(60_000);

const DESCRIPTION = 'A repair request by reference: up to 8 digits, padding optional.';
const describeRepairRequest = `{ __schema { queryType { fields { name description } } } }`;

let stack: GatewayStack;
let file: string;

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
  writeFileSync(file, SUPERGRAPH_SDL);
  stack = await GatewayStack.start({ gateway: { supergraphPath: file } });
}, 300_000);

afterAll(async () => {
  await stack?.close();
});

async function repairRequestDescription(): Promise<string | undefined> {
  const { body } = await stack.request(describeRepairRequest);
  const fields = (body.data?.__schema as { queryType: { fields: { name: string; description: string }[] } })
    .queryType.fields;
  return fields.find((field) => field.name === 'repairRequest')?.description;
}

it('serves a changed supergraph file without a restart', async () => {
  expect(await repairRequestDescription()).toBe(DESCRIPTION);
  writeFileSync(file, SUPERGRAPH_SDL.replace(DESCRIPTION, 'A repair request, reloaded.'));
  await eventually(
    async () => expect(await repairRequestDescription()).toBe('A repair request, reloaded.'),
    5000,
  );
});

it('keeps the current supergraph when the new file does not build', async () => {
  writeFileSync(file, 'this is not a supergraph');
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(await repairRequestDescription()).toBe('A repair request, reloaded.');
  const { body } = await stack.request(`{ property(reference: "1") { reference } }`);
  expect(body.errors).toBeUndefined();
});
