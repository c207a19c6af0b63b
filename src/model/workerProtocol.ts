/** The messages between loadInWorker.ts (the main thread) and datasetWorker.ts (the worker). */
import type { Dataset } from './dataset.js';
import type { FigureRecord } from './schema.js';

/** The main thread asks for the next part of the figures once it has read the last. */
export type WorkerRequest = { readonly type: 'next' };
export type WorkerReply =
  | {
      readonly type: 'dataset';
      readonly dataset: Omit<Dataset, 'figures'>;
      readonly figureCount: number;
    }
  | { readonly type: 'figures'; readonly figures: readonly FigureRecord[] }
  | { readonly type: 'data-error'; readonly problems: readonly string[] }
  | { readonly type: 'error'; readonly message: string; readonly code?: string; readonly path?: string };
