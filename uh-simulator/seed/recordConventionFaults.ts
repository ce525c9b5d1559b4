import { FaultPlanter, memberKey, propertyKey, tenancyKey } from './FaultPlanter';
import { NO_DATE } from './uhFormats';

/**
 * UH habits present on most rows rather than planted in a few: padded refs, 1900-01-01 and NULL
 * both meaning "no date", joint tenants' names concatenated with ' & '. Recorded last, as counts
 * plus a few example records, after the planted faults have changed what they change.
 */
export function recordConventionFaults(f: FaultPlanter): void {
  const { log, model } = f;

  log.declare(
    'padded-refs',
    1,
    "char(n) refs come back right-padded ('00032896    ', '0905836/01 ', payment refs with 10 trailing spaces): trim before comparing or joining.",
  );
  const property = model.properties.find((p) => p.kind === 'flat');
  const tenancy = model.tenancies.find((t) => t.current && String(t.row.u_saff_rentacc).length === 10);
  if (property === undefined || tenancy === undefined)
    throw new Error('seed faults: nothing to sample for padded-refs');
  f.sample('padded-refs', 'property', propertyKey(property), 'prop_ref', property.row.prop_ref);
  f.sample('padded-refs', 'tenagree', tenancyKey(tenancy), 'tag_ref', tenancy.row.tag_ref);
  f.sample('padded-refs', 'tenagree', tenancyKey(tenancy), 'u_saff_rentacc', tenancy.row.u_saff_rentacc);
  f.sample(
    'padded-refs',
    'member',
    memberKey(tenancy.household.members[0]!),
    'house_ref',
    tenancy.household.row.house_ref,
  );
  log.markPervasive('padded-refs', model.properties.length + model.tenancies.length * 3);

  log.declare(
    'date-1900',
    2,
    "1900-01-01 means 'no date' in tenagree eot (open tenancies), u_notice_served, courtdate, evictdate, potentialenddate (count = cells).",
  );
  log.declare(
    'null-for-no-date',
    2,
    'NULL also means "no date" in the same tenagree columns (count = cells): readers must treat NULL and 1900-01-01 alike.',
  );
  const columns = ['eot', 'u_notice_served', 'courtdate', 'evictdate', 'potentialenddate'] as const;
  let noDate = 0;
  let nulls = 0;
  const sampledNoDate = new Set<string>();
  const sampledNull = new Set<string>();
  for (const t of model.tenancies) {
    for (const column of columns) {
      const value = t.row[column];
      if (value === NO_DATE) {
        noDate++;
        // One example per column, from tenancies no planted fault touched (open, with a real cot).
        if (!sampledNoDate.has(column) && t.current && t.row.terminated === false) {
          sampledNoDate.add(column);
          f.record('date-1900', 'tenagree', tenancyKey(t), column, value);
        }
      } else if (value === null) {
        nulls++;
        if (!sampledNull.has(column) && t.current) {
          sampledNull.add(column);
          f.record('null-for-no-date', 'tenagree', tenancyKey(t), column, null);
        }
      }
    }
  }
  log.markPervasive('date-1900', noDate);
  log.markPervasive('null-for-no-date', nulls);

  log.declare(
    'joint-names-concatenated',
    10,
    "Joint tenants' names concatenated into one house_desc with ' & ' ('Mr J Smith & Mrs A Smith').",
  );
  let joint = 0;
  for (const t of model.tenancies) {
    if (String(t.household.row.house_desc).includes(' & ')) {
      joint++;
      f.sample(
        'joint-names-concatenated',
        'househ',
        { house_ref: String(t.household.row.house_ref) },
        'house_desc',
        t.household.row.house_desc,
      );
    }
  }
  log.markPervasive('joint-names-concatenated', joint);
}
