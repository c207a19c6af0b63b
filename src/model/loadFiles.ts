import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseDataset, type Dataset } from './dataset.js';
import type { Figures } from './figures.js';
import { bindKeyPoints } from './keypoints.js';
import { TradeModel } from './model.js';

async function read(dir: string, name: string) {
  const path = join(dir, name);
  return { path: relative(process.cwd(), path) || path, text: await readFile(path, 'utf8') };
}

/** Reads and validates `sources.json`, `partners.json` and `figures.json` from a data folder. */
export async function loadDataset(dir: string): Promise<Dataset> {
  const [sources, partners, figures] = await Promise.all([
    read(dir, 'sources.json'),
    read(dir, 'partners.json'),
    read(dir, 'figures.json'),
  ]);
  return parseDataset({ sources, partners, figures });
}

/**
 * The whole of `data/`, validated and ready to answer: the figures, and the key points bound to
 * them. Throws a DataError listing every problem; nothing half-loaded is ever returned.
 */
export async function loadModel(dir: string): Promise<Figures> {
  const model = new TradeModel(await loadDataset(dir));
  const file = await read(dir, 'keypoints.json');
  return { model, keyPoints: bindKeyPoints(file.path, file.text, model) };
}
