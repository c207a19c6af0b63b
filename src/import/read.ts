/**
 * Reads one Comtrade CSV as a stream (csv-parse, never a split on commas), checksumming the
 * bytes as they pass: the layout, the figures it holds, what was skipped and why, and every
 * problem with its line and column.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Product } from './aggregate.js';
import { detectLayout, type Layout } from './layout.js';
import { mapRow } from './row.js';
import { selectFigure, SKIP, type Draft, type SkipReason } from './select.js';

export interface Problem {
  readonly file: string;
  /** The line a record ends on, 1 being the header. */
  readonly line: number;
  readonly column: string;
  readonly message: string;
}

export interface ReadResult {
  readonly file: string;
  readonly sha256: string;
  readonly layout: Layout['name'] | undefined;
  readonly rowsRead: number;
  readonly drafts: readonly Draft[];
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  readonly problems: readonly Problem[];
}

export interface ReadOptions {
  /** Called now and then with the rows and bytes read so far (for a progress line). */
  readonly onProgress?: (rowsRead: number, bytesRead: number) => void;
  readonly progressEvery?: number;
}

export async function readComtradeFile(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const hash = createHash('sha256');
  const problems: Problem[] = [];
  const drafts: Draft[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  /** key -> index in drafts (and lines) of the figure already read, to catch a row read twice. */
  const seen = new Map<string, number>();
  const lines: number[] = [];
  // One object per product and one string per period, however many rows share them: at 10^6
  // rows the copies csv-parse makes of each description would otherwise be most of the memory.
  const products = new Map<string, Product>();
  const periods = new Map<string, string>();
  let layout: Layout | undefined;
  let stopped = false;
  let rowsRead = 0;
  let bytesRead = 0;
  const every = options.progressEvery ?? 50_000;
  const columns = { reporter: '', partner: '', value: '' };

  const problem = (line: number, column: string, message: string) => problems.push({ file: path, line, column, message });
  const skip = (reason: SkipReason) => (skipped[reason] = (skipped[reason] ?? 0) + 1);

  const interned = (d: Draft): Draft => {
    let period = periods.get(d.period);
    if (period === undefined) periods.set(d.period, (period = d.period));
    if (!d.product) return period === d.period ? d : { ...d, period };
    let product = products.get(d.product.hs);
    if (product === undefined) products.set(d.product.hs, (product = d.product));
    return { ...d, period, product };
  };

  const onRecord = (record: string[], context: { lines: number; records: number }): null => {
    if (stopped) return null;
    const line = context.lines;
    if (layout === undefined) {
      const detected = detectLayout(record);
      if ('problem' in detected) {
        problem(line, '(header)', detected.problem);
        stopped = true;
        return null;
      }
      layout = detected.layout;
      columns.reporter = layout.column.reporterCode!;
      columns.partner = layout.column.partnerCode!;
      columns.value = layout.column.value!;
      return null;
    }
    rowsRead++;
    if (options.onProgress && rowsRead % every === 0) options.onProgress(rowsRead, bytesRead);
    const mapped = mapRow(record, layout);
    if ('problems' in mapped) {
      for (const p of mapped.problems) problem(line, p.column, p.message);
      return null;
    }
    const selected = selectFigure(mapped.row, columns);
    if ('skip' in selected) skip(selected.skip);
    else if ('problem' in selected) problem(line, selected.problem.column, selected.problem.message);
    else {
      const d = selected.draft;
      const key = `${d.country.iso3}|${d.period}|${d.reporter}|${d.flow}|${d.product?.hs ?? ''}`;
      const before = seen.get(key);
      if (before === undefined) {
        seen.set(key, drafts.length);
        lines.push(line);
        drafts.push(interned(d));
      } else if (drafts[before]!.usd === d.usd) skip(SKIP.duplicates);
      else {
        const message = `the same figure is on line ${lines[before]} with another value (${drafts[before]!.usd}, here ${d.usd})`;
        problem(line, columns.value, message);
      }
    }
    return null;
  };

  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, on_record: onRecord });
  parser.on('data', () => {}); // every record is handled in on_record; nothing comes out
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hashing, parser);
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      problem(e.lines ?? 0, '(csv)', e.message.replace(/\s+at line \d+/, ''));
    } else throw error;
  }
  if (!stopped && layout === undefined) problem(1, '(header)', 'the file is empty: no header row');
  else if (layout !== undefined && rowsRead === 0) problem(2, '(row)', 'the file has a header and no rows');

  return { file: path, sha256: hash.digest('hex'), layout: layout?.name, rowsRead, drafts, skipped, problems };
}
