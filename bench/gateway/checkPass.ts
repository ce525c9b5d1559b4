import { canonicalJson } from './replayKey';

/**
 * Every distinct request of a cell sent once through a gateway (a few at a time), before measuring: it
 * records what the replay subgraphs will answer (in record mode), and it gives each response's `data`
 * so gateways can be compared for the same answers. Request i pairs body i mod B with header set
 * i mod H, as the load does, so lcm(B, H) requests cover every pair the load will send.
 */
export interface CheckResult {
  /** Canonical text of each pair's `data` (undefined when the response had none). */
  readonly data: readonly (string | undefined)[];
  readonly errors: number;
  readonly sampleError: string | undefined;
}

export function pairCount(bodies: number, headerSets: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return (bodies * headerSets) / gcd(bodies, headerSets);
}

export async function checkPass(options: {
  url: string;
  bodies: readonly string[];
  headerSets: readonly Readonly<Record<string, string>>[];
  concurrency: number;
}): Promise<CheckResult> {
  const total = pairCount(options.bodies.length, options.headerSets.length);
  const data: (string | undefined)[] = new Array<string | undefined>(total);
  let errors = 0;
  let sampleError: string | undefined;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, total) }, async () => {
      while (next < total) {
        const i = next++;
        const response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...options.headerSets[i % options.headerSets.length],
          },
          body: options.bodies[i % options.bodies.length],
        });
        const text = await response.text();
        let parsed: { data?: unknown; errors?: unknown } = {};
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          // Not JSON: counted as an error below.
        }
        if (response.status !== 200 || parsed.errors !== undefined || parsed.data === undefined) {
          errors++;
          sampleError ??= `${response.status} ${text.slice(0, 500)}`;
        }
        data[i] = parsed.data === undefined ? undefined : canonicalJson(parsed.data);
      }
    }),
  );
  return { data, errors, sampleError };
}
