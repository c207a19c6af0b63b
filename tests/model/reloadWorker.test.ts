import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/model/dataset.js';
import { FiguresStore } from '../../src/model/figuresStore.js';
import { loadDatasetInWorker, workerStart } from '../../src/model/loadInWorker.js';
import { loadDataset, loadModel, loadModelInWorker } from '../../src/model/loadFiles.js';
import { writeSyntheticDataDir } from '../../scripts/bench/syntheticImport.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'figures-worker-'));
  await cp('data', dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function edit(name: string, change: (text: string) => string) {
  const path = join(dir, name);
  await writeFile(path, change(await readFile(path, 'utf8')));
}

describe('a reload through the worker thread', () => {
  it('starts the compiled worker with plain node and the sources through tsx', () => {
    const compiled = workerStart(true);
    expect(compiled.eval).toBe(false);
    expect(String(compiled.entry)).toMatch(/\/datasetWorker\.js$/);
    const sources = workerStart(false);
    expect(sources.eval).toBe(true);
    expect(String(sources.entry)).toContain('datasetWorker.ts');
    expect(String(sources.entry)).toContain('tsx');
  });

  it('brings back the same Dataset as a load on this thread', async () => {
    expect(await loadDatasetInWorker(dir, { chunk: 7 })).toEqual(await loadDataset(dir));
  });

  it('swaps in good new figures', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModelInWorker(dir));
    await edit('figures/2022-2024.json', (t) => t.replace('"usd": "15.9 bn"', '"usd": "15.95 bn"'));
    const result = await store.reload();
    expect(result).toEqual({ ok: true, summary: "Kazakhstan 2024 China's imports changed" });
    expect(store.current().model.partnerYear('kazakhstan', 2024)!.flows['china-imports'].value!.usd).toBe(15.95e9);
  });

  it("keeps the figures in use on a bad file, with zod's message naming file, record and field", async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModelInWorker(dir));
    const before = store.current();
    await edit('figures/2022-2024.json', (t) => t.replace('"usd": "43.82 bn"', '"usd": "-43.82 bn"'));
    await expect(loadDatasetInWorker(dir)).rejects.toBeInstanceOf(DataError);
    const result = await store.reload();
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatch(/figures\/2022-2024\.json: record \d+ \(Kazakhstan 2024, total\): usd must be a positive amount$/);
    expect(store.current()).toBe(before);
  });

  it('says what it could not read', async () => {
    await rm(join(dir, 'sources.json'));
    await expect(loadDatasetInWorker(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the event loop turning while it reads and validates 10^5 imported figures', async () => {
    await writeSyntheticDataDir(dir, 100_000);
    const store = new FiguresStore(await loadModel(join(process.cwd(), 'data')), () => loadModelInWorker(dir));
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const result = await store.reload();
    running = false;
    expect(result.ok).toBe(true);
    expect(store.current().model.dataset.figures.length).toBeGreaterThan(100_000);
    // Parsed on this thread, the whole load would be one turn; through the worker the loop turns
    // at least once per part of the figures it receives (20 parts of 5,000), and in between.
    expect(turns).toBeGreaterThan(40);
  }, 60_000);
});

describe('the reload summary in slices', () => {
  it('says word for word what describeReload says, on data too large for one slice', async () => {
    const { describeReload } = await import('../../src/model/diff.js');
    const { describeReloadInSlices, SLICE } = await import('../../src/model/reloadSummary.js');
    await writeSyntheticDataDir(dir, SLICE * 2 + 10);
    const before = await loadModel(dir);
    await edit('imports/synthetic-comtrade.json', (t) =>
      t.replace(/"usd":"(\d+)"/, '"usd":"1$1"').replace(/,\n {4}\{[^\n]*"period":"2024"[^\n]*\}\n {2}\]/, '\n  ]'),
    );
    const after = await loadModel(dir);
    const summary = describeReload(before.model, after.model);
    expect(summary).not.toBe('');
    expect(await describeReloadInSlices(before.model, after.model)).toBe(summary);
    expect(await describeReloadInSlices(before.model, before.model)).toBe(describeReload(before.model, before.model));
    expect(await describeReloadInSlices(after.model, before.model)).toBe(describeReload(after.model, before.model));
  }, 60_000);
});
