import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, parseDataset, type DataFiles } from '../../src/model/dataset.js';
import { createFigureParser } from '../../src/model/fastFigure.js';
import { figureSchema } from '../../src/model/schema.js';
import { syntheticImport } from '../../scripts/bench/syntheticImport.js';

/** zod's result and the fast parser's for one record: the same data (fields, order, values), or the same issues. */
function agree(raw: unknown, parser = createFigureParser()) {
  const zod = figureSchema.safeParse(raw);
  const fast = parser.parse(raw);
  expect(fast.success).toBe(zod.success);
  if (zod.success && fast.success) {
    expect(fast.data).toStrictEqual(zod.data);
    expect(JSON.stringify(fast.data)).toBe(JSON.stringify(zod.data));
  } else if (!zod.success && !fast.success) {
    expect(fast.error.issues).toEqual(zod.error.issues);
  }
  return fast;
}

async function dataRecords(): Promise<unknown[]> {
  const records: unknown[] = [];
  for (const folder of ['data/figures']) {
    for (const name of (await readdir(folder)).filter((n) => n.endsWith('.json'))) {
      const doc = JSON.parse(await readFile(join(folder, name), 'utf8')) as { figures: unknown[] };
      records.push(...doc.figures);
    }
  }
  return records;
}

/** A small random generator, seeded, so that a failure can be run again. */
function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

describe('the fast path for figure records', () => {
  it('builds what figureSchema builds for every record of data/', async () => {
    const parser = createFigureParser();
    const records = await dataRecords();
    expect(records.length).toBeGreaterThan(50);
    for (const raw of records) agree(raw, parser);
    // The plain curated records take the fast path; those with changes, quotes or yuan go to zod.
    expect(parser.counts.fast).toBeGreaterThan(0);
    expect(parser.counts.zod).toBeGreaterThan(0);
  });

  it('builds what figureSchema builds for every record of a generated import, all through the fast path', () => {
    const parser = createFigureParser();
    const doc = syntheticImport(5000);
    // Through JSON, as the loader reads them.
    for (const raw of JSON.parse(JSON.stringify(doc.figures)) as unknown[]) agree(raw, parser);
    expect(parser.counts).toEqual({ fast: 5000, zod: 0 });
  });

  it('agrees with zod on records changed at random: values, types, fields missing and added', () => {
    const random = seeded(13);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const base = syntheticImport(400).figures as unknown as Record<string, unknown>[];
    const values: unknown[] = [
      undefined, null, 0, 2024, 2024.5, 1989, 2101, '', ' ', 'x', 'Kazakhstan', 'kazakhstan', '2024', 'Jan-Oct 2025', '2025-01..10',
      '2025-13', 'H1 2024', '0', '-5', '+12', ' 12 ', '12.5', '1.2 bn', '61 m', '1e9', '007', '9007199254740993', 'china', 'partner',
      'not-stated', 'total', 'china-exports', 'china-imports', 'CIF', 'FOB', 'cif', 'about', 'more than', [], ['comtrade'],
      ['comtrade', 'gacc'], ['Comtrade'], [1], {}, ' padded agency ', 'a'.repeat(121), 'Agency',
    ]; // prettier-ignore
    const fields = [
      'partner',
      'year',
      'period',
      'reporter',
      'agency',
      'statedBy',
      'flow',
      'product',
      'usd',
      'cny',
      'valuation',
      'qualifier',
      'sources',
      'note',
      'extra',
    ];
    let fast = 0;
    for (let i = 0; i < 4000; i++) {
      const raw: Record<string, unknown> = { ...pick(base) };
      const edits = 1 + Math.floor(random() * 2);
      for (let e = 0; e < edits; e++) {
        const field = pick(fields);
        const value = pick(values);
        if (value === undefined) delete raw[field];
        else raw[field] = value;
      }
      const parser = createFigureParser();
      agree(raw, parser);
      fast += parser.counts.fast;
    }
    expect(fast).toBeGreaterThan(100); // the fast path took the edits it can judge
  });

  it('leaves a bad record to zod, so its message names the file, record and field', async () => {
    const read = async (name: string) => ({ path: `data/${name}`, text: await readFile(`data/${name}`, 'utf8') });
    const doc = syntheticImport(50);
    const bad = {
      ...doc,
      figures: doc.figures.map((f, i) => (i === 7 ? { ...f, usd: '12 bn!' } : i === 9 ? { ...f, period: '2024-13' } : f)),
    };
    const files: DataFiles = {
      sources: await read('sources.json'),
      partners: await read('partners.json'),
      figures: [await read('figures/2022-2024.json'), { path: 'data/imports/bad.json', text: JSON.stringify(bad) }],
    };
    let problems: readonly string[] = [];
    try {
      parseDataset(files);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([
      'data/imports/bad.json: record 8 (Kazakhstan 2022, china-exports, hs-01): usd must be written like "43.82 bn", "61 m" or "15338541000", not "12 bn!"',
      'data/imports/bad.json: record 10 (Kazakhstan 2024-13, china-exports, hs-01): period must be a period such as "2025", "Jan-Oct 2025", "H1 2024", "2025-01..10" or "2025-03", not "2024-13"',
    ]);
  });
});
