import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startInWorker } from './startInWorker';

/** Where the benches keep their seeded simulator files (`.data/bench/uh-<scale>.sqlite`, seeded once). */
export const BENCH_DATA_DIR = join(__dirname, '..', '..', '.data', 'bench');

/**
 * The UH simulator over `.data/bench/uh-<scale>.sqlite` in a worker thread (as a separate server would
 * run), seeding the file on its first use: what the UH-reading benches share.
 */
export async function startBenchSimulator(
  scale: string,
): Promise<{ value: { url: string }; close(): Promise<void> }> {
  mkdirSync(BENCH_DATA_DIR, { recursive: true });
  process.stderr.write(`starting the UH simulator (seeding scale ${scale} on the first run) ...\n`);
  return startInWorker<{ url: string }>(
    join(__dirname, '..', '..', 'uh-simulator', 'startUhSimulator.ts'),
    'startUhSimulator',
    { file: join(BENCH_DATA_DIR, `uh-${scale}.sqlite`), seed: scale },
    ['url'],
  );
}
