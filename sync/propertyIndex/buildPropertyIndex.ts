import { canonicalPropertyRef } from '../../stores/uh/canonicalRefs';
import { levelOf } from '../../stores/uh/codeLists';
import { cleanUprn } from '../../stores/uh/composeAddress';
import { cleanText } from '../../stores/uh/normalise';
import type { PropertyLevel } from '../../stores/model/records';
import {
  INDEX_SOURCES,
  type HeadlineCount,
  type IndexDisagreement,
  type IndexSource,
  type PropertyIndex,
} from './PropertyIndex';
import { PROPERTY_INDEX_CATEGORIES } from './PropertyIndexCategory';
import type { PropertyIndexSources } from './readPropertyIndexSources';
import { isDisposedInUh } from './temporaryAccommodation';

const LEVELS: readonly PropertyLevel[] = [
  'ESTATE',
  'BLOCK',
  'SUB_BLOCK',
  'DWELLING',
  'NON_DWELLING',
  'OTHER',
];

/** The LLPG has no levels: a parent shell (class PP) is a block, a residential class (R...) a dwelling. */
function llpgLevel(row: { blpu_class: string | null; property_shell: boolean }): PropertyLevel {
  const code = (row.blpu_class ?? '').toUpperCase();
  if (row.property_shell || code === 'PP') return 'BLOCK';
  return code.startsWith('R') ? 'DWELLING' : 'OTHER';
}

/**
 * The Property Index: headline counts by level and by property type across UH, the cloud, the LLPG and
 * the asset register, then every disagreement by category (PropertyIndexCategory) with what each
 * source says. Pure: the sources are read by readPropertyIndexSources.
 */
export function buildPropertyIndex(sources: PropertyIndexSources, generatedAt: Date): PropertyIndex {
  const uh = sources.uh.map((row) => ({
    row,
    ref: canonicalPropertyRef(row.prop_ref) ?? row.prop_ref.trim(),
    level: levelOf(cleanText(row.level_code)),
    type: cleanText(row.type_desc) ?? cleanText(row.subtyp_code) ?? '(none)',
    uprn: cleanUprn(row.u_llpg_ref),
    disposed: isDisposedInUh(row.occ_stat, row.ownership),
    address: cleanText(row.short_address),
  }));
  const uhByRef = new Map(uh.map((p) => [p.ref, p]));
  const temporary = new Set(sources.temporary.map((ref) => canonicalPropertyRef(ref) ?? ref.trim()));
  const registerByRef = new Map<string, PropertyIndexSources['register'][number]>();
  for (const asset of sources.register)
    if (asset.prop_ref !== null && !registerByRef.has(asset.prop_ref))
      registerByRef.set(asset.prop_ref, asset);
  const llpgUprns = new Set(sources.llpg.map((row) => row.uprn));

  const count = <T>(rows: readonly T[], key: (row: T) => string) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
    return counts;
  };
  const levelCounts: Record<IndexSource, Map<string, number>> = {
    uh: count(uh, (p) => p.level),
    cloud: count(sources.cloud, (p) => p.level),
    llpg: count(sources.llpg, llpgLevel),
    register: count(sources.register, (a) => a.level),
  };
  const byLevel: HeadlineCount[] = LEVELS.map((level) => ({
    label: level,
    counts: Object.fromEntries(INDEX_SOURCES.map((s) => [s, levelCounts[s].get(level) ?? 0])) as Record<
      IndexSource,
      number
    >,
  }));
  const uhTypes = count(uh, (p) => p.type);
  const registerTypes = count(sources.register, (a) => a.asset_type ?? '(none)');
  const byType: HeadlineCount[] = [...new Set([...uhTypes.keys(), ...registerTypes.keys()])]
    .sort()
    .map((type) => ({
      label: type,
      counts: { uh: uhTypes.get(type) ?? 0, cloud: null, llpg: null, register: registerTypes.get(type) ?? 0 },
    }));

  const found: IndexDisagreement[] = [];
  const add = (d: IndexDisagreement) => found.push(d);
  for (const p of uh) {
    const asset = registerByRef.get(p.ref);
    const base = { propRef: p.ref, level: p.level, address: p.address };
    if (p.level === 'DWELLING' && asset === undefined && !p.disposed) {
      const ta = temporary.has(p.ref);
      add({
        ...base,
        category: ta ? 'temporary-accommodation-uh-only' : 'dwelling-missing-from-register',
        uh: ta ? 'let as temporary accommodation' : 'live dwelling',
        register: null,
        llpg: null,
        detail: ta ? 'its current tenancy is temporary accommodation' : 'not in the asset register',
      });
    }
    if (p.disposed && p.level === 'DWELLING')
      add({
        ...base,
        category: 'disposed-still-live',
        uh: `occ_stat ${cleanText(p.row.occ_stat) ?? '-'}, ownership ${cleanText(p.row.ownership) ?? '-'}, still level ${cleanText(p.row.level_code) ?? '-'}`,
        register: asset === undefined ? null : asset.status,
        llpg: null,
        detail: 'UH marks it disposed but still holds it as a live dwelling',
      });
    if (asset === undefined) continue;
    if (asset.status === 'DISPOSED' && !p.disposed)
      add({
        ...base,
        category: 'disposed-still-live',
        uh: 'live',
        register: `Disposed${asset.status_date === null ? '' : ` ${asset.status_date}`}`,
        llpg: null,
        detail: 'the register has disposed of it; UH still holds it as live',
      });
    if (asset.status === 'DISABLED' && p.level === 'BLOCK' && !p.disposed)
      add({
        ...base,
        category: 'block-disabled-in-register',
        uh: 'live block',
        register: `Disabled${asset.status_date === null ? '' : ` ${asset.status_date}`}`,
        llpg: null,
        detail: 'disabled in the register but live in UH',
      });
    const problems: string[] = [];
    if (p.uprn !== asset.uprn) problems.push(`UH ${p.uprn ?? 'none'}, register ${asset.uprn ?? 'none'}`);
    if (p.uprn !== null && !llpgUprns.has(p.uprn))
      problems.push(`the LLPG has no record of UH's UPRN ${p.uprn}`);
    if (problems.length > 0)
      add({
        ...base,
        category: 'uprn-mismatch',
        uh: p.uprn,
        register: asset.uprn,
        llpg: p.uprn === null ? null : llpgUprns.has(p.uprn) ? p.uprn : 'none',
        detail: problems.join('; '),
      });
  }
  // A UH UPRN the LLPG does not know, on a property the register does not hold either.
  for (const p of uh)
    if (!registerByRef.has(p.ref) && p.uprn !== null && !llpgUprns.has(p.uprn))
      add({
        category: 'uprn-mismatch',
        propRef: p.ref,
        level: p.level,
        address: p.address,
        uh: p.uprn,
        register: null,
        llpg: 'none',
        detail: `the LLPG has no record of UH's UPRN ${p.uprn}`,
      });
  // Parent claims per child: UH's major_ref, and what the LLPG's cross-references and parent UPRNs say.
  const claims = new Map<string, { uh: string | null; llpg: { parent: string; source: string }[] }>();
  for (const c of sources.claims) {
    const entry = claims.get(c.child_reference) ?? { uh: null, llpg: [] };
    if (c.source === 'UH_MAJOR_REF') entry.uh = c.parent_reference;
    else if (c.source === 'LLPG_XREF' || c.source === 'LLPG_PARENT_UPRN')
      entry.llpg.push({
        parent: c.parent_reference,
        source: c.source === 'LLPG_XREF' ? 'cross-reference' : 'parent UPRN',
      });
    claims.set(c.child_reference, entry);
  }
  for (const [child, entry] of claims) {
    const disagree = entry.llpg.filter((claim) => claim.parent !== entry.uh);
    if (disagree.length === 0) continue;
    const p = uhByRef.get(child);
    add({
      category: 'parent-mismatch',
      propRef: child,
      level: p?.level ?? null,
      address: p?.address ?? null,
      uh: entry.uh,
      register: null,
      llpg: entry.llpg.map((c) => `${c.parent} (${c.source})`).join(', '),
      detail: `UH's parent ${entry.uh ?? 'none'}; the LLPG says ${disagree.map((c) => `${c.parent} (${c.source})`).join(', ')}`,
    });
  }
  for (const asset of sources.register)
    if (asset.prop_ref !== null && !uhByRef.has(asset.prop_ref))
      add({
        category: 'register-asset-not-in-uh',
        propRef: asset.prop_ref,
        level: asset.level,
        address: asset.address,
        uh: null,
        register: `${asset.asset_id} ${asset.status}`,
        llpg: null,
        detail: `asset ${asset.asset_id} names a UH property UH does not hold`,
      });
  const order = (d: IndexDisagreement) => PROPERTY_INDEX_CATEGORIES.indexOf(d.category);
  found.sort((a, b) => order(a) - order(b) || (a.propRef < b.propRef ? -1 : a.propRef > b.propRef ? 1 : 0));
  return {
    generatedAt: generatedAt.toISOString(),
    totals: {
      uh: uh.length,
      cloud: sources.cloud.length,
      llpg: sources.llpg.length,
      register: sources.register.length,
    },
    byLevel,
    byType,
    disagreements: found,
  };
}
