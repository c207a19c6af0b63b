/**
 * The import files in `<data>/imports/`: finding an import already made, writing a new one
 * atomically (a temporary file in the same directory, then a rename), and taking out of older
 * files the figures a newer import replaces.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { comtradeSource, figureKey, serialise, type FigureEntry, type ImportDocument } from './document.js';

export const IMPORTS_DIR = 'imports';

/** `comtrade-<stem>-<first 8 hex of sha256>.json` */
export function importFileName(sourceFile: string, sha256: string): string {
  const stem = basename(sourceFile, extname(sourceFile))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `comtrade-${stem || 'file'}-${sha256.slice(0, 8)}.json`;
}

/** The sha256 of a file's bytes, streamed. */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The import file that already holds a CSV with this checksum, if any. Reads only the head of
 * each file (the provenance comes first), so asking is cheap even beside large imports.
 */
export async function findImported(dataDir: string, sha256: string): Promise<string | undefined> {
  const dir = join(dataDir, IMPORTS_DIR);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  for (const name of names.filter((n) => n.startsWith('comtrade-') && n.endsWith('.json')).sort()) {
    const handle = await open(join(dir, name), 'r');
    try {
      const head = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const found = /"sha256":\s*"([0-9a-f]{64})"/.exec(head.toString('utf8', 0, bytesRead));
      if (found?.[1] === sha256) return join(dir, name);
    } finally {
      await handle.close();
    }
  }
  return undefined;
}

export interface StoredImport {
  readonly path: string;
  readonly doc: ImportDocument;
}

/** Every Comtrade import file under `<data>/imports/`, oldest import first. */
export async function listImports(dataDir: string): Promise<StoredImport[]> {
  const dir = join(dataDir, IMPORTS_DIR);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: StoredImport[] = [];
  for (const name of names.filter((n) => n.startsWith('comtrade-') && n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    let doc: ImportDocument;
    try {
      doc = JSON.parse(await readFile(path, 'utf8')) as ImportDocument;
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message}); was it edited by hand?`, { cause: error });
    }
    if (doc.provenance?.importer === 'comtrade') found.push({ path, doc });
  }
  return found.sort((a, b) => (a.doc.provenance.importedAt < b.doc.provenance.importedAt ? -1 : 1));
}

/** Writes a file so that readers see the old bytes or the new, never half: temp file, fsync, rename. */
export async function writeAtomically(path: string, chunks: Iterable<string>): Promise<void> {
  const temp = join(path, '..', `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(temp, 'w');
  try {
    for (const chunk of chunks) await handle.write(chunk);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await rename(temp, path);
}

export async function ensureImportsDir(dataDir: string): Promise<string> {
  const dir = join(dataDir, IMPORTS_DIR);
  await mkdir(dir, { recursive: true });
  return dir;
}

export interface Replacement {
  readonly path: string;
  readonly replaced: number;
  /** What the older file held, as its source line said. */
  readonly reports: string;
  readonly deleted: boolean;
  /** What is left of the older file (absent when it was deleted). */
  readonly remaining?: ImportDocument;
}

/**
 * Takes out of an older import the figures the new document also has (same partner, period,
 * reporter, flow and product): the older file is rewritten without them, or deleted when none are left.
 */
export async function replaceOlder(
  older: StoredImport,
  newer: ImportDocument,
  partnerNames: ReadonlyMap<string, string> = new Map(),
): Promise<Replacement | undefined> {
  const keys = new Set(newer.figures.map(figureKey));
  const kept = older.doc.figures.filter((f) => !keys.has(figureKey(f)));
  const replaced = older.doc.figures.length - kept.length;
  if (replaced === 0) return undefined;
  const reports = older.doc.sources[0]?.reports ?? '';
  if (kept.length === 0) {
    await unlink(older.path);
    return { path: older.path, replaced, reports, deleted: true };
  }
  const remaining = pruned(older.doc, kept, partnerNames);
  await writeAtomically(older.path, serialise(remaining));
  return { path: older.path, replaced, reports, deleted: false, remaining };
}

/** The document with only these figures, and only the partners and products they use. */
function pruned(doc: ImportDocument, figures: readonly FigureEntry[], partnerNames: ReadonlyMap<string, string>): ImportDocument {
  const partnerIds = new Set(figures.map((f) => f.partner));
  const productIds = new Set(figures.map((f) => f.product));
  const names = new Map(partnerNames);
  for (const f of figures) if (f.agency) names.set(f.partner, f.agency.replace(/, as reported to UN Comtrade$/, ''));
  for (const p of doc.partners) names.set(p.id, p.name);
  return {
    ...doc,
    sources: doc.sources.map((s) => (s.id === 'comtrade' ? comtradeSource(s.date, figures, names) : s)),
    partners: doc.partners.filter((p) => partnerIds.has(p.id)),
    products: doc.products.filter((p) => productIds.has(p.id)),
    figures,
  };
}
