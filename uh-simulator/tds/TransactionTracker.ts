import type { TransactionEvent } from '../engine/types';
import type { ByteWriter } from './ByteWriter';
import { EnvChangeType } from './protocolConstants';
import { writeEnvChangeBytes } from './writeTokens';

const EMPTY = Buffer.alloc(0);

/**
 * Tells the client about transaction boundaries with ENVCHANGE 8/9/10 (MS-TDS 2.2.7.9). The 8-byte
 * descriptor sent with BEGIN is what tedious echoes in ALL_HEADERS until the transaction ends; tedious
 * also uses ENVCHANGE 10 to learn that the server rolled back (mssql then aborts its Transaction).
 */
export class TransactionTracker {
  private current: Buffer | undefined;
  private counter = 0;

  get inTransaction(): boolean {
    return this.current !== undefined;
  }

  began(out: ByteWriter): void {
    const descriptor = Buffer.alloc(8);
    descriptor.writeUInt32LE(++this.counter, 0);
    this.current = descriptor;
    writeEnvChangeBytes(out, EnvChangeType.BeginTransaction, descriptor, EMPTY);
  }

  committed(out: ByteWriter): void {
    writeEnvChangeBytes(out, EnvChangeType.CommitTransaction, EMPTY, this.current ?? EMPTY);
    this.current = undefined;
  }

  rolledBack(out: ByteWriter): void {
    writeEnvChangeBytes(out, EnvChangeType.RollbackTransaction, EMPTY, this.current ?? EMPTY);
    this.current = undefined;
  }

  apply(out: ByteWriter, events: readonly TransactionEvent[]): void {
    for (const event of events) {
      switch (event) {
        case 'began':
          this.began(out);
          break;
        case 'committed':
          this.committed(out);
          break;
        case 'rolledBack':
          this.rolledBack(out);
          break;
      }
    }
  }
}
