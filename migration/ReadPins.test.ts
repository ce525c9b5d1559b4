import { ReadPins, type ReadPin } from './ReadPins';

/** ReadPins with the database replaced by functions the test controls, and a clock it moves. */
function setup() {
  let now = 1_000;
  let shared: ReadPin[] = [];
  let recordFails = false;
  let loadFails = false;
  const recorded: ReadPin[] = [];
  const pins = new ReadPins({
    load: async () => {
      if (loadFails) throw new Error('database away');
      return shared;
    },
    record: async (pin) => {
      if (recordFails) throw new Error('database away');
      recorded.push(pin);
    },
    intervalMs: 60_000,
    now: () => now,
  });
  return {
    pins,
    recorded,
    advance: (ms: number) => (now += ms),
    setShared: (list: ReadPin[]) => (shared = list),
    failRecords: (fail: boolean) => (recordFails = fail),
    failLoads: (fail: boolean) => (loadFails = fail),
  };
}

const pin: ReadPin = { consumerKey: 'alice', entity: 'tenancy', store: 'legacy' };

afterEach(() => jest.useRealTimers());

test('a write pins at once here, is recorded for the other replicas, and is dropped once a later load no longer has it', async () => {
  const t = setup();
  await t.pins.wrote(pin);
  expect(t.recorded).toEqual([pin]);
  expect(t.pins.storeFor('alice', 'tenancy')).toBe('legacy');
  expect(t.pins.storeFor('bob', 'tenancy')).toBeUndefined();
  t.advance(10);
  // A load that began after the pin was recorded has it (the database's answer): here it says it passed.
  t.setShared([]);
  await t.pins.refresh();
  t.pins.stop();
  expect(t.pins.storeFor('alice', 'tenancy')).toBeUndefined();
});

test("another replica's pins arrive with a load", async () => {
  const t = setup();
  t.setShared([{ consumerKey: 'bob', entity: 'person', store: 'cloud' }]);
  await t.pins.refresh();
  t.pins.stop();
  expect(t.pins.storeFor('bob', 'person')).toBe('cloud');
});

test('a pin that could not be recorded stays here; a load that fails keeps every pin known', async () => {
  const t = setup();
  t.failRecords(true);
  await t.pins.wrote(pin);
  t.advance(10);
  t.setShared([]);
  await t.pins.refresh();
  expect(t.pins.storeFor('alice', 'tenancy')).toBe('legacy');
  t.failRecords(false);
  t.setShared([{ consumerKey: 'bob', entity: 'person', store: 'cloud' }]);
  await t.pins.refresh();
  t.failLoads(true);
  await t.pins.refresh();
  t.pins.stop();
  expect(t.pins.storeFor('bob', 'person')).toBe('cloud');
  expect(t.pins.storeFor('alice', 'tenancy')).toBe('legacy');
});
