/** Rows per second over a sliding window of recent samples (what `housing sync status` shows as rows/s). */
export class RateWindow {
  private readonly samples: { at: number; rows: number }[] = [];

  constructor(private readonly windowMs: number) {}

  add(at: number, rows: number): void {
    this.samples.push({ at, rows });
    this.prune(at);
  }

  perSecond(now: number): number {
    this.prune(now);
    const first = this.samples[0];
    if (first === undefined) return 0;
    const rows = this.samples.reduce((sum, sample) => sum + sample.rows, 0);
    const spanMs = Math.max(1_000, now - first.at);
    return (rows * 1_000) / spanMs;
  }

  private prune(now: number): void {
    while (this.samples.length > 0 && now - this.samples[0]!.at > this.windowMs) this.samples.shift();
  }
}
