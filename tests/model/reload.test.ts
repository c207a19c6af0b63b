import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FiguresStore, createReloader, type ReloadResult } from '../../src/model/figuresStore.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { watchDataDir } from '../../src/model/watchData.js';

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
    await edit('figures/2022-2024.json', (t) => t.replace('"usd": "43.82 bn"', '"usd": "-43.82 bn"'));
    const result = await store.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/record \d+ \(Kazakhstan 2024, total\): usd must be a positive amount/);
    expect(store.current()).toBe(before);
    expect(store.current().model.partnerYear('kazakhstan', 2024)!.flows.total.value!.usd).toBe(43.82e9);
  });

  it('keeps the figures in use when a key point no longer matches the new figures', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    const before = store.current();
    await edit('figures/2022-2024.json', (t) => t.replace('"usd": "94.82 bn"', '"usd": "97.1 bn"'));
    const result = await store.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain('central-asia-record');
    expect(store.current()).toBe(before);
  });

  it('swaps in good new figures and summarises what changed', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    await edit('figures/2022-2024.json', (t) => t.replace('"usd": "15.9 bn"', '"usd": "15.95 bn"'));
    const result = await store.reload();
    expect(result).toEqual({ ok: true, summary: "Kazakhstan 2024 China's imports changed" });
    expect(store.current().model.partnerYear('kazakhstan', 2024)!.flows['china-imports'].value!.usd).toBe(15.95e9);
  });

  it('reports no change when the files are rewritten as they were', async () => {
    const store = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    await edit('figures/2022-2024.json', (t) => t);
    expect(await store.reload()).toEqual({ ok: true, summary: '' });
  });
});

describe('reloads asked for while data/ is being edited', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const typo = (t: string) => t.replace('"usd": "15.9 bn"', '"usd": "15.95 bn"');
  const fix = (t: string) => t.replace('"usd": "15.95 bn"', '"usd": "15.9 bn"');

  async function setUp() {
    let loads = 0;
    const store = new FiguresStore(await loadModel(dir), () => {
      loads += 1;
      return loadModel(dir);
    });
    const results: ReloadResult[] = [];
    vi.useFakeTimers();
    const reloader = createReloader(store, { settleMs: 1500, onReloaded: (r) => void results.push(r) });
    return { store, reloader, results, loads: () => loads };
  }

  it('become one reload when a burst of saves comes less than the settle time apart', async () => {
    const { reloader, results, loads } = await setUp();
    await edit('figures/2022-2024.json', typo);
    for (let save = 0; save < 5; save++) {
      reloader.request(); // an editor's write, rename and touch, and the watcher's duplicates
      await vi.advanceTimersByTimeAsync(400);
    }
    expect(loads()).toBe(0);
    await vi.advanceTimersByTimeAsync(1500);
    await reloader.idle();
    expect(loads()).toBe(1);
    expect(results).toEqual([{ ok: true, summary: "Kazakhstan 2024 China's imports changed" }]);
  });

  it('announce nothing when a typo is saved and put right within one burst', async () => {
    const { store, reloader, results } = await setUp();
    const before = store.current();
    await edit('figures/2022-2024.json', typo);
    reloader.request();
    await vi.advanceTimersByTimeAsync(800);
    await edit('figures/2022-2024.json', fix);
    reloader.request();
    await vi.advanceTimersByTimeAsync(1500);
    await reloader.idle();
    expect(results).toEqual([{ ok: true, summary: '' }]);
    expect(store.current().model.partnerYear('kazakhstan', 2024)!.flows['china-imports'].value!.usd).toBe(
      before.model.partnerYear('kazakhstan', 2024)!.flows['china-imports'].value!.usd,
    );
  });

  it('are one each for a typo and its fix saved seconds apart, both with the same summary', async () => {
    const { reloader, results } = await setUp();
    for (const change of [typo, fix]) {
      await edit('figures/2022-2024.json', change);
      reloader.request();
      await vi.advanceTimersByTimeAsync(1500);
      await reloader.idle();
    }
    expect(results).toEqual([
      { ok: true, summary: "Kazakhstan 2024 China's imports changed" },
      { ok: true, summary: "Kazakhstan 2024 China's imports changed" },
    ]);
  });

  it('load again after a reload that was running when another save came, so the last save is never missed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstRead!: () => void;
    const read = new Promise<void>((resolve) => (firstRead = resolve));
    let loads = 0;
    const store = new FiguresStore(await loadModel(dir), async () => {
      loads += 1;
      const model = await loadModel(dir); // reads the files as they are now...
      if (loads === 1) {
        firstRead();
        await gate; // ...and is slow to finish
      }
      return model;
    });
    const results: ReloadResult[] = [];
    vi.useFakeTimers();
    const reloader = createReloader(store, { settleMs: 1500, onReloaded: (r) => void results.push(r) });

    reloader.request();
    await vi.advanceTimersByTimeAsync(1500);
    await read;
    await edit('figures/2022-2024.json', typo); // saved after the first reload read the files, before it finished
    reloader.request();
    await vi.advanceTimersByTimeAsync(1500);
    release();
    await reloader.idle();
    expect(loads).toBe(2);
    expect(results).toEqual([
      { ok: true, summary: '' },
      { ok: true, summary: "Kazakhstan 2024 China's imports changed" },
    ]);
    expect(store.current().model.partnerYear('kazakhstan', 2024)!.flows['china-imports'].value!.usd).toBe(15.95e9);
  });

  it('stop once closed: a reload still waiting never runs', async () => {
    const { reloader, loads } = await setUp();
    reloader.request();
    reloader.close();
    await vi.advanceTimersByTimeAsync(5000);
    await reloader.idle();
    reloader.request();
    await vi.advanceTimersByTimeAsync(5000);
    expect(loads()).toBe(0);
  });
});

describe('watching data/', () => {
  it('tells of a saved JSON file, for the reloader to settle', async () => {
    let calls = 0;
    const watcher = watchDataDir(dir, () => (calls += 1));
    try {
      await edit('figures/2022-2024.json', (t) => t);
      await vi.waitFor(() => expect(calls).toBeGreaterThan(0), { timeout: 10_000 });
    } finally {
      watcher.close();
    }
  });
});
