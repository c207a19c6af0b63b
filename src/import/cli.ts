/**
 * `npm run import -- comtrade <file.csv>... [--data <dir>]`: reads every file first and writes
 * nothing unless all of them are clean, then writes one import file per CSV and takes the
 * figures it replaces out of older imports. Exit 0 done, 1 a bad file (nothing changed), 2 bad arguments.
 */
import { stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { buildDocument, serialise, type ImportDocument } from './document.js';
import { loadPartnerDirectory, type PartnerDirectory } from './partners.js';
import { readComtradeFile, type Problem, type ReadResult } from './read.js';
import { SKIP_MEANING, type SkipReason } from './select.js';
import {
  ensureImportsDir,
  findImported,
  importFileName,
  listImports,
  replaceOlder,
  sha256Of,
  writeAtomically,
  type StoredImport,
} from './store.js';

export const USAGE = 'usage: npm run import -- comtrade <file.csv>... [--data <dir>]';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** True when stderr is a terminal: only then is a progress line drawn. */
  readonly progress: boolean;
  readonly now: () => Date;
}

export interface ImportArgs {
  readonly files: readonly string[];
  readonly dataDir: string;
}

export function parseArgs(argv: readonly string[]): ImportArgs | { readonly error: string } {
  const [importer, ...rest] = argv;
  if (importer === undefined) return { error: 'name the importer (comtrade) and at least one CSV file' };
  if (importer !== 'comtrade') return { error: `unknown importer "${importer}" (the one there is: comtrade)` };
  const files: string[] = [];
  let dataDir = 'data';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--data') {
      const value = rest[++i];
      if (value === undefined || value === '') return { error: '--data needs a directory' };
      dataDir = value;
    } else if (arg.startsWith('--data=')) {
      dataDir = arg.slice('--data='.length);
      if (dataDir === '') return { error: '--data needs a directory' };
    } else if (arg.startsWith('-') && arg !== '-') return { error: `unknown option ${arg}` };
    else files.push(arg);
  }
  if (files.length === 0) return { error: 'name at least one CSV file' };
  return { files, dataDir };
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: column "${p.column}": ${p.message}`;
}

export async function runImportCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  if ('error' in args) {
    io.err(`${args.error}\n${USAGE}\n`);
    return 2;
  }
  for (const file of args.files) {
    const found = await stat(file).catch(() => undefined);
    if (!found?.isFile()) {
      io.err(`${file}: no such file\n${USAGE}\n`);
      return 2;
    }
  }

  // A file imported before (same bytes) is not read again: checksumming it is enough.
  const toRead: string[] = [];
  for (const file of args.files) {
    const already = await findImported(args.dataDir, await sha256Of(file));
    if (already) io.out(`${file}: already imported as ${shown(already)}; nothing changed.\n`);
    else toRead.push(file);
  }
  if (toRead.length === 0) return 0;

  // Read everything before writing anything: one bad file stops the whole import.
  const results: ReadResult[] = [];
  for (const file of toRead) {
    const size = (await stat(file)).size;
    const progress = io.progress
      ? (rows: number, bytes: number) => io.err(`\r${file}: ${count(rows)} rows read (${Math.floor((100 * bytes) / Math.max(size, 1))}%)`)
      : undefined;
    const result = await readComtradeFile(file, progress ? { onProgress: progress } : {});
    if (io.progress) io.err('\r\x1b[K');
    results.push(result);
  }
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) {
    for (const p of problems) io.err(`${formatProblem(p)}\n`);
    const bad = results.filter((r) => r.problems.length > 0).length;
    io.err(
      `${plural(problems.length, 'problem')} in ${plural(bad, 'file')}: nothing was imported and ${args.dataDir} is as it was. ` +
        `Fix the file or download it again from https://comtradeplus.un.org.\n`,
    );
    return 1;
  }

  let partners: PartnerDirectory;
  let stored: StoredImport[];
  try {
    partners = await loadPartnerDirectory(args.dataDir);
    stored = await listImports(args.dataDir);
  } catch (error) {
    io.err(`${(error as Error).message}\nNothing was imported and ${args.dataDir} is as it was.\n`);
    return 1;
  }
  for (const result of results) {
    const name = importFileName(result.file, result.sha256);
    const same = stored.find((s) => s.doc.provenance.sha256 === result.sha256);
    if (same) {
      io.out(`${result.file}: already imported as ${shown(same.path)}; nothing changed.\n`);
      continue;
    }
    const now = io.now();
    const doc = buildDocument(result, partners, now, basename(result.file));
    if (doc.figures.length === 0) {
      // Nothing of China's trade with a country: no file, so nothing for the bot to load or cite.
      io.out(`${summary(result, doc, '', [])}\n`);
      continue;
    }
    const path = join(await ensureImportsDir(args.dataDir), name);
    await writeAtomically(path, serialise(doc));

    const replacements: string[] = [];
    for (let i = 0; i < stored.length; i++) {
      const older = stored[i]!;
      const done = await replaceOlder(older, doc, partners.names);
      if (!done) continue;
      replacements.push(
        `replaced ${plural(done.replaced, 'figure')} in ${shown(done.path)} (${done.reports})` +
          (done.deleted ? ', which held nothing else and was deleted' : ''),
      );
      if (done.remaining) stored[i] = { path: older.path, doc: done.remaining };
      else stored.splice(i--, 1);
    }
    stored.push({ path, doc });
    io.out(`${summary(result, doc, shown(path), replacements)}\n`);
  }
  return 0;
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** The one paragraph printed after an import. */
export function summary(result: ReadResult, doc: ImportDocument, path: string, replacements: readonly string[]): string {
  const layout = result.layout === 'plus' ? 'Comtrade Plus layout' : 'legacy Comtrade layout';
  const skipped = Object.entries(result.skipped) as [SkipReason, number][];
  const skippedTotal = skipped.reduce((sum, [, n]) => sum + n, 0);
  const reasons = skipped.map(([reason, n]) => `${SKIP_MEANING[reason]}: ${count(n)}`).join('; ');
  const parts = [
    `Read ${plural(result.rowsRead, 'row')} of ${basename(result.file)} (${layout}, sha256 ${result.sha256.slice(0, 8)}…);`,
    `kept ${count(doc.provenance.rowsKept)}` + (skippedTotal > 0 ? ` and skipped ${count(skippedTotal)}: ${reasons}.` : ', skipped none.'),
    doc.figures.length === 0
      ? "No figures of China's trade with a country: nothing was written."
      : `Wrote ${plural(doc.figures.length, 'figure')} (${doc.sources[0]!.reports}; US dollars, CIF for imports and FOB for exports as each reporter gives them) to ${path}.`,
    ...(replacements.length > 0 ? [`This newer import ${replacements.join('; ')}.`] : []),
  ];
  return parts.join(' ');
}
