import { styledName } from './buildHousehold';
import type { Prng } from './createPrng';
import { repairProblems } from './seedNames';
import { repairStatuses } from './uhLookupRows';
import type { BuildContext, TenancyModel } from './uhModel';
import { rqRef, sqlDate } from './uhFormats';
import type { UhRow } from './uhSeedTables';

/** Repair requests over the last two years on let dwellings, raised by the current household. */
export function buildRepairs(
  ctx: BuildContext,
  rng: Prng,
  tenancies: readonly TenancyModel[],
): UhRow<'rmreqst'>[] {
  const repairs: UhRow<'rmreqst'>[] = [];
  const { today, counters, shape } = ctx;
  const maxPerDwelling = Math.round(shape.repairsPerDwelling * 2);
  for (const tenancy of tenancies) {
    if (!tenancy.current || tenancy.property.kind === 'garage') continue;
    const count = rng.int(0, maxPerDwelling);
    const days = Array.from({ length: count }, () =>
      rng.int(Math.max(tenancy.life.cot, today - 730), today - 1),
    ).sort((a, b) => a - b);
    const name = styledName(tenancy.household.members[0] as UhRow<'member'>);
    for (const day of days) {
      const age = today - day;
      const cancelled = rng.chance(0.05);
      const status = cancelled
        ? repairStatuses.cancelled
        : age > 60
          ? repairStatuses.completed
          : rng.pick([repairStatuses.open, repairStatuses.ordered]);
      const ref = counters.nextRqRef();
      repairs.push({
        rq_ref: rqRef(ref),
        prop_ref: tenancy.property.row.prop_ref,
        house_ref: tenancy.household.row.house_ref,
        rq_date: sqlDate(day, rng.int(8 * 60, 18 * 60)),
        rq_problem: rng.pick(repairProblems),
        rq_priority: rng.weighted<string>([
          ['N', 60],
          ['U', 20],
          ['E', 10],
          ['I', 5],
          ['G', 2],
          ['Z', 2],
          ['V', 1],
        ]),
        rq_status: status,
        rq_name: name,
        rq_phone: rng.chance(0.7) ? String(tenancy.household.row.telephone) : null,
        rq_cancel: cancelled ? rng.pick(['TEN', 'DUP']) : '',
        rq_cancel_date: cancelled ? sqlDate(day + rng.int(0, 5)) : null,
        user_code: rng.pick(['CSA', 'WEB', 'RCC']),
        rmreqst_sid: ref,
      });
    }
  }
  return repairs;
}
