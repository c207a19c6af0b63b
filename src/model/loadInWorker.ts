/**
 * Reads and validates a data folder in a worker thread (datasetWorker.ts) and brings the Dataset
 * back: the figures in parts of CHUNK, each asked for only once the one before is read, so that
 * each part is read in its own turn of the event loop and interactions are answered in between.
 * A DataError in the worker comes back as the same DataError.
 */
import { Worker } from 'node:worker_threads';
import { COMPILED } from '../config/runtime.js';
import { DataError, type Dataset } from './dataset.js';
import type { WorkerReply } from './workerProtocol.js';
import type { FigureRecord } from './schema.js';

/** Figures per message: at 20,000 a part plus the GC it sets off stalled the main thread 100–300 ms; at 5,000, 40–70 ms. */
export const CHUNK = 5_000;

/**
 * How to start the worker: its file beside this one, datasetWorker.js compiled (dist/, `npm
 * start`), plain node. From the sources (`npm run dev`, the tests) it is datasetWorker.ts, which
 * needs tsx's loader in the worker: on Node 20 `execArgv: ['--import', 'tsx']` registers tsx's
 * hooks too late for the worker's own entry ("Unknown file extension .ts"), so a two-line
 * bootstrap registers them (tsx/esm/api) and then imports the file.
 */
export function workerStart(compiled = COMPILED): { readonly entry: URL | string; readonly eval: boolean } {
  if (compiled) return { entry: new URL('./datasetWorker.js', import.meta.url), eval: false };
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const file = JSON.stringify(new URL('./datasetWorker.ts', import.meta.url).href);
  return { entry: `import(${api}).then(({ register }) => { register(); return import(${file}); });`, eval: true };
}

export function loadDatasetInWorker(dir: string, options: { readonly chunk?: number } = {}): Promise<Dataset> {
  const start = workerStart();
  const worker = new Worker(start.entry, { eval: start.eval, workerData: { dir, chunk: options.chunk ?? CHUNK }, execArgv: [] });
  return new Promise<Dataset>((resolve, reject) => {
    let settled = false;
    let head: Omit<Dataset, 'figures'> | undefined;
    let expected = 0;
    const figures: FigureRecord[] = [];
    const finish = (error: Error | null, dataset?: Dataset) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(dataset!);
    };
    const done = () => finish(null, { ...head!, figures });
    worker.on('message', (reply: WorkerReply) => {
      switch (reply.type) {
        case 'dataset':
          head = reply.dataset;
          expected = reply.figureCount;
          if (expected === 0) done();
          else worker.postMessage({ type: 'next' });
          return;
        case 'figures':
          for (const f of reply.figures) figures.push(f);
          if (figures.length >= expected) done();
          else worker.postMessage({ type: 'next' });
          return;
        case 'data-error':
          finish(new DataError(reply.problems));
          return;
        case 'error':
          finish(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}, reply.path ? { path: reply.path } : {}));
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`the data worker stopped (exit code ${code}) before it sent the figures`)));
  });
}
