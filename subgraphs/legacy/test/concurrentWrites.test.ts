import type { Session } from '../../../uh-simulator/engine/types';
import { startLegacyHarness, type LegacyHarness } from './legacyHarness';

// Two writes to the same UH rows at once, through GraphQL, the mssql driver and the simulator's TDS server.
// Each write is one batch in its own transaction (writeInOneBatch) that reads what it depends on WITH
// (UPDLOCK); on SQL Server the second waits at that read for the first to commit, then reads its result
// (https://learn.microsoft.com/en-us/sql/t-sql/queries/hints-transact-sql-table).
//
// The interleaving is forced, not hoped for: a third transaction (`blocker`) holds a lock both writes need
// after their UPDLOCK reads, and is ended only once the engine reports both requests waiting. Without update
// locks both would then have read the same state before either wrote; with them, the first waits on the
// blocker holding its U lock, and the second waits on the first.
const ROUNDS = 10;

describe('legacy subgraph: concurrent writes to the same UH rows', () => {
  let harness: LegacyHarness;
  beforeAll(async () => {
    harness = await startLegacyHarness();
  });
  afterAll(() => harness.close());

  const uh = async (text: string) => {
    const session = harness.simulator.engine.openSession();
    try {
      const result = await session.execute(text, []);
      if (result.error !== undefined) throw result.error;
      const sets = result.outcomes.flatMap((o) => (o.kind === 'resultSet' ? [o.resultSet.rows] : []));
      return sets[sets.length - 1] ?? [];
    } finally {
      session.close();
    }
  };

  /** A transaction holding the locks `lockSql` takes, on a session of its own. */
  const hold = async (lockSql: string): Promise<Session> => {
    const session = harness.simulator.engine.openSession();
    const result = await session.execute(`BEGIN TRANSACTION; ${lockSql}`, []);
    if (result.error !== undefined) throw result.error;
    return session;
  };

  /** Resolves once `count` statements wait for a lock (the requests travel over TCP, so give them turns). */
  const waitingFor = async (count: number): Promise<void> => {
    for (let turn = 0; turn < 10_000; turn++) {
      if (harness.simulator.engine.waitingForLocks() >= count) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(
      `expected ${count} requests waiting for a lock, saw ${harness.simulator.engine.waitingForLocks()}`,
    );
  };

  /** Runs both writes while `blocker` holds its lock, and ends it once both wait. */
  const race = async <T>(blocker: Session, writes: [() => Promise<T>, () => Promise<T>]): Promise<T[]> => {
    const running = Promise.all(writes.map((write) => write()));
    try {
      await waitingFor(2);
    } finally {
      await blocker.execute('ROLLBACK TRANSACTION', []);
      blocker.close();
    }
    return running;
  };

  const updateContacts = (input: Record<string, unknown>) =>
    harness.run(
      `mutation ($input: ContactDetailsInput!) { updateContactDetails(personId: "0100011-1", input: $input) { id } }`,
      { input },
    );

  it('updateContactDetails twice at once on a household with no contacts row: one row, holding both writes', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await uh(`DELETE FROM dbo.contacts WHERE tag_ref = '0900008/01'`);
      const phone = `07700 9001${String(round).padStart(2, '0')}`;
      const email = `round${round}@example.net`;
      // Both allocate con_key from sysserial after their UPDLOCK reads of the household and its contacts.
      const blocker = await hold(
        "UPDATE dbo.sysserial SET ser_value = ser_value WHERE ser_type = 'contacts'",
      );
      const answers = await race(blocker, [
        () => updateContacts({ phones: [{ number: phone }] }),
        () => updateContacts({ email }),
      ]);
      expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined]);
      // The second write found the first one's row and updated it; two rows would hide one write (the graph
      // reads the household's lowest con_key).
      expect(
        await uh(
          `SELECT RTRIM(con_phone1), RTRIM(email_address) FROM dbo.contacts WHERE tag_ref = '0900008/01'`,
        ),
      ).toEqual([[phone, email]]);
      const read = await harness.run(
        `{ person(id: "0100011-1") { contactDetails { email phones { number } } } }`,
      );
      expect(read.data.person.contactDetails).toEqual({ email, phones: [{ number: phone }] });
    }
  });

  it('raiseRepairRequest twice at once on one property: two requests with distinct references', async () => {
    const raise = (description: string) =>
      harness.run(
        `mutation ($input: RaiseRepairRequestInput!) { raiseRepairRequest(input: $input) { reference } }`,
        { input: { propertyReference: '10009', description, priority: 'NORMAL' } },
      );
    for (let round = 0; round < ROUNDS; round++) {
      const [[before]] = (await uh(`SELECT ser_value FROM dbo.sysserial WHERE ser_type = 'rmreqst'`)) as [
        [number],
      ];
      const blocker = await hold("UPDATE dbo.sysserial SET ser_value = ser_value WHERE ser_type = 'rmreqst'");
      const answers = await race(blocker, [() => raise(`leak ${round}`), () => raise(`door ${round}`)]);
      expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined]);
      const references = answers.map((answer) => answer.data.raiseRepairRequest.reference as string).sort();
      expect(references).toEqual([before + 1, before + 2].map((n) => String(n).padStart(8, '0')));
      expect(
        await uh(
          `SELECT rq_ref, RTRIM(rq_problem) FROM dbo.rmreqst WHERE rq_ref IN ('${references.join("', '")}') ORDER BY rq_problem`,
        ),
      ).toHaveLength(2);
    }
  });

  it('endTenancy twice at once: one ends it, the other is a CONFLICT', async () => {
    const reference = '0900007/01';
    const [[eot, terminated]] = (await uh(
      `SELECT CONVERT(varchar(23), eot, 121), terminated FROM dbo.tenagree WHERE tag_ref = '${reference}'`,
    )) as [[string | null, boolean]];
    const end = (endDate: string) =>
      harness.run(`mutation { endTenancy(reference: "${reference}", endDate: "${endDate}") { endDate } }`);
    for (let round = 0; round < ROUNDS; round++) {
      await uh(
        `UPDATE dbo.tenagree SET eot = ${eot === null ? 'NULL' : `'${eot}'`}, terminated = ${terminated ? 1 : 0} WHERE tag_ref = '${reference}'`,
      );
      // The tenancy row itself, U-locked: both UPDATEs of it wait.
      const blocker = await hold(`SELECT 1 FROM dbo.tenagree WITH (UPDLOCK) WHERE tag_ref = '${reference}'`);
      const answers = await race(blocker, [() => end('2026-06-30'), () => end('2026-07-31')]);
      const winners = answers.filter((answer) => answer.errors === undefined);
      expect(winners).toHaveLength(1);
      const won = winners[0]!.data.endTenancy.endDate as string;
      const loser = answers.find((answer) => answer.errors !== undefined)!.errors![0];
      expect(loser).toMatchObject({
        extensions: { code: 'CONFLICT' },
        message: `tenancy ${reference} already has an end date (${won})`,
      });
      expect(
        await uh(`SELECT CONVERT(varchar(10), eot, 120) FROM dbo.tenagree WHERE tag_ref = '${reference}'`),
      ).toEqual([[won]]);
    }
  });
});
