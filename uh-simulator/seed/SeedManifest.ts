import type { SeedScale } from './SeedScale';
import type { UhTableName } from './uhSeedTables';

/**
 * What a seed contains and where its deliberate data-quality faults are, so tests can assert that
 * every fault is handled. JSON-serialisable; documented in README.md.
 */
export interface SeedManifest {
  readonly scale: SeedScale;
  /** The seed's "today", 'YYYY-MM-DD'. */
  readonly referenceDate: string;
  readonly counts: Readonly<Record<UhTableName, number>>;
  readonly faults: Readonly<Record<string, FaultEntry>>;
}

export interface FaultEntry {
  /** The row of the domain README's "Data-quality issues" table this fault reproduces (1..20). */
  readonly issue: number;
  readonly description: string;
  /** How many instances the data holds; more than records.length when `sampled`. */
  readonly count: number;
  /** True when the fault is pervasive (e.g. every open tenancy's eot) and records lists a sample. */
  readonly sampled: boolean;
  readonly records: readonly FaultRecord[];
}

/** Where one instance is. Key values are trimmed (look rows up with `=`, which ignores trailing spaces in SQL Server). */
export interface FaultRecord {
  readonly table: UhTableName;
  readonly key: Readonly<Record<string, string | number>>;
  readonly column?: string;
  /** The value exactly as a SELECT returns it (char(n) padded to n; dates 'YYYY-MM-DD HH:MM:SS.000'). */
  readonly value?: string | number | boolean | null;
  readonly note?: string;
}

interface MutableFaultEntry {
  issue: number;
  description: string;
  count: number;
  sampled: boolean;
  records: FaultRecord[];
}

/** Collects fault records while the seed is built. */
export class FaultLog {
  private readonly entries = new Map<string, MutableFaultEntry>();

  declare(kind: string, issue: number, description: string): void {
    if (this.entries.has(kind)) throw new Error(`FaultLog: fault kind ${kind} declared twice`);
    this.entries.set(kind, { issue, description, count: 0, sampled: false, records: [] });
  }

  record(kind: string, record: FaultRecord): void {
    this.entry(kind).records.push(record);
    this.entry(kind).count++;
  }

  /** A pervasive fault: count every instance, keep the first `limit` as records. */
  recordSampled(kind: string, record: FaultRecord, limit = 3): void {
    const entry = this.entry(kind);
    entry.sampled = true;
    entry.count++;
    if (entry.records.length < limit) entry.records.push(record);
  }

  /** A pervasive fault whose records are examples: the data holds `count` instances in all. */
  markPervasive(kind: string, count: number): void {
    const entry = this.entry(kind);
    entry.sampled = true;
    entry.count = count;
  }

  toJSON(): Record<string, FaultEntry> {
    const out: Record<string, FaultEntry> = {};
    // Code-unit order, not localeCompare: the manifest must not depend on the machine's ICU locale.
    for (const [kind, entry] of [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (entry.count === 0) throw new Error(`FaultLog: fault kind ${kind} was declared but never planted`);
      out[kind] = { ...entry, records: [...entry.records] };
    }
    return out;
  }

  private entry(kind: string): MutableFaultEntry {
    const entry = this.entries.get(kind);
    if (entry === undefined) throw new Error(`FaultLog: undeclared fault kind ${kind}`);
    return entry;
  }
}
