/**
 * The bot at one size of imported data (`--figures N`), in a fresh process, running the compiled
 * build (dist/, as `npm start` does; the bench builds it first): a data folder with a synthetic
 * import of N figures in the importer's format (syntheticImport.ts) beside the bundled data/.
 *  - the first load (read, parse, validate, build, on the main thread as at start-up) and RSS;
 *  - /trade, /rank and /history through the app (app.handle, as the Discord adapter calls it);
 *  - a reload of the same folder through the worker (FiguresStore.reload, as SIGHUP does) while
 *    monitorEventLoopDelay (10 ms resolution) and a 10 ms setInterval drift probe watch the loop,
 *    and a /trade is asked every 50 ms: the longest stall and the slowest answer meanwhile.
 * Everything it wrote is removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Invocation } from '../../src/core/invocation.js';
import { exitWithParent, report, reportFailures, summarize, timeCalls } from './harness.js';
import { writeSyntheticDataDir } from './syntheticImport.js';
import { seeded } from './workload.js';

exitWithParent();
reportFailures();

const figuresWanted = Number(parseArgs({ options: { figures: { type: 'string' } } }).values.figures);
if (!Number.isFinite(figuresWanted) || figuresWanted < 1) throw new Error('dataSize: pass --figures N');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('dataSize: run with --expose-gc');

// The compiled build, by path: this script runs under tsx, what it measures does not.
const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;
const { loadModel, loadModelInWorker } = (await import(dist('src/model/loadFiles.js'))) as typeof import('../../src/model/loadFiles.js');
const { FiguresStore } = (await import(dist('src/model/figuresStore.js'))) as typeof import('../../src/model/figuresStore.js');
const { createApp } = (await import(dist('src/app/createApp.js'))) as typeof import('../../src/app/createApp.js');
const { createLinkService } = (await import(dist('src/charts/service.js'))) as typeof import('../../src/charts/service.js');
const { commands } = (await import(dist('commands/index.js'))) as typeof import('../../commands/index.js');

const mb = (bytes: number) => bytes / 2 ** 20;
const folder = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
try {
  const dir = join(folder, 'data');
  let t = performance.now();
  await writeSyntheticDataDir(dir, figuresWanted);
  const writeMs = performance.now() - t;
  gc();
  const rssBefore = process.memoryUsage().rss;

  t = performance.now();
  const initial = await loadModel(dir);
  const loadMs = performance.now() - t;
  gc();
  const rssAfterLoad = process.memoryUsage().rss;
  const figures = initial.model.dataset.figures.length;

  const store = new FiguresStore(initial, () => loadModelInWorker(dir));
  const app = createApp({
    commands,
    figures: () => store.current(),
    charts: createLinkService({ quickchartUrl: 'https://quickchart.io' }),
  });
  const dm: Invocation = { userId: '1', guildId: null, channelId: null, memberPermissions: null };
  const model = store.current().model;
  const imported = model.partners.filter((p) => model.years(p.id).length > 0);
  const years = model.allYears();
  const random = seeded(figuresWanted);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const kinds: Record<string, number> = {};
  const ask = async (name: string, options: Record<string, string | number>) => {
    const outcome = await app.handle(name, options, dm);
    kinds[`${name} ${outcome.kind}`] = (kinds[`${name} ${outcome.kind}`] ?? 0) + 1;
  };
  const calls: Record<string, () => Promise<void>> = {
    trade: () => {
      const partner = pick(imported);
      return ask('trade', { country: partner.name, year: pick(model.years(partner.id)) });
    },
    rank: () => ask('rank', { by: pick(['total', 'china-exports', 'china-imports', 'balance', 'growth']), year: pick(years) }),
    history: () => ask('history', { country: pick(imported).name }),
  };
  const queries: Record<string, ReturnType<typeof summarize>> = {};
  for (const [name, call] of Object.entries(calls)) {
    queries[name] = summarize(await timeCalls(() => call(), { warmup: 20, max: 400, budgetMs: 4000 }));
  }

  // The reload, watched.
  gc();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let drift = 0;
  let ticks = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    drift = Math.max(drift, now - last - 10);
    last = now;
    ticks++;
  }, 10);
  const answers: number[] = [];
  const asking = setInterval(() => {
    const sent = performance.now();
    void calls.trade!().then(() => answers.push(performance.now() - sent));
  }, 50);
  delay.enable();
  t = performance.now();
  const result = await store.reload();
  const reloadMs = performance.now() - t;
  // The probes must get a turn after the reload: the model is built in the reload's last turn,
  // and stopping them in the same turn would never see that stall.
  await new Promise((resolve) => setTimeout(resolve, 100));
  delay.disable();
  clearInterval(probe);
  clearInterval(asking);
  if (!result.ok) throw new Error(`the reload failed: ${result.problems.slice(0, 3).join(' | ')}`);
  const rssAfterReload = process.memoryUsage().rss;

  report({
    type: 'result',
    figures,
    partners: model.partners.length,
    years: years.length,
    writeMs,
    loadMs,
    rssMb: mb(rssAfterLoad),
    rssDeltaMb: mb(rssAfterLoad - rssBefore),
    queries,
    kinds,
    reloadMs,
    stallMs: delay.max / 1e6,
    driftMs: drift,
    ticks,
    answersDuringReload: summarize(answers),
    rssAfterReloadMb: mb(rssAfterReload),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  });
} finally {
  rmSync(folder, { recursive: true, force: true });
}
