import { Worker } from 'node:worker_threads';

/**
 * Run `exportName(options)` from a TypeScript module in a worker thread (as a separate server would run),
 * wait for the value it resolves with (must be structured-cloneable: pick fields in `pick`), and give a
 * way to close it (calls `.close()` on the started object inside the worker).
 */
export async function startInWorker<T>(
  module: string,
  exportName: string,
  options: unknown,
  pick: string[],
): Promise<{ value: T; close(): Promise<void> }> {
  const worker = new Worker(
    `require('tsx/cjs/api').register();
     const { parentPort, workerData } = require('node:worker_threads');
     require(workerData.module)[workerData.exportName](workerData.options).then((started) => {
       parentPort.postMessage(Object.fromEntries(workerData.pick.map((key) => [key, started[key]])));
       parentPort.once('message', () => started.close().then(() => parentPort.close()));
     }, (error) => { throw error; });`,
    { eval: true, workerData: { module, exportName, options, pick } },
  );
  const value = await new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    value,
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}
