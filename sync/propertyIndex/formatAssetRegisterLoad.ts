import type { AssetRegisterLoadSummary } from './loadAssetRegister';

/** One line of counts, then each reject reason, as the CLI prints a load. */
export function formatAssetRegisterLoad(summary: AssetRegisterLoadSummary): string {
  return (
    [
      `${summary.file}: ${summary.rows} rows, ${summary.loaded} assets loaded (replacing ${summary.replaced}), ${summary.rejected} rejected, ${summary.seconds.toFixed(1)} s`,
      ...summary.rejects.map((r) => `rejected: ${r.reason}: ${r.count}`),
      ...(summary.rejected > 0
        ? ["rejected rows are in sync.reject (job 'assetRegister') with every problem"]
        : []),
    ].join('\n') + '\n'
  );
}
