import { createPrng } from '../seed/createPrng';
import { openEngine } from './openEngine';
import { createTestEngine, ok, rows, type TestEngine } from './testEngine';
import { RequestCancelledError, type Session, type SqlValue } from './types';

let t: TestEngine;

beforeEach(() => {
  t = createTestEngine();
});

afterEach(() => {
  t.dispose();
});

/**
 * True when the request is still running once everything that can run has run: the engine works
 * synchronously except while a statement waits for another transaction, so a request that is still
 * pending after the event loop's next turns is waiting on a lock (no wall-clock sleep involved).
 */
async function isWaiting(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  return !done;
}

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
  expect(await isWaiting(waiting)).toBe(true);
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
  // The same key as a's uncommitted row: b waits for a (SQL Server's key lock).
  const waiting = b.execute("INSERT INTO lulevel (lu_ref) VALUES ('1')", [], { signal: controller.signal });
  expect(await isWaiting(waiting)).toBe(true);
  controller.abort();
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
  // other sessions' reads see the floor:
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

// "If you specify a SET statement in a dynamic SQL string that runs by using either sp_executesql or EXECUTE,
// the value of the SET option gets restored after control returns from the batch" (SET statements,
// https://learn.microsoft.com/en-us/sql/t-sql/statements/set-statements-transact-sql): a batch sent with
// parameters is such a string (mssql sends it through sp_executesql); a plain SQL batch keeps its SETs.
test('SET options made inside sp_executesql are restored when it returns; a plain batch keeps them', async () => {
  const a = t.session();
  await ok(a, 'SET XACT_ABORT ON; SET NOCOUNT ON', [], { dynamic: true });
  await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('1')");
  const afterDynamic = await a.execute("INSERT INTO lulevel (lu_ref) VALUES ('1')", []);
  expect(afterDynamic.error?.number).toBe(2601);
  expect(a.transactionCount).toBe(1); // XACT_ABORT was back OFF: the transaction survived the error
  expect(afterDynamic.outcomes).toEqual([]);
  const counted = await ok(a, "INSERT INTO lulevel (lu_ref) VALUES ('2'); COMMIT");
  expect(counted.outcomes[0]).toEqual({ kind: 'rowCount', rowCount: 1 }); // NOCOUNT was back OFF
  await ok(a, 'SET XACT_ABORT ON');
  await ok(a, 'BEGIN TRAN');
  expect((await a.execute("INSERT INTO lulevel (lu_ref) VALUES ('1')", [])).error?.number).toBe(2601);
  expect(a.transactionCount).toBe(0);
});

test('SET options are restored even when the sp_executesql batch fails', async () => {
  const a = t.session();
  const failed = await a.execute("SET XACT_ABORT ON; INSERT INTO lulevel (lu_ref) VALUES ('1'), ('1')", [], {
    dynamic: true,
  });
  expect(failed.error?.number).toBe(2601);
  await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('3')");
  expect((await a.execute("INSERT INTO lulevel (lu_ref) VALUES ('3')", [])).error?.number).toBe(2601);
  expect(a.transactionCount).toBe(1);
  await ok(a, 'ROLLBACK');
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
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  await sessions[0]!.commitTransaction();
  await Promise.all(others);
  expect(await rows(setup, "SELECT ser_value FROM sysserial WHERE ser_type = 'n'")).toEqual([[1080]]);
});

// Row-level locking. SQL Server locks the rows (and unique-index keys) a transaction writes until it
// ends; another writer waits only for those. Predicates are evaluated against the latest committed
// version of each row, as SQL Server does with read committed snapshot and optimized locking ("lock
// after qualification"): https://learn.microsoft.com/sql/relational-databases/performance/optimized-locking

describe('row locks', () => {
  const serial = (s: Session, type: string): Promise<SqlValue[][]> =>
    rows(s, `SELECT ser_value FROM sysserial WHERE ser_type = '${type}'`);

  beforeEach(async () => {
    await ok(
      t.session(),
      "INSERT INTO sysserial (ser_type, ser_value) VALUES ('a', 1), ('b', 1), ('c', 1); INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('1', 'one'), ('2', 'two')",
    );
  });

  test('two open transactions update different rows of the same table at the same time; neither waits', async () => {
    const a = t.session();
    const b = t.session();
    await a.beginTransaction();
    await b.beginTransaction();
    const first = a.execute("UPDATE sysserial SET ser_value = 10 WHERE ser_type = 'a'", []);
    expect(await isWaiting(first)).toBe(false);
    const second = b.execute("UPDATE sysserial SET ser_value = 20 WHERE ser_type = 'b'", []);
    expect(await isWaiting(second)).toBe(false);
    // both still open: each sees its own change and not the other's
    expect(await rows(a, 'SELECT RTRIM(ser_type), ser_value FROM sysserial ORDER BY ser_type')).toEqual([
      ['a', 10],
      ['b', 1],
      ['c', 1],
    ]);
    expect(await rows(b, 'SELECT RTRIM(ser_type), ser_value FROM sysserial ORDER BY ser_type')).toEqual([
      ['a', 1],
      ['b', 20],
      ['c', 1],
    ]);
    await a.commitTransaction();
    await b.commitTransaction();
    expect(await rows(t.session(), 'SELECT ser_value FROM sysserial ORDER BY ser_type')).toEqual([
      [10],
      [20],
      [1],
    ]);
  });

  test('two open transactions insert into and delete from the same table without waiting; rowids never collide', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('3', 'a3'), ('4', 'a4')");
    const insert = b.execute(
      "BEGIN TRAN; INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('5', 'b5'); DELETE FROM lulevel WHERE lu_ref = '2'",
      [],
    );
    expect(await isWaiting(insert)).toBe(false);
    await ok(
      a,
      "DELETE FROM lulevel WHERE lu_ref = '1'; INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('6', 'a6')",
    );
    await ok(b, 'COMMIT');
    await ok(a, 'COMMIT');
    expect(await rows(t.session(), 'SELECT lu_ref, RTRIM(lu_desc) FROM lulevel ORDER BY lu_ref')).toEqual([
      ['3', 'a3'],
      ['4', 'a4'],
      ['5', 'b5'],
      ['6', 'a6'],
    ]);
  });

  test('a transaction updating a row another open transaction wrote waits, then sees the committed value', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = ser_value + 10 WHERE ser_type = 'a'");
    const waiting = b.execute(
      "BEGIN TRAN; UPDATE sysserial SET ser_value = ser_value * 2 OUTPUT inserted.ser_value WHERE ser_type = 'a'",
      [],
    );
    expect(await isWaiting(waiting)).toBe(true);
    await ok(a, 'COMMIT');
    const result = await waiting;
    expect(result.error).toBeUndefined();
    expect(result.outcomes[1]).toMatchObject({ kind: 'resultSet', resultSet: { rows: [[22]] } });
    await ok(b, 'COMMIT');
    expect(await serial(t.session(), 'a')).toEqual([[22]]);
  });

  test('a transaction updating a row another open transaction wrote waits, then sees the original after a rollback', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; DELETE FROM sysserial WHERE ser_type = 'a'");
    const waiting = b.execute(
      "UPDATE sysserial SET ser_value = ser_value * 2 OUTPUT inserted.ser_value WHERE ser_type = 'a'",
      [],
    );
    expect(await isWaiting(waiting)).toBe(true);
    await ok(a, 'ROLLBACK');
    expect((await waiting).outcomes).toEqual([
      expect.objectContaining({ kind: 'resultSet', resultSet: expect.objectContaining({ rows: [[2]] }) }),
    ]);
  });

  test('uncommitted writes stay invisible to others and visible to their own session (reads, joins, aggregates) while others write', async () => {
    const a = t.session();
    const b = t.session();
    const reader = t.session();
    await ok(
      a,
      `BEGIN TRAN;
       UPDATE lulevel SET lu_desc = 'uno' WHERE lu_ref = '1';
       INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('3', 'three');
       DELETE FROM lulevel WHERE lu_ref = '2';
       INSERT INTO lookup (lu_type, lu_ref, lu_desc) VALUES ('LVL', '1', 'x'), ('LVL', '3', 'y')`,
    );
    // Another transaction writes meanwhile (so a's changes are set aside and re-applied for its next read).
    await ok(b, "BEGIN TRAN; INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('4', 'four')");
    expect(await rows(a, 'SELECT lu_ref, RTRIM(lu_desc) FROM lulevel ORDER BY lu_ref')).toEqual([
      ['1', 'uno'],
      ['3', 'three'],
    ]);
    expect(
      await rows(
        a,
        "SELECT l.lu_ref, RTRIM(k.lu_desc) FROM lulevel l JOIN lookup k ON k.lu_type = 'LVL' AND k.lu_ref = l.lu_ref ORDER BY 1",
      ),
    ).toEqual([
      ['1', 'x'],
      ['3', 'y'],
    ]);
    expect(await rows(a, 'SELECT COUNT(*), MAX(lu_ref) FROM lulevel')).toEqual([[2, '3']]);
    for (const other of [b, reader]) {
      expect(await rows(other, 'SELECT COUNT(*) FROM lookup')).toEqual([[0]]);
    }
    expect(await rows(reader, 'SELECT lu_ref, RTRIM(lu_desc) FROM lulevel ORDER BY lu_ref')).toEqual([
      ['1', 'one'],
      ['2', 'two'],
    ]);
    expect(await rows(b, 'SELECT lu_ref FROM lulevel ORDER BY lu_ref')).toEqual([['1'], ['2'], ['4']]);
    await ok(b, 'COMMIT');
    await ok(a, 'ROLLBACK');
    expect(await rows(reader, 'SELECT lu_ref, RTRIM(lu_desc) FROM lulevel ORDER BY lu_ref')).toEqual([
      ['1', 'one'],
      ['2', 'two'],
      ['4', 'four'],
    ]);
    expect(await rows(reader, 'SELECT COUNT(*) FROM lookup')).toEqual([[0]]);
  });

  test('rowversions are taken when the row is written: MIN_ACTIVE_ROWVERSION() holds a capture back until the slower transaction commits', async () => {
    // https://learn.microsoft.com/sql/t-sql/functions/min-active-rowversion-transact-sql: the lowest
    // rowversion used by a transaction not yet committed; "if an application uses @@DBTS rather than
    // MIN_ACTIVE_ROWVERSION, it is possible to miss changes that are active when synchronization occurs".
    const t1 = t.session();
    const t2 = t.session();
    const poller = t.session();
    const stamp = async (s: Session, type: string): Promise<bigint> =>
      (
        (await rows(s, `SELECT CONVERT(bigint, tstamp) FROM sysserial WHERE ser_type = '${type}'`)) as [
          [bigint],
        ]
      )[0][0];
    const since = async (checkpoint: bigint, bounded: boolean): Promise<SqlValue[][]> =>
      rows(
        poller,
        `SELECT RTRIM(ser_type) FROM sysserial WHERE tstamp > @cp ${bounded ? 'AND tstamp < MIN_ACTIVE_ROWVERSION()' : ''} ORDER BY tstamp`,
        [{ name: 'cp', type: { name: 'binary', length: 8 }, value: rowversion(checkpoint) }],
      );
    const [[start]] = (await rows(poller, 'SELECT CONVERT(bigint, @@DBTS)')) as [[bigint]];

    await ok(t1, "BEGIN TRAN; UPDATE sysserial SET ser_value = 100 WHERE ser_type = 'a'");
    const v1 = await stamp(t1, 'a');
    await ok(t2, "BEGIN TRAN; UPDATE sysserial SET ser_value = 200 WHERE ser_type = 'b'; COMMIT");
    const v2 = await stamp(poller, 'b');
    expect(v1).toBe(start + 1n);
    expect(v2).toBe(start + 2n);
    expect(
      await rows(poller, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION()), CONVERT(bigint, @@DBTS)'),
    ).toEqual([[v1, v2]]);
    // B (v2) is committed but above the floor: the bounded capture does not take it yet.
    expect(await since(start, true)).toEqual([]);
    // The gap is real: a capture trusting "highest rowversion seen" takes B, advances to v2 ...
    expect(await since(start, false)).toEqual([['b']]);
    await ok(t1, 'COMMIT');
    // ... and never sees A, which committed later with the lower rowversion v1.
    expect(await since(v2, false)).toEqual([]);
    expect(await since(start, true)).toEqual([['a'], ['b']]);
    expect(await rows(poller, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION())')).toEqual([[v2 + 1n]]);
  });

  test('the capture test: a poller bounded by MIN_ACTIVE_ROWVERSION() sees every committed row exactly once while a transaction stays open across polls; a naive one loses it', async () => {
    const held = t.session();
    const writer = t.session();
    const pollSession = t.session();
    const poller = (bounded: boolean) => {
      let checkpoint: Buffer = rowversion(0n);
      const seen: string[] = [];
      return {
        seen,
        async poll(): Promise<void> {
          const batch = await rows(
            pollSession,
            `SELECT RTRIM(lu_type) + ':' + RTRIM(lu_ref), tstamp FROM lookup WHERE tstamp > @cp ${bounded ? 'AND tstamp < MIN_ACTIVE_ROWVERSION()' : ''} ORDER BY tstamp`,
            [{ name: 'cp', type: { name: 'binary', length: 8 }, value: checkpoint }],
          );
          for (const [key, stamp] of batch) {
            seen.push(key as string);
            checkpoint = stamp as Buffer;
          }
        },
      };
    };
    const bounded = poller(true);
    const naive = poller(false);
    const pollBoth = async (): Promise<void> => {
      await bounded.poll();
      await naive.poll();
    };
    await ok(writer, "INSERT INTO lookup (lu_type, lu_ref) VALUES ('W', '0')");
    await pollBoth();
    await ok(held, "BEGIN TRAN; INSERT INTO lookup (lu_type, lu_ref) VALUES ('H', '1')");
    for (let i = 1; i <= 3; i++) {
      await ok(writer, `BEGIN TRAN; INSERT INTO lookup (lu_type, lu_ref) VALUES ('W', '${i}'); COMMIT`);
      await pollBoth();
    }
    await ok(held, "UPDATE lookup SET lu_desc = 'x' WHERE lu_type = 'H'");
    await ok(writer, "INSERT INTO lookup (lu_type, lu_ref) VALUES ('W', '4')");
    await pollBoth();
    expect(bounded.seen).toEqual(['W:0']);
    await ok(held, 'COMMIT');
    await pollBoth();
    await pollBoth();
    expect(bounded.seen).toEqual(['W:0', 'W:1', 'W:2', 'W:3', 'H:1', 'W:4']);
    expect(naive.seen).toEqual(['W:0', 'W:1', 'W:2', 'W:3', 'W:4']);
  });

  test('an insert of a key another open transaction inserted waits, then fails with 2601 when that one commits', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('7', 'a')");
    const waiting = b.execute("BEGIN TRAN; INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('7', 'b')", []);
    expect(await isWaiting(waiting)).toBe(true);
    await ok(a, 'COMMIT');
    expect((await waiting).error).toMatchObject({
      number: 2601,
      message:
        "Cannot insert duplicate key row in object 'dbo.lulevel' with unique index 'lulevel01'. The duplicate key value is (7).",
    });
    expect(b.transactionCount).toBe(1);
    await ok(b, 'COMMIT');
    expect(await rows(t.session(), "SELECT RTRIM(lu_desc) FROM lulevel WHERE lu_ref = '7'")).toEqual([['a']]);
  });

  test('a key another open transaction inserted: the waiting insert succeeds when that one rolls back; a PRIMARY KEY gives 2627', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, 'CREATE TABLE dbo.keyed (id int NOT NULL CONSTRAINT PK_keyed PRIMARY KEY, v int NULL)');
    await ok(a, 'BEGIN TRAN; INSERT INTO keyed (id, v) VALUES (1, 10)');
    const first = b.execute('INSERT INTO keyed (id, v) VALUES (1, 20)', []);
    expect(await isWaiting(first)).toBe(true);
    await ok(a, 'ROLLBACK');
    expect((await first).error).toBeUndefined();
    await ok(a, 'BEGIN TRAN; UPDATE keyed SET id = 2 WHERE id = 1');
    // a moved the row from key 1 to key 2: both keys are a's until it ends.
    const second = b.execute('INSERT INTO keyed (id, v) VALUES (2, 30)', []);
    const third = t.session().execute('INSERT INTO keyed (id, v) VALUES (1, 40)', []);
    expect(await isWaiting(second)).toBe(true);
    expect(await isWaiting(third)).toBe(true);
    await ok(a, 'COMMIT');
    expect((await second).error).toMatchObject({
      number: 2627,
      message:
        "Violation of PRIMARY KEY constraint 'PK_keyed'. Cannot insert duplicate key in object 'dbo.keyed'. The duplicate key value is (2).",
    });
    expect((await third).error).toBeUndefined();
    expect(await rows(a, 'SELECT id, v FROM keyed ORDER BY id')).toEqual([
      [1, 40],
      [2, 20],
    ]);
  });

  test('a deadlock between two transactions: 1205 to exactly one (its transaction rolled back), the other completes', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 10 WHERE ser_type = 'a'");
    await ok(b, "BEGIN TRAN; UPDATE sysserial SET ser_value = 20 WHERE ser_type = 'b'");
    const aWaits = a.execute("UPDATE sysserial SET ser_value = 11 WHERE ser_type = 'b'", []);
    expect(await isWaiting(aWaits)).toBe(true);
    // b now waits for a, which waits for b: equal cost, so the session that closed the cycle is the victim.
    const victim = await b.execute("UPDATE sysserial SET ser_value = 21 WHERE ser_type = 'a'", []);
    expect(victim.error).toMatchObject({
      number: 1205,
      class: 13,
      message: `Transaction (Process ID ${(b as unknown as { id: number }).id + 50}) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.`,
    });
    expect(victim.transactionEvents).toEqual(['rolledBack']);
    expect(b.transactionCount).toBe(0);
    expect((await aWaits).outcomes).toEqual([{ kind: 'rowCount', rowCount: 1 }]);
    await ok(a, 'COMMIT');
    expect(await rows(b, 'SELECT ser_value FROM sysserial ORDER BY ser_type')).toEqual([[10], [11], [1]]);
  });

  test('the deadlock victim is the transaction cheaper to roll back, even when it was already waiting', async () => {
    // SET DEADLOCK_PRIORITY: with equal priorities "the session that is less expensive to roll back" is
    // chosen (https://learn.microsoft.com/sql/t-sql/statements/set-deadlock-priority-transact-sql).
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 10 WHERE ser_type IN ('a', 'c')");
    await ok(b, "BEGIN TRAN; UPDATE sysserial SET ser_value = 20 WHERE ser_type = 'b'");
    const bWaits = b.execute("UPDATE sysserial SET ser_value = 21 WHERE ser_type = 'a'", []);
    expect(await isWaiting(bWaits)).toBe(true);
    const aResult = a.execute("UPDATE sysserial SET ser_value = 11 WHERE ser_type = 'b'", []);
    const victim = await bWaits;
    expect(victim.error).toMatchObject({ number: 1205 });
    expect(victim.transactionEvents).toEqual(['rolledBack']);
    expect((await aResult).error).toBeUndefined();
    await ok(a, 'COMMIT');
    expect(await rows(b, 'SELECT ser_value FROM sysserial ORDER BY ser_type')).toEqual([[10], [11], [10]]);
  });

  test('a cancelled wait inside a transaction leaves no effect of its statement, keeps the earlier ones, and does not hold MIN_ACTIVE_ROWVERSION down', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 10 WHERE ser_type = 'a'");
    const [[floor]] = (await rows(b, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION())')) as [[bigint]];
    await ok(a, 'COMMIT');
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 11 WHERE ser_type = 'a'");
    await b.beginTransaction();
    const controller = new AbortController();
    const waiting = b.execute("UPDATE sysserial SET ser_value = 30 WHERE ser_type IN ('c', 'a')", [], {
      signal: controller.signal,
    });
    expect(await isWaiting(waiting)).toBe(true);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(RequestCancelledError);
    const [[aStamp]] = (await rows(
      a,
      "SELECT CONVERT(bigint, tstamp) FROM sysserial WHERE ser_type = 'a'",
    )) as [[bigint]];
    expect(aStamp > floor).toBe(true);
    // only a's open transaction holds the floor: b's cancelled attempt took values but wrote nothing
    expect(await rows(t.session(), 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION())')).toEqual([[aStamp]]);
    expect(b.transactionCount).toBe(1);
    await ok(a, 'ROLLBACK');
    await ok(b, "UPDATE sysserial SET ser_value = 31 WHERE ser_type = 'b'; COMMIT");
    expect(await rows(t.session(), 'SELECT ser_value FROM sysserial ORDER BY ser_type')).toEqual([
      [10],
      [31],
      [1],
    ]);
  });

  test('XACT_ABORT ON: an error after a lock wait rolls back the waiting transaction', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; INSERT INTO lulevel (lu_ref) VALUES ('8')");
    await ok(b, "SET XACT_ABORT ON; BEGIN TRAN; UPDATE sysserial SET ser_value = 5 WHERE ser_type = 'c'");
    const waiting = b.execute("INSERT INTO lulevel (lu_ref) VALUES ('8')", []);
    expect(await isWaiting(waiting)).toBe(true);
    await ok(a, 'COMMIT');
    const result = await waiting;
    expect(result.error?.number).toBe(2601);
    expect(result.transactionEvents).toEqual(['rolledBack']);
    expect(b.transactionCount).toBe(0);
    expect(await serial(t.session(), 'c')).toEqual([[1]]);
  });

  // SQL Server rolls back the open transaction when a client's ATTENTION (a cancel or a client-side timeout)
  // aborts a batch under SET XACT_ABORT ON; with it OFF the transaction stays open (as the test above shows).
  test('XACT_ABORT ON: a request cancelled while waiting rolls its transaction back and releases its locks', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 10 WHERE ser_type = 'a'");
    const controller = new AbortController();
    const waiting = b.execute(
      "SET XACT_ABORT ON; BEGIN TRAN; UPDATE sysserial SET ser_value = 20 WHERE ser_type = 'b'; UPDATE sysserial SET ser_value = 21 WHERE ser_type = 'a'; COMMIT",
      [],
      { signal: controller.signal },
    );
    expect(await isWaiting(waiting)).toBe(true);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(RequestCancelledError);
    expect(b.transactionCount).toBe(0);
    // b's first update is undone and its row lock gone: another writer takes the row at once
    const other = t.session().execute("UPDATE sysserial SET ser_value = 30 WHERE ser_type = 'b'", []);
    expect(await isWaiting(other)).toBe(false);
    await ok(a, 'COMMIT');
    expect(await rows(t.session(), 'SELECT ser_value FROM sysserial ORDER BY ser_type')).toEqual([
      [10],
      [30],
      [1],
    ]);
  });

  test('the sysserial pattern from two concurrent transactions hands out distinct values', async () => {
    const next =
      'UPDATE dbo.sysserial SET ser_value = ser_value + 1 OUTPUT inserted.ser_value WHERE ser_type = @type';
    const type = [{ name: 'type', type: { name: 'varchar' as const, length: 10 }, value: 'a' }];
    const sessions = [t.session(), t.session()];
    const values = await Promise.all(
      sessions.map(async (s, i) => {
        await s.beginTransaction();
        const got = await rows(s, next, type);
        await ok(s, `INSERT INTO lookup (lu_type, lu_ref) VALUES ('S', '${i}')`);
        await s.commitTransaction();
        return got[0]![0];
      }),
    );
    expect(values.sort()).toEqual([2, 3]);
    expect(await serial(t.session(), 'a')).toEqual([[3]]);
  });

  test('MIN_ACTIVE_ROWVERSION() stays exact: autocommit writes and rolled-back transactions hold nothing, and their values are never reused', async () => {
    const a = t.session();
    const b = t.session();
    const floor = async (): Promise<bigint> =>
      (
        (await rows(b, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION()) - CONVERT(bigint, @@DBTS)')) as [
          [bigint],
        ]
      )[0][0];
    await ok(a, "UPDATE sysserial SET ser_value = 2 WHERE ser_type = 'a'");
    expect(await floor()).toBe(1n);
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 3 WHERE ser_type = 'a'");
    const [[taken]] = (await rows(
      a,
      "SELECT CONVERT(bigint, tstamp) FROM sysserial WHERE ser_type = 'a'",
    )) as [[bigint]];
    expect(await floor()).toBe(0n);
    expect((await a.execute("INSERT INTO lulevel (lu_ref) VALUES ('1')", [])).error?.number).toBe(2601);
    await ok(a, 'ROLLBACK');
    expect(await floor()).toBe(1n);
    await ok(a, "UPDATE sysserial SET ser_value = 4 WHERE ser_type = 'a'");
    const [[after, dbts]] = (await rows(
      a,
      "SELECT CONVERT(bigint, tstamp), CONVERT(bigint, @@DBTS) FROM sysserial WHERE ser_type = 'a'",
    )) as [[bigint, bigint]];
    expect(after > taken).toBe(true);
    expect(after).toBe(dbts);
  });

  test('DDL waits for other open write transactions', async () => {
    const a = t.session();
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 2 WHERE ser_type = 'a'");
    const ddl = t.session().execute('CREATE TABLE dbo.later (id int NULL)', []);
    expect(await isWaiting(ddl)).toBe(true);
    await ok(a, 'COMMIT');
    expect((await ddl).error).toBeUndefined();
  });

  test('bulkInsert refuses (1222) a table another open transaction has written, and loads others', async () => {
    const a = t.session();
    await ok(a, "BEGIN TRAN; UPDATE lulevel SET lu_desc = 'x' WHERE lu_ref = '1'");
    expect(() => t.engine.bulkInsert('lulevel', ['lu_ref'], [['9']])).toThrow(
      expect.objectContaining({ number: 1222 }),
    );
    t.engine.bulkInsert('lookup', ['lu_type', 'lu_ref'], [['B', '1']]);
    await ok(a, 'COMMIT');
    t.engine.bulkInsert('lulevel', ['lu_ref'], [['9']]);
    expect(await rows(a, 'SELECT lu_ref, RTRIM(lu_desc) FROM lulevel ORDER BY lu_ref')).toEqual([
      ['1', 'x'],
      ['2', 'two'],
      ['9', ''],
    ]);
  });
});

/**
 * UPDLOCK: "update locks are to be taken and held until the transaction completes"
 * (https://learn.microsoft.com/sql/t-sql/queries/hints-transact-sql-table); U is compatible with S but not
 * with U or X (https://learn.microsoft.com/sql/relational-databases/sql-server-transaction-locking-and-row-versioning-guide).
 * Plain reads never block here (row versioning), so only UPDLOCK/XLOCK reads and writes meet a U lock.
 */
describe('update locks (UPDLOCK, XLOCK)', () => {
  beforeEach(async () => {
    await ok(
      t.session(),
      "INSERT INTO sysserial (ser_type, ser_value) VALUES ('a', 1), ('b', 1), ('c', 1); INSERT INTO lulevel (lu_ref, lu_desc) VALUES ('a', 'one'), ('b', 'two')",
    );
  });
  const readA = "SELECT ser_value FROM sysserial WITH (UPDLOCK, ROWLOCK) WHERE ser_type = 'a'";

  test('an UPDLOCK read of a row another transaction U-locked waits, then reads what that one committed; a plain read does not wait', async () => {
    const a = t.session();
    const b = t.session();
    expect(await rows(a, `BEGIN TRAN; ${readA}`)).toEqual([[1]]);
    await b.beginTransaction();
    expect(await rows(b, "SELECT ser_value FROM sysserial WHERE ser_type = 'a'")).toEqual([[1]]);
    expect(await rows(b, "SELECT ser_value FROM sysserial WITH (NOLOCK) WHERE ser_type = 'a'")).toEqual([
      [1],
    ]);
    // another row of the same table is not locked
    expect(await rows(b, "SELECT ser_value FROM sysserial WITH (UPDLOCK) WHERE ser_type = 'b'")).toEqual([
      [1],
    ]);
    const waiting = rows(b, readA);
    expect(await isWaiting(waiting)).toBe(true);
    await ok(a, "UPDATE sysserial SET ser_value = 2 WHERE ser_type = 'a'; COMMIT");
    expect(await waiting).toEqual([[2]]);
    await b.commitTransaction();
  });

  test('a write to a U-locked row waits for the holder; the holder itself may write it (upgrade)', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, `BEGIN TRAN; ${readA}`);
    const update = b.execute("UPDATE sysserial SET ser_value = ser_value + 10 WHERE ser_type = 'a'", []);
    expect(await isWaiting(update)).toBe(true);
    const del = t.session().execute("DELETE FROM sysserial WHERE ser_type = 'a'", []);
    expect(await isWaiting(del)).toBe(true);
    await ok(a, "UPDATE sysserial SET ser_value = 5 WHERE ser_type = 'a'");
    expect(await isWaiting(update)).toBe(true);
    await ok(a, 'COMMIT');
    expect((await update).outcomes).toEqual([{ kind: 'rowCount', rowCount: 1 }]);
    expect((await del).error).toBeUndefined();
    expect(await rows(a, "SELECT COUNT(*) FROM sysserial WHERE ser_type = 'a'")).toEqual([[0]]);
  });

  test('a ROLLBACK releases the U locks', async () => {
    const a = t.session();
    await ok(a, `BEGIN TRAN; ${readA}`);
    const update = t.session().execute("UPDATE sysserial SET ser_value = 7 WHERE ser_type = 'a'", []);
    expect(await isWaiting(update)).toBe(true);
    await ok(a, 'ROLLBACK');
    expect((await update).error).toBeUndefined();
  });

  test('the pattern: two transactions that read with UPDLOCK, then insert only when nothing was there, insert once', async () => {
    const batch = (who: string): string => `BEGIN TRAN;
DECLARE @n int = (SELECT COUNT(*) FROM sysserial s WITH (UPDLOCK, ROWLOCK) WHERE s.ser_type = 'a');
DECLARE @have int = (SELECT COUNT(*) FROM lulevel l WHERE l.lu_ref = 'z');
INSERT INTO lulevel (lu_ref, lu_desc) SELECT 'z', '${who}' FROM sysserial s WHERE s.ser_type = 'a' AND @have = 0;
UPDATE lulevel SET lu_desc = '${who}' WHERE lu_ref = 'z' AND @have > 0`;
    const a = t.session();
    const b = t.session();
    await ok(a, batch('first'));
    const second = b.execute(`${batch('second')}; COMMIT`, []);
    expect(await isWaiting(second)).toBe(true);
    await ok(a, 'COMMIT');
    expect((await second).error).toBeUndefined();
    expect(await rows(a, "SELECT RTRIM(lu_desc) FROM lulevel WHERE lu_ref = 'z'")).toEqual([['second']]);
  });

  test('a scalar subquery, a join and an EXISTS take U locks on the hinted table only', async () => {
    const a = t.session();
    const b = t.session();
    await ok(
      a,
      `BEGIN TRAN;
DECLARE @n int = (SELECT COUNT(*) FROM sysserial s WITH (UPDLOCK, ROWLOCK) WHERE s.ser_type = 'a');
DECLARE @d char(20) = (SELECT TOP (1) l.lu_desc FROM sysserial s INNER JOIN lulevel l WITH (UPDLOCK, ROWLOCK) ON l.lu_ref = LEFT(s.ser_type, 1) WHERE s.ser_type = 'b' ORDER BY l.lu_ref);
UPDATE sysserial SET ser_value = ser_value + 1 WHERE ser_type = 'c' AND EXISTS (SELECT 1 FROM lulevel l WITH (UPDLOCK) WHERE l.lu_ref = 'a')`,
    );
    // sysserial 'a' (scalar subquery), lulevel 'b' (join) and lulevel 'a' (EXISTS) are U-locked ...
    for (const sql of [
      "SELECT COUNT(*) FROM sysserial WITH (UPDLOCK) WHERE ser_type = 'a'",
      "UPDATE lulevel SET lu_desc = 'x' WHERE lu_ref = 'b'",
      "SELECT 1 WHERE EXISTS (SELECT 1 FROM lulevel l WITH (XLOCK) WHERE l.lu_ref = 'a')",
    ]) {
      const waiting = t.session().execute(`BEGIN TRAN; ${sql}; COMMIT`, []);
      expect(await isWaiting(waiting)).toBe(true);
      void waiting.then(() => undefined);
    }
    // ... and sysserial 'b', read without a hint to join on, is not
    expect(
      (await b.execute("UPDATE sysserial SET ser_value = 9 WHERE ser_type = 'b'", [])).error,
    ).toBeUndefined();
    await ok(a, 'COMMIT');
  });

  test('only the rows that meet the statement’s conditions are locked, whatever order SQLite tests them in', async () => {
    const a = t.session();
    await ok(
      a,
      `BEGIN TRAN;
SELECT l.lu_ref FROM sysserial s INNER JOIN lulevel l WITH (UPDLOCK) ON l.lu_ref = LEFT(s.ser_type, 1) WHERE s.ser_type IN ('a', 'b') AND l.lu_desc = 'two';
SELECT COUNT(*) FROM sysserial WITH (UPDLOCK) WHERE ser_value = 1 AND ser_type = 'c'`,
    );
    const other = t.session();
    for (const free of [
      "UPDATE lulevel SET lu_desc = 'x' WHERE lu_ref = 'a'",
      "UPDATE sysserial SET ser_value = 5 WHERE ser_type IN ('a', 'b')",
    ])
      expect(await isWaiting(other.execute(free, []))).toBe(false);
    for (const locked of [
      "UPDATE lulevel SET lu_desc = 'y' WHERE lu_ref = 'b'",
      "UPDATE sysserial SET ser_value = 6 WHERE ser_type = 'c'",
    ]) {
      const waiting = t.session().execute(locked, []);
      expect(await isWaiting(waiting)).toBe(true);
      void waiting.then(() => undefined);
    }
    await ok(a, 'COMMIT');
  });

  test('outside a transaction an UPDLOCK read holds nothing once it ends, but waits for a row another transaction wrote', async () => {
    const a = t.session();
    const b = t.session();
    expect(await rows(b, readA)).toEqual([[1]]);
    await ok(a, "BEGIN TRAN; UPDATE sysserial SET ser_value = 3 WHERE ser_type = 'a'");
    const waiting = rows(b, readA);
    expect(await isWaiting(waiting)).toBe(true);
    await ok(a, 'COMMIT');
    expect(await waiting).toEqual([[3]]);
  });

  test('XLOCK locks like UPDLOCK', async () => {
    const a = t.session();
    await ok(a, "BEGIN TRAN; SELECT ser_value FROM sysserial WITH (XLOCK) WHERE ser_type = 'a'");
    const waiting = rows(t.session(), readA);
    expect(await isWaiting(waiting)).toBe(true);
    await ok(a, 'COMMIT');
    expect(await waiting).toEqual([[1]]);
  });

  test('a deadlock through U locks: 1205 to exactly one, the other completes', async () => {
    const a = t.session();
    const b = t.session();
    await ok(a, `BEGIN TRAN; ${readA}`);
    await ok(b, "BEGIN TRAN; SELECT ser_value FROM sysserial WITH (UPDLOCK) WHERE ser_type = 'b'");
    const aWaits = a.execute("SELECT ser_value FROM sysserial WITH (UPDLOCK) WHERE ser_type = 'b'", []);
    expect(await isWaiting(aWaits)).toBe(true);
    const victim = await b.execute("UPDATE sysserial SET ser_value = 20 WHERE ser_type = 'a'", []);
    expect(victim.error).toMatchObject({ number: 1205 });
    expect(victim.transactionEvents).toEqual(['rolledBack']);
    expect((await aWaits).error).toBeUndefined();
    await ok(a, 'COMMIT');
  });
});

describe('row locks under load', () => {
  test('DDL inside a transaction holds the database until it ends; its rollback undoes the table', async () => {
    const a = t.session();
    const b = t.session();
    await ok(
      a,
      'BEGIN TRAN; CREATE TABLE dbo.scratch (id int NOT NULL); INSERT INTO scratch (id) VALUES (1)',
    );
    const write = b.execute("INSERT INTO lulevel (lu_ref) VALUES ('5')", []);
    expect(await isWaiting(write)).toBe(true);
    // reads never wait: b sees neither the table's row nor a's other changes
    expect(await rows(t.session(), 'SELECT COUNT(*) FROM lulevel')).toEqual([[0]]);
    await ok(a, 'ROLLBACK');
    expect((await write).error).toBeUndefined();
    expect((await a.execute('SELECT * FROM scratch', [])).error).toMatchObject({ number: 208 });
    expect(await rows(a, 'SELECT lu_ref FROM lulevel')).toEqual([['5']]);
  });

  test('concurrent transfers with rollbacks and deadlocks keep every committed change exactly once', async () => {
    // Seeded, and free of timers: the interleaving (and so the outcome) is the same on every run.
    const prng = createPrng(20240611);
    const accounts = 6;
    const setup = t.session();
    await ok(
      setup,
      `CREATE TABLE dbo.acct (id int NOT NULL CONSTRAINT PK_acct PRIMARY KEY, bal int NOT NULL, tstamp rowversion);
       CREATE TABLE dbo.transfer (id int NOT NULL CONSTRAINT PK_transfer PRIMARY KEY, src int NOT NULL, dst int NOT NULL)`,
    );
    for (let i = 1; i <= accounts; i++) await ok(setup, `INSERT INTO acct (id, bal) VALUES (${i}, 100)`);
    const expected = Array.from({ length: accounts + 1 }, () => 100);
    const committed: number[] = [];
    const outcomes = { committed: 0, rolledBack: 0, deadlocked: 0 };
    let nextId = 1;
    const totals = new Set<string>();
    let reads = 0;
    const worker = async (): Promise<void> => {
      const s = t.session();
      const reader = t.session();
      for (let n = 0; n < 40; n++) {
        totals.add((await rows(reader, 'SELECT SUM(bal), COUNT(*) FROM acct'))[0]!.join());
        reads++;
        const src = prng.int(1, accounts);
        const dst = ((src + prng.int(0, accounts - 2)) % accounts) + 1;
        const id = nextId++;
        const commit = prng.chance(0.7);
        const result = await s.execute(
          `BEGIN TRAN;
           UPDATE acct SET bal = bal - 1 WHERE id = ${src};
           INSERT INTO transfer (id, src, dst) VALUES (${id}, ${src}, ${dst});
           UPDATE acct SET bal = bal + 1 WHERE id = ${dst};
           SELECT SUM(bal) FROM acct;
           ${commit ? 'COMMIT' : 'ROLLBACK'}`,
          [],
        );
        if (result.error !== undefined) {
          expect(result.error.number).toBe(1205);
          expect(s.transactionCount).toBe(0);
          outcomes.deadlocked++;
          continue;
        }
        // Inside its transaction each transfer sees the total unchanged.
        expect(result.outcomes[4]).toMatchObject({ resultSet: { rows: [[accounts * 100]] } });
        if (!commit) {
          outcomes.rolledBack++;
          continue;
        }
        outcomes.committed++;
        committed.push(id);
        expected[src]!--;
        expected[dst]!++;
      }
    };
    await Promise.all(Array.from({ length: 5 }, worker));
    // Readers between the transfers (others' transactions open meanwhile) never saw money created or lost.
    expect(reads).toBe(200);
    expect([...totals]).toEqual([`${accounts * 100},${accounts}`]);
    expect(outcomes.deadlocked).toBeGreaterThan(0);
    expect(outcomes.committed + outcomes.rolledBack + outcomes.deadlocked).toBe(200);
    expect(await rows(setup, 'SELECT id, bal FROM acct ORDER BY id')).toEqual(
      expected.slice(1).map((bal, i) => [i + 1, bal]),
    );
    expect(await rows(setup, 'SELECT id FROM transfer ORDER BY id')).toEqual(
      committed.sort((x, y) => x - y).map((id) => [id]),
    );
    expect(
      await rows(setup, 'SELECT CONVERT(bigint, MIN_ACTIVE_ROWVERSION()) - CONVERT(bigint, @@DBTS)'),
    ).toEqual([[1n]]);
  });
});

test('an autocommit write that fails before its statement runs still gives up SQLite’s write lock', async () => {
  const a = t.session();
  await ok(a, 'CREATE TABLE dbo.scratch (id int NULL); INSERT INTO scratch (id) VALUES (1)');
  // Another engine on the same file drops the table behind this engine's cached catalog.
  const other = openEngine({ file: t.file });
  try {
    await ok(other.openSession(), 'DROP TABLE scratch');
    expect((await a.execute('INSERT INTO scratch (id) VALUES (2)', [])).error).toBeDefined();
    expect(a.transactionCount).toBe(0);
    // Had `a` kept SQLite's write lock, this would wait for it forever.
    await ok(other.openSession(), "INSERT INTO lulevel (lu_ref) VALUES ('1')");
  } finally {
    other.close();
  }
});

/** A rowversion as SQL Server sends it: 8 bytes, big-endian. */
function rowversion(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(value);
  return b;
}
