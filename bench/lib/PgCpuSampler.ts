import { readFileSync } from 'node:fs';
import { PgStore } from '../../stores/cloud/PgStore';

/** CPU seconds of a database's PostgreSQL backends, sampled from /proc (utime + stime, clock ticks of 10 ms). */
export class PgCpuSampler {
  private readonly store: PgStore;
  private readonly ticks = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private local = true;

  constructor(
    adminUrl: string,
    private readonly database: string,
  ) {
    this.store = new PgStore({ connectionString: adminUrl, max: 1 });
    this.timer = setInterval(() => void this.sample(), 250);
  }

  async stop(): Promise<number | undefined> {
    clearInterval(this.timer);
    await this.sample();
    await this.store.close();
    return this.local ? [...this.ticks.values()].reduce((a, b) => a + b, 0) / 100 : undefined;
  }

  private async sample(): Promise<void> {
    const { rows } = await this.store
      .query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [this.database])
      .catch(() => ({ rows: [] as { pid: number }[] }));
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        this.ticks.set(pid, Number(fields[11]) + Number(fields[12]));
      } catch {
        this.local = false;
      }
    }
  }
}
