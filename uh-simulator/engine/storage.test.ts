import { openEngine } from './openEngine';
import { createTestEngine, ok, rows, type TestEngine } from './testEngine';

let t: TestEngine;

beforeEach(() => {
  t = createTestEngine();
});

afterEach(() => {
  t.dispose();
});

test('a reopened file keeps its data, catalog types and rowversion counter', async () => {
  const a = t.session();
  await ok(a, "INSERT INTO tenagree (tag_ref, rent, cot) VALUES ('T1', 12.5, '2020-01-02 10:00')");
  const [[before]] = (await rows(a, 'SELECT CONVERT(bigint, @@DBTS)')) as [[bigint]];
  t.engine.close();
  const again = openEngine({ file: t.file });
  try {
    const s = again.openSession();
    expect(await rows(s, 'SELECT tag_ref, rent, cot FROM tenagree')).toEqual([
      ['T1         ', '12.50', '2020-01-02 10:00:00.000'],
    ]);
    await ok(s, "UPDATE tenagree SET rent = rent + 0.01 WHERE tag_ref = 'T1'");
    expect(await rows(s, 'SELECT CONVERT(bigint, tstamp), rent FROM tenagree')).toEqual([
      [before + 1n, '12.51'],
    ]);
  } finally {
    again.close();
  }
});

test('bulkInsert normalises like INSERT (padding, blank dates, defaults, tstamp) and enforces unique indexes', async () => {
  t.engine.bulkInsert(
    'dbo.tenagree',
    ['tag_ref', 'rent', 'eot', 'cot'],
    [
      ['A/1', '10.50', '', '2021-03-04 05:06:07.000'],
      ['A/2', '0.01', null, '2021-03-04 05:06:31.000'],
    ],
  );
  const a = t.session();
  expect(
    await rows(
      a,
      'SELECT tag_ref, rent, eot, cot, potentialenddate, terminated, present, CONVERT(bigint, tstamp) FROM tenagree ORDER BY tag_ref',
    ),
  ).toEqual([
    [
      'A/1        ',
      '10.50',
      '1900-01-01 00:00:00.000',
      '2021-03-04 05:06:00.000',
      '1900-01-01 00:00:00.000',
      false,
      true,
      1n,
    ],
    ['A/2        ', '0.01', null, '2021-03-04 05:07:00.000', '1900-01-01 00:00:00.000', false, true, 2n],
  ]);
  expect(() => t.engine.bulkInsert('tenagree', ['tag_ref'], [['B/1'], ['A/1']])).toThrow(
    expect.objectContaining({
      number: 2601,
      message:
        "Cannot insert duplicate key row in object 'dbo.tenagree' with unique index 'tenagree01'. The duplicate key value is (A/1        ).",
    }),
  );
  expect(() => t.engine.bulkInsert('tenagree', ['tag_ref'], [['X/1234567890123']])).toThrow(
    expect.objectContaining({ number: 8152 }),
  );
  expect(await rows(a, 'SELECT COUNT(*) FROM tenagree')).toEqual([[2]]);
});

// Target: >= 100,000 rows/s. Measured standalone on this project's shared 2-core machine (load average 5-7):
// about 145k rows per CPU-second and 140k rows/s wall for this table. The assertion counts CPU time and
// leaves headroom, because jest runs other suites beside it and contention inflates CPU time too.
test('bulkInsert is fast: one transaction, 64-row statements, indexes built once', () => {
  const n = 200_000;
  const data: (string | number | boolean | null)[][] = [];
  for (let i = 0; i < n; i++)
    data.push([1, i, 1, 1, `T${i}`, 'DR1', '2024-01-01 00:00:00.000', `${i % 1000}.25`, false]);
  const cpu = process.cpuUsage();
  t.engine.bulkInsert(
    'rtrans',
    [
      'batchid',
      'transno',
      'line_no',
      'line_segno',
      'tag_ref',
      'trans_type',
      'post_date',
      'real_value',
      'adjustment',
    ],
    data,
  );
  const used = process.cpuUsage(cpu);
  expect(n / ((used.user + used.system) / 1e6)).toBeGreaterThan(60_000);
});

test('a large bulkInsert into an empty table still rejects a duplicate key and leaves nothing behind', async () => {
  const data = Array.from({ length: 6000 }, (_, i) => [String(i % 5999).padStart(8, '0')]);
  expect(() => t.engine.bulkInsert('property', ['prop_ref'], data)).toThrow(
    expect.objectContaining({
      number: 2601,
      message:
        "Cannot insert duplicate key row in object 'dbo.property' with unique index 'property01'. The duplicate key value is (00000000    ).",
    }),
  );
  expect(await rows(t.session(), 'SELECT COUNT(*) FROM property')).toEqual([[0]]);
  t.engine.bulkInsert('property', ['prop_ref'], data.slice(0, 5999));
  expect(await rows(t.session(), "SELECT COUNT(*) FROM property WHERE prop_ref = '00000042'")).toEqual([[1]]);
});

test('parameterized single-row SELECTs run well above 3,000/s on the engine', async () => {
  const rowsIn = Array.from({ length: 1000 }, (_, i) => [String(i).padStart(8, '0'), '7', 'E8 1AA']);
  t.engine.bulkInsert('property', ['prop_ref', 'level_code', 'post_code'], rowsIn);
  const a = t.session();
  const sql =
    'SELECT prop_ref, level_code, post_code, tstamp FROM dbo.property WITH (NOLOCK) WHERE prop_ref = @ref';
  const n = 10_000;
  // CPU time of this process: the engine's own cost (~20-40 us per request measured), whatever else runs.
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const r = await a.execute(sql, [
      { name: 'ref', type: { name: 'varchar', length: 12 }, value: String(i % 1000).padStart(8, '0') },
    ]);
    if (r.error || r.outcomes.length !== 1) throw new Error('unexpected');
  }
  const used = process.cpuUsage(cpu);
  expect(n / ((used.user + used.system) / 1e6)).toBeGreaterThan(10_000);
});

test('CREATE TABLE with constraints, CREATE INDEX, DROP TABLE [IF EXISTS]; 2627 for constraint violations', async () => {
  const a = t.session();
  await ok(
    a,
    `CREATE TABLE dbo.scratch (
      id int NOT NULL CONSTRAINT PK_scratch PRIMARY KEY,
      code char(4) NULL CONSTRAINT UQ_scratch_code UNIQUE,
      amount money NOT NULL DEFAULT (0),
      made datetime NULL DEFAULT (getdate()),
      note nvarchar(max) NULL,
      tstamp rowversion
    );
    CREATE NONCLUSTERED INDEX ix_scratch_made ON dbo.scratch (made DESC)`,
  );
  await ok(a, "INSERT INTO scratch (id, code) VALUES (1, 'a')");
  expect(await rows(a, 'SELECT id, code, amount, note FROM scratch')).toEqual([[1, 'a   ', '0.0000', null]]);
  expect((await a.execute("INSERT INTO scratch (id, code) VALUES (1, 'b')", [])).error).toMatchObject({
    number: 2627,
    message:
      "Violation of PRIMARY KEY constraint 'PK_scratch'. Cannot insert duplicate key in object 'dbo.scratch'. The duplicate key value is (1).",
  });
  expect((await a.execute("INSERT INTO scratch (id, code) VALUES (2, 'a')", [])).error).toMatchObject({
    number: 2627,
    message: expect.stringContaining("Violation of UNIQUE KEY constraint 'UQ_scratch_code'"),
  });
  expect((await a.execute('CREATE TABLE scratch (x int)', [])).error).toMatchObject({ number: 2714 });
  await ok(a, 'DROP TABLE dbo.scratch; DROP TABLE IF EXISTS dbo.scratch');
  expect((await a.execute('SELECT * FROM scratch', [])).error).toMatchObject({ number: 208 });
  expect((await a.execute('DROP TABLE scratch', [])).error).toMatchObject({ number: 3701 });
});

test('DECLARE, SET @v and SELECT @v = ... (as mssql output parameters use)', async () => {
  const a = t.session();
  await ok(a, "INSERT INTO sysserial (ser_type, ser_value) VALUES ('con_key', 7)");
  expect(
    await rows(
      a,
      'DECLARE @n int = 1, @s varchar(10); SET @n += 2; SELECT @s = RTRIM(ser_type) FROM sysserial; SELECT @n AS n, @s AS s',
    ),
  ).toEqual([[3, 'con_key']]);
  expect((await a.execute('SELECT @undeclared', [])).error).toMatchObject({
    number: 137,
    message: 'Must declare the scalar variable "@undeclared".',
  });
});
