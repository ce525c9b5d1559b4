/**
 * The canary bucket (0–99) of a consumer for one entity: FNV-1a (32-bit) of "<entity>\0<consumer key>",
 * modulo 100. Stable across processes and restarts (no seed), so every gateway replica sends one consumer
 * to the same store; salted by entity, so the consumers in the first 10% of one entity's canary are not
 * the same ones as another's. A consumer is in the canary when its bucket is below the percent, so
 * raising the percent only ever adds consumers (nobody flips back and forth while a canary widens).
 */
export function canaryBucket(entity: string, consumerKey: string): number {
  let hash = 0x811c9dc5;
  const text = `${entity}\u0000${consumerKey}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}
