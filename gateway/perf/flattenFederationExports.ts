/**
 * A speed shim, loaded before @apollo/gateway and @apollo/query-planner. @apollo/federation-internals'
 * index re-exports every submodule through TypeScript's `__createBinding`, which defines each export as a
 * getter. The executor reads those exports in its innermost loops (`federation_internals_1.assert(...)`
 * per field per entity), and the getters cost about 5% of the gateway's CPU in the bench profile
 * (`get @apollo/federation-internals/dist/index.js:6`). This swaps the cached module's exports for a
 * frozen object of plain values, so modules loaded afterwards read data properties.
 *
 * Safe because federation-internals has no live (reassigned) exports: every `exports.x =` runs at load,
 * none inside a function (checked when this was written; the getters always return what they returned at
 * load). Modules that loaded it earlier keep the original object and are merely slower.
 */
const id = require.resolve('@apollo/federation-internals');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded to be replaced in the cache
require(id);
const cached = require.cache[id];
if (cached !== undefined && !Object.isFrozen(cached.exports)) {
  cached.exports = Object.freeze({ ...(cached.exports as Record<string, unknown>) });
}

export {};
