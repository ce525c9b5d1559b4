import type { Param } from '../engine/types';
import { ByteReader } from './ByteReader';
import { decodeParamValue } from './decodeParamValue';
import { decodeTypeInfo } from './decodeTypeInfo';
import { ProcIdName } from './protocolConstants';
import { readAllHeaders } from './readAllHeaders';

export interface RpcParam extends Param {
  /** fByRefValue: declared OUTPUT by the client. */
  readonly output: boolean;
}

export interface RpcRequest {
  /** Lower-case name for well-known ids ('sp_executesql' for ProcID 10), otherwise as sent. */
  readonly procedure: string;
  readonly params: readonly RpcParam[];
}

const BY_REF_VALUE = 0x01;

/**
 * RPC request (MS-TDS 2.2.6.6): ALL_HEADERS, procedure name or id, option flags, then parameters
 * (name, status flags, TYPE_INFO, value). Only the first RPC of a batched request is read: tedious sends one.
 */
export function decodeRpcRequest(payload: Buffer): RpcRequest {
  const r = new ByteReader(payload);
  readAllHeaders(r);
  const nameLength = r.uint16LE('procedure name length');
  let procedure: string;
  if (nameLength === 0xffff) {
    const id = r.uint16LE('procedure id');
    procedure = ProcIdName[id] ?? `#${id}`;
  } else {
    procedure = r.ucs2(nameLength, 'procedure name');
  }
  r.uint16LE('option flags');
  const params: RpcParam[] = [];
  while (r.remaining > 0) {
    const first = r.buf[r.offset] as number;
    // 0x80 / 0xFF (TDS 7.2+: 0xFF) separate batched RPCs; the simulator answers the first only.
    if (first === 0x80 || first === 0xff) break;
    const rawName = r.bVarChar('parameter name');
    const status = r.uint8('parameter status');
    const wire = decodeTypeInfo(r);
    const value = decodeParamValue(r, wire);
    params.push({
      name: rawName.startsWith('@') ? rawName.slice(1) : rawName,
      type: wire.sqlType,
      value,
      output: (status & BY_REF_VALUE) !== 0,
    });
  }
  return { procedure, params };
}
