/** What one load did, file by file, and the parent claims derived after it. */
export type LlpgSource = 'address' | 'crossReference';

export interface LlpgRejectCount {
  readonly reason: string;
  readonly count: number;
}

export interface LlpgFileSummary {
  readonly source: LlpgSource;
  /** The file (or the synthetic extract's name) it came from. */
  readonly file: string;
  /** Data rows read (header excluded). */
  readonly rows: number;
  /** Rows stored: inserted + updated + unchanged. */
  readonly loaded: number;
  readonly inserted: number;
  readonly updated: number;
  /** Already held exactly so (a re-load of the same extract changes nothing). */
  readonly unchanged: number;
  /** Stored rows the file does not name, deleted (only with replace; otherwise 0). */
  readonly deleted: number;
  readonly rejected: number;
  readonly rejects: readonly LlpgRejectCount[];
}

export interface LlpgClaimSummary {
  readonly parentUprn: number;
  readonly crossReference: number;
}

export interface LlpgLoadSummary {
  readonly files: readonly LlpgFileSummary[];
  readonly claims: LlpgClaimSummary;
  readonly seconds: number;
}

/** The summary as a small table for the CLI (stdout). */
export function formatLlpgLoadSummary(summary: LlpgLoadSummary): string {
  const lines = ['source          rows  loaded  inserted  updated  unchanged  rejected  deleted'];
  for (const f of summary.files) {
    lines.push(
      `${f.source.padEnd(14)} ${String(f.rows).padStart(5)} ${String(f.loaded).padStart(7)} ${String(f.inserted).padStart(9)} ${String(f.updated).padStart(8)} ${String(f.unchanged).padStart(10)} ${String(f.rejected).padStart(9)} ${String(f.deleted).padStart(8)}`,
    );
  }
  for (const f of summary.files) {
    for (const r of f.rejects) lines.push(`rejected ${f.source}: ${r.reason}: ${r.count}`);
  }
  lines.push(
    `parent claims: ${summary.claims.parentUprn} LLPG_PARENT_UPRN, ${summary.claims.crossReference} LLPG_XREF (never preferred)`,
  );
  lines.push(`done in ${summary.seconds.toFixed(1)} s; rejected rows are in sync.reject (job 'llpg')`);
  return `${lines.join('\n')}\n`;
}
