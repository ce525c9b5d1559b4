import { startForwardHarness, type ForwardHarness } from '../sync/forward/test/forwardHarness';
import type { ForwardSync } from '../sync/forward/createForwardSync';
import type { PendingWriteMatcher } from '../sync/forward/PendingWriteMatcher';
import { updateContactDetailsInCloud } from '../stores/cloud/writeCloud';

// Forward capture meeting the other direction: versions the reverse direction wrote (echoes), cloud writes
// not yet in UH (conflicts, won by the entity's phase), and text UH could not hold (lossy text).
describe('forward capture: echoes, conflicts, lossy text', () => {
  let f: ForwardHarness;
  let forward: ForwardSync;
  beforeAll(async () => {
    f = await startForwardHarness();
    forward = f.forward();
    await f.catchUp(forward);
  });
  afterAll(async () => {
    await f.close();
  });

  const uhTstamp = async (text: string): Promise<Buffer> => {
    const [row] = await f.uhExec<{ t: Buffer }>(text);
    if (row === undefined) throw new Error(`no row: ${text}`);
    return row.t;
  };
  const setPhase = (entity: string, phase: 'LEGACY' | 'CLOUD') =>
    f.store.query(`UPDATE migration.entity_phase SET phase = $2, percent = $3 WHERE entity = $1`, [
      entity,
      phase,
      phase === 'CLOUD' ? 100 : 0,
    ]);

  it('skips a UH version the reverse direction wrote (the cloud row and the applied outbox row carry its rowversion): no write at all', async () => {
    // What the reverse direction does for a cloud contact-details change: UH's contacts row updated, then
    // the outbox row APPLIED with the rowversion UH gave it, and the cloud row given it too.
    await f.uhExec(`UPDATE dbo.contacts SET con_phone1 = '07700 900222' WHERE con_key = 5`);
    const written = await uhTstamp(`SELECT tstamp AS t FROM dbo.contacts WHERE con_key = 5`);
    await f.store.query(
      `UPDATE housing.contact_details SET phones = '[{"number": "07700 900222", "type": "MOBILE"}]', uh_tstamp = $1,
         mastered_in = 'CLOUD', synced_at = '2026-01-01T00:00:00Z' WHERE house_ref = '0100018'`,
      [written],
    );
    await f.store.query(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload, status, uh_tstamp, applied_at)
       VALUES ('contactDetails', '0100018', 'UPDATE', '{"phones": ["07700 900222"]}', 'APPLIED', $1, now())`,
      [written],
    );
    // And a tenancy the reverse direction ended: the applied outbox row alone recognises it.
    await f.uhExec(`UPDATE dbo.tenagree SET eot = '2026-11-30', terminated = 1 WHERE tag_ref = '0900017/01'`);
    const ended = await uhTstamp(`SELECT tstamp AS t FROM dbo.tenagree WHERE tag_ref = '0900017/01'`);
    await f.store.query(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload, status, uh_tstamp, applied_at)
       VALUES ('tenancy', '0900017/01', 'UPDATE', '{"endDate": "2026-11-30", "terminated": true}', 'APPLIED', $1, now())`,
      [ended],
    );
    await f.store.query(
      `UPDATE housing.tenancy SET end_date = '2026-11-30', is_terminated = true, synced_at = '2026-01-01T00:00:00Z'
       WHERE reference = '0900017/01'`,
    );

    const report = await f.cycle(forward);
    expect(report).toMatchObject({ applied: 0, echoes: 2, conflicts: 0 });
    const { rows } = await f.store.query(
      `SELECT synced_at FROM housing.contact_details WHERE house_ref = '0100018'
       UNION ALL SELECT synced_at FROM housing.tenancy WHERE reference = '0900017/01'`,
    );
    expect(rows).toEqual([
      { synced_at: new Date('2026-01-01T00:00:00Z') },
      { synced_at: new Date('2026-01-01T00:00:00Z') },
    ]);
  });

  it('a UH change to a row with a pending cloud write while the cloud masters it: conflict kept, the cloud wins, the outbox row stays pending', async () => {
    await setPhase('person', 'CLOUD');
    try {
      await updateContactDetailsInCloud(f.store, '0100011', { email: 'cloud@example.org' });
      await f.uhExec(`UPDATE dbo.contacts SET email_address = 'legacy@example.org' WHERE con_key = 3`);
      const uhVersion = await uhTstamp(`SELECT tstamp AS t FROM dbo.contacts WHERE con_key = 3`);
      const report = await f.cycle(forward);
      expect(report).toMatchObject({ applied: 0, conflicts: 1 });
      const contact = await f.store.query(
        `SELECT email FROM housing.contact_details WHERE house_ref = '0100011'`,
      );
      expect(contact.rows).toEqual([{ email: 'cloud@example.org' }]);
      const { rows } = await f.store.query(
        `SELECT c.entity, c.entity_key, c.winner, c.detected_by, c.resolution, c.uh_tstamp, c.outbox_id = o.id AS same_outbox,
           o.status, c.uh_version->'details'->>'email' AS uh_email, c.cloud_version->>'email' AS cloud_email
         FROM sync.conflict c JOIN sync.outbox o ON o.entity = c.entity AND o.entity_key = c.entity_key AND o.status <> 'APPLIED'`,
      );
      expect(rows).toEqual([
        {
          entity: 'contactDetails',
          entity_key: '0100011',
          winner: 'CLOUD',
          detected_by: 'forward',
          resolution: expect.stringMatching(
            /^cloud wins \(person is CLOUD\): UH's version was not applied; outbox \d+ will write the cloud's to UH$/,
          ),
          uh_tstamp: uhVersion,
          same_outbox: true,
          status: 'PENDING',
          uh_email: 'legacy@example.org',
          cloud_email: 'cloud@example.org',
        },
      ]);
    } finally {
      await setPhase('person', 'LEGACY');
    }
  });

  it('the same while UH masters it: conflict kept, UH wins and is applied, the pending outbox rows are set aside (CONFLICT)', async () => {
    // A pending write left behind when the entity moved back from CLOUD.
    const { rows: outbox } = await f.store.query<{ id: string }>(
      `INSERT INTO sync.outbox (entity, entity_key, operation, payload)
       VALUES ('repairRequest', '03200001', 'UPDATE', '{"description": "cloud text"}') RETURNING id::text AS id`,
    );
    await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'legacy text' WHERE rq_ref = '03200001'`);
    const report = await f.cycle(forward);
    expect(report).toMatchObject({ applied: 1, conflicts: 1 });
    const repair = await f.store.query(
      `SELECT description FROM repairs.repair_request WHERE reference = '03200001'`,
    );
    expect(repair.rows).toEqual([{ description: 'legacy text' }]);
    const { rows } = await f.store.query(
      `SELECT c.id::text AS conflict, c.winner, c.resolution, o.status, o.last_error
       FROM sync.conflict c JOIN sync.outbox o ON o.id = c.outbox_id WHERE o.id = $1`,
      [outbox[0]?.id],
    );
    expect(rows).toEqual([
      {
        conflict: expect.any(String),
        winner: 'UH',
        resolution: `UH wins (repairRequest is LEGACY): UH's version was applied; outbox ${outbox[0]?.id} set to CONFLICT`,
        status: 'CONFLICT',
        last_error: `UH changed the row too and UH masters it: see sync.conflict ${rows[0]?.conflict}`,
      },
    ]);
  });

  it('a UH row that already holds the oldest pending write (applied, its marking lost to a crash) is an echo, not a conflict', async () => {
    const calls: { id: string; rq_problem: unknown }[] = [];
    const matcher: PendingWriteMatcher = (pending, uhRow) => {
      calls.push({ id: pending.id, rq_problem: uhRow.rq_problem });
      return (pending.payload as { description?: string }).description === String(uhRow.rq_problem).trim();
    };
    const withReverse = f.forward({ pendingWriteMatcher: matcher });
    await setPhase('repairRequest', 'CLOUD');
    try {
      const { rows: outbox } = await f.store.query<{ id: string }>(
        `INSERT INTO sync.outbox (entity, entity_key, operation, payload)
         VALUES ('repairRequest', '03200002', 'UPDATE', '{"description": "fixed by the cloud"}'),
                ('repairRequest', '03200002', 'UPDATE', '{"description": "and again"}') RETURNING id::text AS id`,
      );
      await f.store.query(
        `UPDATE repairs.repair_request SET description = 'and again' WHERE reference = '03200002'`,
      );
      // The reverse direction wrote the first pending row to UH and was killed before marking it.
      await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'fixed by the cloud' WHERE rq_ref = '03200002'`);
      const report = await f.cycle(withReverse);
      expect(report).toMatchObject({ applied: 0, echoes: 1, conflicts: 0 });
      expect(calls).toEqual([{ id: outbox[0]?.id, rq_problem: 'fixed by the cloud' }]);
      const repair = await f.store.query(
        `SELECT description FROM repairs.repair_request WHERE reference = '03200002'`,
      );
      expect(repair.rows).toEqual([{ description: 'and again' }]);
      const pending = await f.store.query(
        `SELECT count(*)::int AS n FROM sync.outbox WHERE entity_key = '03200002' AND status = 'PENDING'`,
      );
      expect(pending.rows).toEqual([{ n: 2 }]);

      // Without the reverse direction's image function every such change is a conflict (the default).
      await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'fixed by the cloud' WHERE rq_ref = '03200002'`);
      const conservative = await f.cycle(forward);
      expect(conservative).toMatchObject({ applied: 0, echoes: 0, conflicts: 1 });
    } finally {
      await setPhase('repairRequest', 'LEGACY');
    }
  });

  it('text UH cannot hold: the cloud keeps its exact text while UH holds the substitute, and takes UH’s once a legacy application changes it', async () => {
    await f.uhExec(`UPDATE dbo.rmreqst SET rq_name = 'Lukasz Nowak' WHERE rq_ref = '03200004'`);
    await f.cycle(forward);
    await f.store.query(
      `UPDATE repairs.repair_request SET contact_name = 'Łukasz Nowak' WHERE reference = '03200004'`,
    );
    await f.store.query(
      `INSERT INTO sync.lossy_text (entity, entity_key, field, cloud_value, uh_value)
       VALUES ('repairRequest', '03200004', 'contactName', 'Łukasz Nowak', 'Lukasz Nowak')`,
    );
    // Another field changes in UH: the whole row is applied, the name stays exact.
    await f.uhExec(`UPDATE dbo.rmreqst SET rq_problem = 'Tap drips' WHERE rq_ref = '03200004'`);
    expect(await f.cycle(forward)).toMatchObject({ applied: 1 });
    const kept = await f.store.query(
      `SELECT description, contact_name FROM repairs.repair_request WHERE reference = '03200004'`,
    );
    expect(kept.rows).toEqual([{ description: 'Tap drips', contact_name: 'Łukasz Nowak' }]);
    const lossy = `SELECT count(*)::int AS n FROM sync.lossy_text WHERE entity_key = '03200004'`;
    expect((await f.store.query(lossy)).rows).toEqual([{ n: 1 }]);

    // A legacy application renames the reporter: UH's value stands and the substitute is forgotten.
    await f.uhExec(`UPDATE dbo.rmreqst SET rq_name = 'Lucas Novak' WHERE rq_ref = '03200004'`);
    expect(await f.cycle(forward)).toMatchObject({ applied: 1 });
    const changed = await f.store.query(
      `SELECT contact_name FROM repairs.repair_request WHERE reference = '03200004'`,
    );
    expect(changed.rows).toEqual([{ contact_name: 'Lucas Novak' }]);
    expect((await f.store.query(lossy)).rows).toEqual([{ n: 0 }]);
  });
});
