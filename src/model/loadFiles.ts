import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DataError, parseDataset, type Dataset } from './dataset.js';
import type { Figures } from './figures.js';
import { bindKeyPoints } from './keypoints.js';
import { loadDatasetInWorker } from './loadInWorker.js';
import { TradeModel } from './model.js';

async function read(dir: string, name: string) {
  const path = join(dir, name);
  return { path: relative(process.cwd(), path) || path, text: await readFile(path, 'utf8') };
}

/** The folders of figure files: curated releases, and the datasets `npm run import` wrote. */
export const FIGURE_FOLDERS = ['figures', 'imports'] as const;

async function jsonFiles(dir: string, folder: string): Promise<string[]> {
  try {
    const names = await readdir(join(dir, folder));
    return names
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => join(folder, n));
  } catch (error) {
    // No imports yet is normal; a missing figures/ folder is reported by the validation below.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Reads and validates `sources.json`, `partners.json` and every file in `figures/` and `imports/`. */
export async function loadDataset(dir: string): Promise<Dataset> {
  const names = (await Promise.all(FIGURE_FOLDERS.map((f) => jsonFiles(dir, f)))).flat();
  const [sources, partners, ...figures] = await Promise.all([
    read(dir, 'sources.json'),
    read(dir, 'partners.json'),
    ...names.map((n) => read(dir, n)),
  ]);
  if (names.length === 0) throw new DataError([`${join(dir, 'figures')}: no files of figures (*.json)`]);
  return parseDataset({ sources: sources, partners: partners, figures });
}

/**
 * The whole of `data/`, validated and ready to answer: the figures, and the key points bound to
 * them. Throws a DataError listing every problem; nothing half-loaded is ever returned.
 */
export async function loadModel(dir: string): Promise<Figures> {
  return bindModel(dir, await loadDataset(dir));
}

/**
 * loadModel for a reload while the bot answers: the files are read, parsed and validated in a
 * worker thread (loadInWorker.ts); only the model is built here, from the validated Dataset.
 */
export async function loadModelInWorker(dir: string): Promise<Figures> {
  const dataset = await loadDatasetInWorker(dir);
  // A turn of the event loop between the last part of the figures and the build (only here: the
  // tests' fake timers would hold a setImmediate in loadModel).
  await new Promise((resolve) => setImmediate(resolve));
  return bindModel(dir, dataset);
}

async function bindModel(dir: string, dataset: Dataset): Promise<Figures> {
  const file = await read(dir, 'keypoints.json');
  const model = new TradeModel(dataset);
  return { model, keyPoints: bindKeyPoints(file.path, file.text, model) };
}
