import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FiguresStore } from '../../src/model/figuresStore.js';
import { loadModel } from '../../src/model/loadFiles.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'figures-'));
  await cp('data', dir, { recursive: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function edit(name: string, change: (text: string) => string) {
  const path = join(dir, name);
  await writeFile(path, change(await readFile(path, 'utf8')));
}

describe('reloading data/', () => {
  it('keeps the figures in use when a reloaded file is bad, and says why', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    const before = store.current();
    await edit('figures.json', (t) => t.replace('"usd": "43.82 bn"', '"usd": "-43.82 bn"'));
    const result = await store.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/record \d+ \(Kazakhstan 2024, total\): usd must be a positive amount/);
    expect(store.current()).toBe(before);
    expect(store.current().model.partnerYear('kazakhstan', 2024)!.flows.total.value!.usd).toBe(43.82e9);
  });

  it('keeps the figures in use when a key point no longer matches the new figures', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    const before = store.current();
    await edit('figures.json', (t) => t.replace('"usd": "94.82 bn"', '"usd": "97.1 bn"'));
    const result = await store.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain('central-asia-record');
    expect(store.current()).toBe(before);
  });

  it('swaps in good new figures and summarises what changed', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    await edit('figures.json', (t) => t.replace('"usd": "15.9 bn"', '"usd": "15.95 bn"'));
    const result = await store.reload();
    expect(result).toEqual({ ok: true, summary: "Kazakhstan 2024 China's imports changed" });
    expect(store.current().model.partnerYear('kazakhstan', 2024)!.flows['china-imports'].value!.usd).toBe(15.95e9);
  });

  it('reports no change when the files are rewritten as they were', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    await edit('figures.json', (t) => t);
    expect(await store.reload()).toEqual({ ok: true, summary: '' });
  });
});
