import { ByteReader } from './ByteReader';
import { readAllHeaders } from './readAllHeaders';
import { TransactionRequestType } from './protocolConstants';
import { unsupported } from './decodeTypeInfo';

export type TransactionRequest =
  | { readonly kind: 'begin'; readonly isolationLevel: number; readonly name: string }
  | { readonly kind: 'commit'; readonly name: string; readonly beginNew: boolean }
  | { readonly kind: 'rollback'; readonly name: string; readonly beginNew: boolean }
  | { readonly kind: 'save'; readonly name: string };

/** Transaction manager request (MS-TDS 2.2.6.9), as tedious's Transaction payloads build it. */
export function decodeTransactionRequest(payload: Buffer): TransactionRequest {
  const r = new ByteReader(payload);
  readAllHeaders(r);
  const type = r.uint16LE('transaction request type');
  const readName = (): string => {
    if (r.remaining === 0) return '';
    const bytes = r.uint8('transaction name length');
    return r.ucs2(Math.floor(bytes / 2), 'transaction name');
  };
  const readBeginFlag = (): boolean => r.remaining > 0 && (r.uint8('fBeginXact') & 0x01) !== 0;
  switch (type) {
    case TransactionRequestType.Begin: {
      const isolationLevel = r.remaining > 0 ? r.uint8('isolation level') : 0;
      return { kind: 'begin', isolationLevel, name: readName() };
    }
    case TransactionRequestType.Commit: {
      const name = readName();
      return { kind: 'commit', name, beginNew: readBeginFlag() };
    }
    case TransactionRequestType.Rollback: {
      const name = readName();
      return { kind: 'rollback', name, beginNew: readBeginFlag() };
    }
    case TransactionRequestType.Save:
      return { kind: 'save', name: readName() };
    default:
      throw unsupported(`transaction manager request type ${type} (distributed transactions)`);
  }
}
