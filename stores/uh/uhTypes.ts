import type { UhParamType } from './UhQuery';

/** Parameter types matching UH's columns exactly, so SQL Server compares without implicit conversions. */
export const PROP_REF: UhParamType = { type: 'char', length: 12 };
export const TAG_REF: UhParamType = { type: 'char', length: 11 };
export const HOUSE_REF: UhParamType = { type: 'char', length: 10 };
export const RQ_REF: UhParamType = { type: 'char', length: 8 };
export const POST_CODE: UhParamType = { type: 'char', length: 10 };
export const LEVEL_CODE: UhParamType = { type: 'char', length: 1 };
export const INT: UhParamType = { type: 'int' };
