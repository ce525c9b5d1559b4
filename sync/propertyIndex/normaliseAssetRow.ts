import { isProblem, postcode, text, uprn, type Problem } from '../llpg/llpgValues';
import type { Normalised } from '../llpg/normaliseAddressRow';
import {
  ASSET_STATUSES,
  REGISTER_LEVELS,
  type AssetStatus,
  type RawAssetRow,
  type RegisterAsset,
} from './assetRegisterFormat';

/** A UH property reference: up to 8 digits, zero-padded; blank is none. */
function propRef(raw: string, column: string): string | null | Problem {
  const value = raw.trim();
  if (value === '') return null;
  if (!/^\d{1,8}$/.test(value))
    return {
      reason: `invalid ${column}`,
      detail: `expected a UH property reference of up to 8 digits in ${column}, got ${JSON.stringify(raw)}`,
    };
  return value.padStart(8, '0');
}

function level(raw: string): RegisterAsset['level'] | Problem {
  const found =
    REGISTER_LEVELS[
      raw
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_')
    ];
  return (
    found ?? {
      reason: 'unknown level',
      detail: `expected Estate, Block, Sub-block, Dwelling, Non-dwelling or Other in level, got ${JSON.stringify(raw)}`,
    }
  );
}

function status(raw: string): AssetStatus | Problem {
  const value = raw.trim().toUpperCase();
  return (ASSET_STATUSES as readonly string[]).includes(value)
    ? (value as AssetStatus)
    : {
        reason: 'unknown status',
        detail: `expected Active, Disabled or Disposed in status, got ${JSON.stringify(raw)}`,
      };
}

function isoDate(raw: string, column: string): string | null | Problem {
  const value = raw.trim();
  if (value === '') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match === null ? null : new Date(`${value}T00:00:00Z`);
  if (
    match === null ||
    date === null ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== value
  )
    return {
      reason: 'invalid date',
      detail: `expected yyyy-mm-dd (blank = none) in ${column}, got ${JSON.stringify(raw)}`,
    };
  return value;
}

/** One row of the extract, validated and normalised; every problem found, not just the first. */
export function normaliseAssetRow(raw: RawAssetRow): Normalised<RegisterAsset> {
  const problems: Problem[] = [];
  const check = <T>(value: T | Problem): T => {
    if (isProblem(value)) {
      problems.push(value);
      return undefined as T;
    }
    return value;
  };
  const assetId = text(raw.asset_id);
  if (assetId === null)
    problems.push({
      reason: 'missing asset_id',
      detail: 'expected the register’s asset id in asset_id, got nothing',
    });
  const value: RegisterAsset = {
    assetId: assetId ?? '',
    propRef: check(propRef(raw.prop_ref, 'prop_ref')),
    uprn: check(uprn(raw.uprn, 'uprn', false)),
    level: check(level(raw.level)),
    assetType: text(raw.asset_type),
    parentPropRef: check(propRef(raw.parent_prop_ref, 'parent_prop_ref')),
    status: check(status(raw.status)),
    statusDate: check(isoDate(raw.status_date, 'status_date')),
    address: text(raw.address),
    postcode: postcode(raw.postcode),
  };
  if (value.uprn !== null && !isProblem(value.uprn) && !/^[1-9]\d{10,11}$/.test(value.uprn))
    problems.push({
      reason: 'invalid uprn',
      detail: `expected 11 or 12 digits in uprn, got ${JSON.stringify(raw.uprn)}`,
    });
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}
