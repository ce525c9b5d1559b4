import { createTestEngine, ok, rows, type TestEngine } from './testEngine';
import { RequestCancelledError } from './types';

let t: TestEngine;

beforeEach(() => {
  t = createTestEngine();
});

afterEach(() => {
  t.dispose();
});

const settled = async (p: Promise<unknown>, ms: number): Promise<boolean> => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, ms));
  return done;
};

test('uncommitted writes are invisible to other sessions and visible to their own', async () => {
  const a = t.session();
  const b = t.session();
  await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('7', 'Dwelling')");
  expect(await rows(a, "SELECT RTRIM(lu_desc) FROM lulevel WHERE lu_ref = '7'")).toEqual([['Dwelling']]);
  expect(await rows(b, 'SELECT COUNT(*) FROM lulevel')).toEqual([[0]]);
  await ok(a, 'COMMIT');
  expect(await rows(b, 'SELECT COUNT(*) FROM lulevel')).toEqual([[1]]);
});

test('ROLLBACK undoes the transaction', async () => {
  const a = t.session();
  await ok(a, "BEGIN TRANSACTION; INSERT INTO lulevel (lu_ref) VALUES ('7'); ROLLBACK TRANSACTION");
  expect(await rows(a, 'SELECT COUNT(*) FROM lulevel')).toEqual([[0]]);
});

test('a writer waits for another session’s open write transaction, then proceeds on commit', async () => {
  const a = t.session();
  const b = t.session();
  await ok(a, "INSERT INTO sysserial (ser_type, ser_value) VALUES ('rq', 1)");
  await a.beginTransaction();
  await ok(a, "UPDATE sysserial SET ser_value = ser_value + 1 WHERE ser_type = 'rq'");
  const waiting = b.execute("UPDATE sysserial SET ser_value = ser_value + 10 WHERE ser_type = 'rq'", []);
  expect(await settled(waiting, 60)).toBe(false);
  // reads never block (a session runs one request at a time, so read from a third one)
  expect(await rows(t.session(), "SELECT ser_value FROM sysserial WHERE ser_type = 'rq'")).toEqual([[1]]);
  await a.commitTransaction();
  const result = await waiting;
  expect(result.error).toBeUndefined();
  expect(result.outcomes).toEqual([{ kind: 'rowCount', rowCount: 1 }]);
  expect(await rows(a, "SELECT ser_value FROM sysserial WHERE ser_type = 'rq'")).toEqual([[12]]);
});

test('a lock wait ends with RequestCancelledError when the request is aborted; the statement has no effect and the transaction stays open', async () => {
  const a = t.session();
  const b = t.session();
  await a.beginTransaction();
  await ok(a, "INSERT INTO lulevel (lu_ref) VALUES ('1')");
  await b.beginTransaction();
  const controller = new AbortController();
  const waiting = b.execute("INSERT INTO lulevel (lu_ref) VALUES ('2')", [], { signal: controller.signal });
  setTimeout(() => controller.abort(), 30);
  await expect(waiting).rejects.toBeInstanceOf(RequestCancelledError);
  expect(b.transactionCount).toBe(1);
  await a.commitTransaction();
  await ok(b, "INSERT INTO lulevel (lu_ref) VALUES ('3')");
  await b.commitTransaction();
  expect(await rows(a, 'SELECT lu_ref FROM lulevel ORDER BY lu_ref')).toEqual([['1'], ['3']]);
});

test('an already-aborted request is refused before running', async () => {
  const a = t.session();
  const controller = new AbortController();
  controller.abort();
  await expect(a.execute('SELECT 1', [], { signal: controller.signal })).rejects.toBeInstanceOf(
    RequestCancelledError,
  );
});

test('MIN_ACTIVE_ROWVERSION() is the first rowversion of another session’s open transaction, else @@DBTS + 1', async () => {
  const a = t.session();
  const b = t.session();
  await ok(a, "INSERT INTO lulevel (lu_ref) VALUES ('1')");
  const [[dbts0]] = (await rows(b, 'SELECT CONVERT(bigint, @@DBTS)')) as [[bigint]];
  expect(await rows(b, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION())')).toEqual([[dbts0 + 1n]]);
  await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('2'), ('3')");
  const [[first]] = (await rows(a, "SELECT CONVERT(bigint, tstamp) FROM lulevel WHERE lu_ref = '2'")) as [
    [bigint],
  ];
  expect(first).toBe(dbts0 + 1n);
  // a third session commits later rows meanwhile? It cannot write (lock), but its reads see the floor:
  expect(await rows(b, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION()), CONVERT(bigint, @@DBTS)')).toEqual([
    [first, dbts0 + 2n],
  ]);
  expect(await rows(b, 'SELECT MIN_ACTIVE_ROWVERSION()')).toEqual([
    [Buffer.from([0, 0, 0, 0, 0, 0, 0, Number(first)])],
  ]);
  await ok(a, 'COMMIT');
  expect(await rows(b, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION())')).toEqual([[dbts0 + 3n]]);
});

test('every row of a multi-row INSERT/UPDATE gets its own, strictly increasing rowversion', async () => {
  const a = t.session();
  await ok(a, "INSERT INTO lulevel (lu_ref) VALUES ('1'), ('2'), ('3')");
  const inserted = (await rows(a, 'SELECT tstamp FROM lulevel ORDER BY lu_ref')).map(([v]) => v as Buffer);
  expect(inserted.every((b) => Buffer.isBuffer(b) && b.length === 8)).toBe(true);
  await ok(a, "UPDATE lulevel SET lu_desc = 'x'");
  const updated = (await rows(a, 'SELECT CONVERT(bigint, tstamp) FROM lulevel ORDER BY tstamp')).map(
    ([v]) => v as bigint,
  );
  expect(new Set(updated).size).toBe(3);
  const maxInserted = BigInt('0x' + inserted[2]!.toString('hex'));
  expect(updated[0]! > maxInserted).toBe(true);
  expect(await rows(a, 'SELECT CONVERT(bigint, @@DBTS)')).toEqual([[updated[2]]]);
});

test('@@TRANCOUNT nests like SQL Server; only the outermost BEGIN/COMMIT are transaction events', async () => {
  const a = t.session();
  const r1 = await ok(a, 'BEGIN TRAN; BEGIN TRAN; SELECT @@TRANCOUNT');
  expect(r1.transactionEvents).toEqual(['began']);
  expect(await rows(a, 'COMMIT; SELECT @@TRANCOUNT')).toEqual([[1]]);
  const r2 = await ok(a, 'COMMIT TRAN; SELECT @@TRANCOUNT AS n');
  expect(r2.transactionEvents).toEqual(['committed']);
  await ok(a, 'BEGIN TRAN; BEGIN TRAN');
  const r3 = await ok(a, 'ROLLBACK; SELECT @@TRANCOUNT');
  expect(r3.transactionEvents).toEqual(['rolledBack']);
  expect(a.transactionCount).toBe(0);
});

test('COMMIT without a transaction is 3902, ROLLBACK without one is 3903', async () => {
  const a = t.session();
  expect((await a.execute('COMMIT', [])).error).toMatchObject({
    number: 3902,
    message: 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.',
  });
  expect((await a.execute('ROLLBACK TRAN', [])).error).toMatchObject({
    number: 3903,
    message: 'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.',
  });
  await expect(a.commitTransaction()).rejects.toMatchObject({ number: 3902 });
});

test('statements after an error in a batch do not run; earlier outcomes are kept', async () => {
  const a = t.session();
  const r = await a.execute(
    "INSERT INTO lulevel (lu_ref) VALUES ('1'); SELECT nosuch FROM lulevel; INSERT INTO lulevel (lu_ref) VALUES ('2')",
    [],
  );
  expect(r.outcomes).toEqual([{ kind: 'rowCount', rowCount: 1 }]);
  expect(r.error?.number).toBe(207);
  expect(await rows(a, 'SELECT COUNT(*) FROM lulevel')).toEqual([[1]]);
  const multiLine = await a.execute('SELECT 1\nSELECT nosuch FROM lulevel', []);
  expect(multiLine.error).toMatchObject({ number: 207, lineNumber: 2 });
});

test('an injected 1205 fails the matching statement and rolls back its transaction', async () => {
  const a = t.session();
  t.engine.injectFault({ number: 1205, match: /UPDATE lulevel/ });
  await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('1')");
  const r = await a.execute("UPDATE lulevel SET lu_desc = 'x'", []);
  expect(r.error).toMatchObject({ number: 1205, class: 13 });
  expect(r.transactionEvents).toEqual(['rolledBack']);
  expect(a.transactionCount).toBe(0);
  expect(await rows(a, 'SELECT COUNT(*) FROM lulevel')).toEqual([[0]]);
  expect((await a.execute("UPDATE lulevel SET lu_desc = 'x'", [])).error).toBeUndefined();
});

test('SET XACT_ABORT ON rolls the transaction back on error', async () => {
  const a = t.session();
  await ok(a, "SET XACT_ABORT ON; BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('1')");
  const r = await a.execute("INSERT INTO lulevel (lu_ref) VALUES ('1')", []);
  expect(r.error?.number).toBe(2601);
  expect(a.transactionCount).toBe(0);
  expect(await rows(a, 'SELECT COUNT(*) FROM lulevel')).toEqual([[0]]);
});

test('an error inside a transaction (XACT_ABORT OFF) fails only the statement', async () => {
  const a = t.session();
  await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('1')");
  expect((await a.execute("INSERT INTO lulevel (lu_ref) VALUES ('2'), ('1')", [])).error?.number).toBe(2601);
  await ok(a, 'COMMIT');
  expect(await rows(a, 'SELECT lu_ref FROM lulevel')).toEqual([['1']]);
});

test('reset() rolls back and forgets the transaction', async () => {
  const a = t.session();
  await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('1')");
  await a.reset();
  expect(a.transactionCount).toBe(0);
  expect(await rows(t.session(), 'SELECT COUNT(*) FROM lulevel')).toEqual([[0]]);
});

test('the tedious connect batch and isolation SETs are accepted', async () => {
  const a = t.session();
  const initial = [
    'set ansi_nulls on',
    'set ansi_null_dflt_on on',
    'set ansi_padding on',
    'set ansi_warnings on',
    'set arithabort on',
    'set concat_null_yields_null on',
    'set cursor_close_on_commit off',
    'set datefirst 7',
    'set dateformat mdy',
    'set implicit_transactions off',
    'set language us_english',
    'set numeric_roundabort off',
    'set quoted_identifier on',
    'set textsize 2147483647',
    'set transaction isolation level read committed',
    'set xact_abort off',
  ].join('\n');
  const r = await ok(a, initial);
  expect(r.outcomes.every((o) => o.kind === 'done')).toBe(true);
  await ok(a, 'SET NOCOUNT ON; SET TRANSACTION ISOLATION LEVEL SNAPSHOT; SELECT 1');
});

test('SET NOCOUNT ON: INSERT/UPDATE/DELETE report no row count', async () => {
  const a = t.session();
  const r = await ok(
    a,
    "SET NOCOUNT ON; INSERT INTO lulevel (lu_ref) VALUES ('1'); SET NOCOUNT OFF; UPDATE lulevel SET lu_desc = 'x'",
  );
  expect(r.outcomes).toEqual([
    { kind: 'done' },
    { kind: 'done' },
    { kind: 'done' },
    { kind: 'rowCount', rowCount: 1 },
  ]);
});

test('many concurrent writers all get through, each increment exactly once', async () => {
  const setup = t.session();
  await ok(setup, "INSERT INTO sysserial (ser_type, ser_value) VALUES ('n', 0)");
  const sessions = Array.from({ length: 5 }, () => t.session());
  await sessions[0]!.beginTransaction();
  await ok(sessions[0]!, "UPDATE sysserial SET ser_value = ser_value + 1000 WHERE ser_type = 'n'");
  const others = sessions.slice(1).map(async (s) => {
    for (let i = 0; i < 20; i++)
      await ok(
        s,
        "UPDATE sysserial SET ser_value = ser_value + 1 OUTPUT inserted.ser_value WHERE ser_type = 'n'",
      );
  });
  await new Promise((r) => setTimeout(r, 30));
  await sessions[0]!.commitTransaction();
  await Promise.all(others);
  expect(await rows(setup, "SELECT ser_value FROM sysserial WHERE ser_type = 'n'")).toEqual([[1080]]);
});
