/**
 * The reload's worker thread: reads and validates a data folder (loadDataset: JSON.parse, the
 * fast check, zod for the rest, the cross-checks) off the main thread, so that the bot keeps
 * answering while 10^6 figures are parsed. It hands the validated Dataset back in parts the main
 * thread asks for one at a time (see loadInWorker.ts): a structured clone of 10^6 figures in one
 * message would stall the main thread for a second while it is read. The main thread ends the
 * worker once it has everything (or the error), so that no message is lost to an early exit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DataError } from './dataset.js';
import { loadDataset } from './loadFiles.js';
import type { WorkerReply, WorkerRequest } from './workerProtocol.js';

const port = parentPort;
if (!port) throw new Error('datasetWorker.ts runs as a worker thread (loadInWorker.ts starts it)');
const { dir, chunk } = workerData as { dir: string; chunk: number };

try {
  const { figures, ...rest } = await loadDataset(dir);
  let sent = 0;
  port.on('message', (message: WorkerRequest) => {
    if (message.type !== 'next') return;
    const figuresPart = figures.slice(sent, sent + chunk);
    sent += figuresPart.length;
    port.postMessage({ type: 'figures', figures: figuresPart } satisfies WorkerReply);
  });
  port.postMessage({ type: 'dataset', dataset: rest, figureCount: figures.length } satisfies WorkerReply);
} catch (error) {
  if (error instanceof DataError) port.postMessage({ type: 'data-error', problems: error.problems } satisfies WorkerReply);
  else {
    const e = error as NodeJS.ErrnoException;
    port.postMessage({
      type: 'error',
      message: e instanceof Error ? e.message : String(error),
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.path !== undefined ? { path: e.path } : {}),
    } satisfies WorkerReply);
  }
}
