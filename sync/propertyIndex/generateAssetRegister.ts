import { createPrng } from '../../uh-simulator/seed/createPrng';
import { generateUhSeed } from '../../uh-simulator/seed/generateUhSeed';
import { SEED_REFERENCE_DATE, scaleShapes, type SeedScale } from '../../uh-simulator/seed/SeedScale';
import { canonicalPropertyRef } from '../../stores/uh/canonicalRefs';
import { levelOf } from '../../stores/uh/codeLists';
import { cleanUprn } from '../../stores/uh/composeAddress';
import { cleanText } from '../../stores/uh/normalise';
import { generateLlpgExtract } from '../llpg/generateLlpgExtract';
import type { AssetRegisterColumn, RawAssetRow } from './assetRegisterFormat';
import type { AssetRegisterManifest, PlantedDisagreement } from './AssetRegisterManifest';
import type { PropertyIndexCategory } from './PropertyIndexCategory';
import { isDisposedInUh, isTemporaryTenancy } from './temporaryAccommodation';

/** A synthetic register extract: its rows (as text, as the CSV holds them) and where it disagrees. */
export interface AssetRegisterExtract {
  readonly rows: readonly RawAssetRow[];
  readonly manifest: AssetRegisterManifest;
}

const LEVEL_NAMES = {
  ESTATE: 'Estate',
  BLOCK: 'Block',
  SUB_BLOCK: 'Sub-block',
  DWELLING: 'Dwelling',
  NON_DWELLING: 'Non-dwelling',
  OTHER: 'Other',
} as const;

/**
 * The asset register a council would hold beside the UH seed at `scale` (deterministic: PRNG seeded
 * `assets:<scale>`, dates fixed): one asset per UH property below the owner, with UH's UPRN, type and
 * parent, all Active, except what is planted (and listed in the manifest):
 * - temporary accommodation is left out (every home whose current tenancy is temporary);
 * - a few let homes are left out; a few blocks are Disabled; a few let homes are Disposed;
 * - UH's disposed homes (seed fault disposed-still-dwelling) are Disposed, as they are;
 * - a few homes carry another UPRN; one asset names a prop_ref UH does not have;
 * - rows the loader must reject (no asset_id, a bad prop_ref, status, date or level, a repeated asset_id).
 * The parent and gazetteer disagreements come from the UH seed (orphan-major-ref, where the LLPG gives the
 * property a parent) and the synthetic LLPG
 * extract (uh-uprn-without-llpg, xref-parent-not-in-uh), whose manifests list them; they are copied here so
 * one manifest says what the Property Index must report.
 */
export function generateAssetRegister(scale: SeedScale): AssetRegisterExtract {
  const seed = generateUhSeed(scale);
  const rng = createPrng(`assets:${scale}`);
  const several = Math.max(1, Math.min(3, scaleShapes[scale].faultMultiplier));
  const table = (name: string) => {
    const t = seed.tables.find((x) => x.name === name);
    if (t === undefined) throw new Error(`generateAssetRegister: the UH seed has no ${name} table`);
    return [...t.rows()].map((values) =>
      Object.fromEntries(
        t.columns.map((c, i) => [
          c,
          values[i] === null || values[i] === undefined ? null : String(values[i]),
        ]),
      ),
    );
  };
  const typeNames = new Map(
    table('lookup')
      .filter((row) => row.lu_type === 'PST')
      .map((row) => [String(row.lu_ref).trim(), String(row.lu_desc ?? '').trim()]),
  );
  const temporary = new Set(
    table('tenagree')
      .filter((t) => t.terminated !== 'true' && isTemporaryTenancy(t.tenure, t.rentgrp_ref))
      .map((t) => canonicalPropertyRef(t.prop_ref ?? null))
      .filter((ref): ref is string => ref !== null),
  );
  const disagreements: Record<PropertyIndexCategory, PlantedDisagreement[]> = {
    'dwelling-missing-from-register': [],
    'temporary-accommodation-uh-only': [],
    'block-disabled-in-register': [],
    'disposed-still-live': [],
    'uprn-mismatch': [],
    'parent-mismatch': [],
    'register-asset-not-in-uh': [],
  };
  const properties = table('property').filter((p) => cleanText(p.level_code ?? null) !== '1');
  const ref = (p: Record<string, string | null>) => canonicalPropertyRef(p.prop_ref ?? null) ?? '';
  const level = (p: Record<string, string | null>) => levelOf(cleanText(p.level_code ?? null));
  const live = properties.filter(
    (p) => level(p) === 'DWELLING' && !isDisposedInUh(p.occ_stat, p.ownership) && !temporary.has(ref(p)),
  );
  const take = <T>(from: T[], n: number): T[] =>
    Array.from({ length: n }, () => {
      const [item] = from.splice(rng.int(0, from.length - 1), 1);
      if (item === undefined)
        throw new Error(`generateAssetRegister: the ${scale} seed has too few properties`);
      return item;
    });
  const withUprn = live.filter((p) => cleanUprn(p.u_llpg_ref ?? null) !== null);
  const pool = live.filter((p) => !withUprn.includes(p));
  const missing = new Set(take(pool.length >= several ? pool : withUprn, several).map(ref));
  const disposed = new Set(take(withUprn, several).map(ref));
  const renumbered = new Set(take(withUprn, several).map(ref));
  const blocks = properties.filter((p) => level(p) === 'BLOCK');
  const disabled = new Set(take(blocks, several).map(ref));

  const rows: Record<AssetRegisterColumn, string>[] = [];
  for (const p of properties) {
    const propRef = ref(p);
    if (temporary.has(propRef)) {
      disagreements['temporary-accommodation-uh-only'].push({
        propRef,
        source: 'register',
        note: 'temporary accommodation, not in the register',
      });
      continue;
    }
    if (missing.has(propRef)) {
      disagreements['dwelling-missing-from-register'].push({
        propRef,
        source: 'register',
        note: 'left out of the register',
      });
      continue;
    }
    const uhDisposed = isDisposedInUh(p.occ_stat, p.ownership);
    const status =
      uhDisposed || disposed.has(propRef) ? 'Disposed' : disabled.has(propRef) ? 'Disabled' : 'Active';
    let uprn = cleanUprn(p.u_llpg_ref ?? null) ?? '';
    if (disposed.has(propRef))
      disagreements['disposed-still-live'].push({
        propRef,
        source: 'register',
        note: 'Disposed in the register, let in UH',
      });
    if (uhDisposed)
      disagreements['disposed-still-live'].push({
        propRef,
        source: 'uh-seed',
        note: 'disposed-still-dwelling',
      });
    if (disabled.has(propRef))
      disagreements['block-disabled-in-register'].push({
        propRef,
        source: 'register',
        note: 'Disabled in the register',
      });
    if (renumbered.has(propRef)) {
      // Another valid UPRN: the last digit moved on by one (a typo in the register).
      uprn = uprn.slice(0, -1) + String((Number(uprn.slice(-1)) + 1) % 10);
      disagreements['uprn-mismatch'].push({ propRef, source: 'register', note: `register UPRN ${uprn}` });
    }
    rows.push({
      asset_id: `CM${propRef}`,
      prop_ref: propRef,
      uprn,
      level: LEVEL_NAMES[level(p)],
      asset_type: typeNames.get(String(p.subtyp_code ?? '').trim()) ?? '',
      parent_prop_ref: canonicalPropertyRef(p.major_ref ?? null) ?? '',
      status,
      status_date: status === 'Active' ? '' : `2024-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
      address: cleanText(p.short_address ?? null) ?? '',
      postcode: cleanText(p.post_code ?? null) ?? '',
    });
  }
  const stranger = {
    ...(rows[0] as Record<AssetRegisterColumn, string>),
    asset_id: 'CM00099998',
    prop_ref: '00099998',
    uprn: '',
  };
  rows.push(stranger);
  disagreements['register-asset-not-in-uh'].push({
    propRef: '00099998',
    source: 'register',
    note: 'no such UH property',
  });

  // UH's parent pointing at a property that does not exist, where the LLPG gives the property a parent
  // (its UPRN's LPI has a parent UPRN): the index must report the two parents.
  const llpgExtract = generateLlpgExtract(scale);
  const withLlpgParent = new Set(
    llpgExtract.addresses
      .filter((a) => a.parent_uprn !== '' && a.lpi_logical_status !== 'Historical')
      .map((a) => a.uprn),
  );
  const uprnOf = new Map(properties.map((p) => [ref(p), cleanUprn(p.u_llpg_ref ?? null)]));
  for (const r of seed.manifest.faults['orphan-major-ref']?.records ?? []) {
    const propRef = canonicalPropertyRef(String(r.key.prop_ref ?? '')) ?? '';
    const uprn = uprnOf.get(propRef);
    if (uprn !== undefined && uprn !== null && withLlpgParent.has(uprn))
      disagreements['parent-mismatch'].push({ propRef, source: 'uh-seed', note: 'orphan-major-ref' });
  }
  const llpg = llpgExtract.manifest;
  for (const r of llpg.quirks['uh-uprn-without-llpg'].records)
    disagreements['uprn-mismatch'].push({
      propRef: r.propRef ?? '',
      source: 'llpg',
      note: 'uh-uprn-without-llpg',
    });
  for (const r of llpg.quirks['xref-parent-not-in-uh'].records)
    disagreements['parent-mismatch'].push({
      propRef: r.propRef ?? '',
      source: 'llpg',
      note: 'xref-parent-not-in-uh',
    });

  const first = rows[0] as Record<AssetRegisterColumn, string>;
  const invalid: [Partial<Record<AssetRegisterColumn, string>>, string, string][] = [
    [{ asset_id: '' }, 'line', 'missing asset_id'],
    [{ asset_id: 'CMBAD1', prop_ref: 'BLK-12' }, 'CMBAD1', 'invalid prop_ref'],
    [{ asset_id: 'CMBAD2', status: 'Demolished' }, 'CMBAD2', 'unknown status'],
    [{ asset_id: 'CMBAD3', status: 'Disposed', status_date: '2023-02-30' }, 'CMBAD3', 'invalid date'],
    [{ asset_id: 'CMBAD4', level: 'Garage block' }, 'CMBAD4', 'unknown level'],
    [{}, `${first.asset_id} (line ${rows.length + 7})`, 'duplicate asset_id'],
  ];
  const invalidRows: { key: string; reason: string }[] = [];
  for (const [fields, key, reason] of invalid) {
    rows.push({ ...first, ...fields });
    // The header is line 1, so the row just added is on line rows.length + 1.
    invalidRows.push({ key: key === 'line' ? `line ${rows.length + 1}` : key, reason });
  }
  return {
    rows,
    manifest: {
      scale,
      referenceDate: SEED_REFERENCE_DATE,
      counts: { rows: rows.length, assets: rows.length - invalid.length },
      disagreements,
      invalidRows,
    },
  };
}
