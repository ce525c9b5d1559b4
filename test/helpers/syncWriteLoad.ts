import type { PgStore } from '../../stores/cloud/PgStore';
import {
  endTenancyInCloud,
  raiseRepairInCloud,
  updateContactDetailsInCloud,
} from '../../stores/cloud/writeCloud';
import type { UhStore } from '../../stores/uh/UhStore';

/**
 * A steady write load on both sides, as the council's day makes it: legacy applications editing UH
 * (members' names, tenancies' rent, repair statuses, new rent transactions, some deleted again) and the
 * graph writing the
 * cloud for entities it masters (contact details, raised repairs, ended tenancies), through the cloud
 * store's own write functions (the cloud subgraph's mutations call the same). The two sides write
 * disjoint records, so every change has one author and the stores must end equal with no conflict.
 * Values are unique per write, so a lost or doubly applied change shows in the final comparison.
 */
export interface WriteLoad {
  /** Runs until stop(); `uhPerSecond` and `cloudPerSecond` writes, each its own transaction. */
  start(): void;
  stop(): Promise<{
    readonly uhWrites: number;
    readonly uhDeletes: number;
    readonly cloudWrites: number;
    readonly failures: number;
  }>;
}

interface Targets {
  readonly cloudHouseholds: readonly string[];
  readonly cloudTenancies: string[];
  readonly cloudProperties: readonly string[];
  readonly uhMembers: readonly { house_ref: string; person_no: number }[];
  readonly uhTenancies: readonly string[];
  readonly uhRepairs: readonly string[];
}

/** Picks the records each side writes, from the backfilled cloud (canonical keys) and UH (raw keys). */
async function pickTargets(pg: PgStore, uh: UhStore): Promise<Targets> {
  const households = (
    await pg.query<{ house_ref: string }>(
      `SELECT c.house_ref FROM housing.contact_details c WHERE c.uh_con_key IS NOT NULL ORDER BY c.house_ref LIMIT 12`,
    )
  ).rows.map((r) => r.house_ref);
  const cloudTenancies = (
    await pg.query<{ reference: string }>(
      `SELECT reference FROM housing.tenancy
       WHERE NOT is_terminated AND end_date IS NULL AND start_date IS NOT NULL AND house_ref IS NOT NULL
         AND NOT (house_ref = ANY($1::text[])) ORDER BY reference LIMIT 10`,
      [households],
    )
  ).rows.map((r) => r.reference);
  const cloudProperties = (
    await pg.query<{ reference: string }>(
      `SELECT reference FROM housing.property WHERE level = 'DWELLING' AND NOT no_maintenance ORDER BY reference LIMIT 10`,
    )
  ).rows.map((r) => r.reference);
  const taken = (
    await pg.query<{ house_ref: string }>(
      'SELECT DISTINCT house_ref FROM housing.tenancy WHERE reference = ANY($1::text[])',
      [cloudTenancies],
    )
  ).rows.map((r) => r.house_ref);
  const avoid = new Set([...households, ...taken]);
  const uhMembers = (
    await uh.query<{ house_ref: string; person_no: number }>({
      name: 'load.members',
      text: 'SELECT TOP (60) m.house_ref, m.person_no FROM dbo.member m ORDER BY m.house_ref, m.person_no',
      params: [],
    })
  ).filter((m) => !avoid.has(m.house_ref.trim()));
  const uhTenancies = (
    await uh.query<{ tag_ref: string; house_ref: string }>({
      name: 'load.tenancies',
      text: `SELECT TOP (60) t.tag_ref, t.house_ref FROM dbo.tenagree t WHERE t.tag_ref > '' ORDER BY t.tag_ref DESC`,
      params: [],
    })
  )
    .filter((t) => !avoid.has(t.house_ref.trim()) && !cloudTenancies.includes(t.tag_ref.trim()))
    .map((t) => t.tag_ref);
  const uhRepairs = (
    await uh.query<{ rq_ref: string }>({
      name: 'load.repairs',
      text: 'SELECT TOP (20) r.rq_ref FROM dbo.rmreqst r ORDER BY r.rq_ref',
      params: [],
    })
  ).map((r) => r.rq_ref);
  return {
    cloudHouseholds: households,
    cloudTenancies,
    cloudProperties,
    uhMembers: uhMembers.slice(0, 20),
    uhTenancies: uhTenancies.slice(0, 20),
    uhRepairs,
  };
}

export async function createWriteLoad(
  pg: PgStore,
  uh: UhStore,
  rates: { uhPerSecond: number; cloudPerSecond: number },
): Promise<WriteLoad> {
  const targets = await pickTargets(pg, uh);
  let serial = 0;
  let uhWrites = 0;
  let uhDeletes = 0;
  let cloudWrites = 0;
  let failures = 0;
  let running = false;
  const loops: Promise<void>[] = [];

  const inserted: number[] = [];
  const uhWrite = async (): Promise<void> => {
    const n = ++serial;
    // Every tenth write deletes a transaction the load inserted (UH deletes leave no rowversion: the
    // sync's key sweep must find them).
    if (n % 10 === 0 && inserted.length > 5) {
      const transno = inserted.splice(0, 1)[0]!;
      await uh.query({
        name: 'load.deleteTransaction',
        text: 'DELETE FROM dbo.rtrans WHERE batchid = @batch AND transno = @no',
        params: [
          { type: 'int', name: 'batch', value: 990_000 },
          { type: 'int', name: 'no', value: transno },
        ],
      });
      uhWrites += 1;
      uhDeletes += 1;
      return;
    }
    switch (n % 4) {
      case 0: {
        const member = targets.uhMembers[n % targets.uhMembers.length]!;
        await uh.query({
          name: 'load.member',
          text: 'UPDATE dbo.member SET forename = @name WHERE house_ref = @house AND person_no = @no',
          params: [
            { type: 'char', length: 24, name: 'name', value: `Load${n}` },
            { type: 'char', length: 10, name: 'house', value: member.house_ref },
            { type: 'numeric', precision: 2, scale: 0, name: 'no', value: member.person_no },
          ],
        });
        break;
      }
      case 1: {
        await uh.query({
          name: 'load.rent',
          text: 'UPDATE dbo.tenagree SET rent = @rent WHERE tag_ref = @ref',
          params: [
            {
              type: 'numeric',
              precision: 9,
              scale: 2,
              name: 'rent',
              value: (100 + (n % 9000) / 100).toFixed(2),
            },
            {
              type: 'char',
              length: 11,
              name: 'ref',
              value: targets.uhTenancies[n % targets.uhTenancies.length]!,
            },
          ],
        });
        break;
      }
      case 2: {
        await uh.query({
          name: 'load.repairStatus',
          text: 'UPDATE dbo.rmreqst SET rq_status = @status WHERE rq_ref = @ref',
          params: [
            { type: 'char', length: 3, name: 'status', value: String(n % 1000).padStart(3, '0') },
            { type: 'char', length: 8, name: 'ref', value: targets.uhRepairs[n % targets.uhRepairs.length]! },
          ],
        });
        break;
      }
      default: {
        await uh.query({
          name: 'load.transaction',
          text: `INSERT INTO dbo.rtrans (batchid, transno, line_no, line_segno, tag_ref, trans_type, post_date, real_value)
VALUES (@batch, @no, 1, 1, @ref, 'RPY', '2026-12-01', @value)`,
          params: [
            { type: 'int', name: 'batch', value: 990_000 },
            { type: 'int', name: 'no', value: n },
            {
              type: 'char',
              length: 11,
              name: 'ref',
              value: targets.uhTenancies[n % targets.uhTenancies.length]!,
            },
            { type: 'numeric', precision: 9, scale: 2, name: 'value', value: (-(n % 500) - 1).toFixed(2) },
          ],
        });
        inserted.push(n);
      }
    }
    uhWrites += 1;
  };

  const cloudWrite = async (): Promise<void> => {
    const n = ++serial;
    const kind = n % 5;
    if (kind === 0 && targets.cloudTenancies.length > 0) {
      // Each tenancy ends once; the load moves on to the next.
      const reference = targets.cloudTenancies.shift()!;
      const outcome = await endTenancyInCloud(pg, reference, '2026-12-01', '2026-12-06');
      if (outcome.kind === 'ended') cloudWrites += 1;
      return;
    }
    if (kind === 1) {
      await raiseRepairInCloud(pg, {
        propertyReference: targets.cloudProperties[n % targets.cloudProperties.length]!,
        description: `Load repair ${n}`,
        priority: 'NORMAL',
        contactName: `Caller ${n}`,
        contactPhone: null,
        raisedAt: new Date(Date.UTC(2026, 11, 6, 9, 0, n % 60)),
      });
      cloudWrites += 1;
      return;
    }
    const houseRef = targets.cloudHouseholds[n % targets.cloudHouseholds.length]!;
    await updateContactDetailsInCloud(pg, houseRef, {
      phones: [`020 7946 ${String(n % 10_000).padStart(4, '0')}`],
      email: `w${n}@example.org`,
    });
    cloudWrites += 1;
  };

  const loop = async (perSecond: number, write: () => Promise<void>): Promise<void> => {
    const gap = 1000 / perSecond;
    let next = Date.now();
    while (running) {
      try {
        await write();
      } catch {
        // UH away (the outage test): a legacy application's write fails and is not retried.
        failures += 1;
      }
      next += gap;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else next = Date.now();
    }
  };

  return {
    start: () => {
      running = true;
      if (rates.uhPerSecond > 0) loops.push(loop(rates.uhPerSecond, uhWrite));
      if (rates.cloudPerSecond > 0) loops.push(loop(rates.cloudPerSecond, cloudWrite));
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { uhWrites, uhDeletes, cloudWrites, failures };
    },
  };
}
