import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseDataset, type Dataset } from './dataset.js';

/** Reads and validates `sources.json`, `partners.json` and `figures.json` from a data folder. */
export async function loadDataset(dir: string): Promise<Dataset> {
  const read = async (name: string) => {
    const path = join(dir, name);
    return { path: relative(process.cwd(), path) || path, text: await readFile(path, 'utf8') };
  };
  const [sources, partners, figures] = await Promise.all([
    read('sources.json'),
    read('partners.json'),
    read('figures.json'),
  ]);
  return parseDataset({ sources, partners, figures });
}
