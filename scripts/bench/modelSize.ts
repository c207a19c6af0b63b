/**
 * The model at one size (`--figures N`), in a fresh process (run with --expose-gc and a large
 * heap): parse + validation time, build time, memory held, and /trade- and /rank-like queries,
 * each first cold (not yet memoised) then warm (the same queries again).
 */
import { parseArgs } from 'node:util';
import { parseDataset } from '../../src/model/dataset.js';
import { TradeModel } from '../../src/model/model.js';
import { MEASURES, type Measure } from '../../src/model/views.js';
import { exitWithParent, report, reportFailures, summarize, usSince } from './harness.js';
import { syntheticData } from './synthetic.js';
import { seeded } from './workload.js';

exitWithParent();
reportFailures();

const figures = Number(parseArgs({ options: { figures: { type: 'string' } } }).values.figures);
if (!Number.isFinite(figures) || figures < 1) throw new Error('modelSize: pass --figures N');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('modelSize: run with --expose-gc');

/** Times each query once, in order, until the list or the time budget runs out (µs). */
function timeEach<T>(queries: readonly T[], run: (q: T) => unknown, budgetMs: number): number[] {
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (const q of queries) {
    if (performance.now() > deadline) break;
    const start = process.hrtime.bigint();
    run(q);
    samples.push(usSince(start));
  }
  return samples;
}

function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

const mb = (bytes: number) => bytes / 2 ** 20;

gc();
const before = process.memoryUsage();
let files: ReturnType<typeof syntheticData> | null = syntheticData(figures);
let start = process.hrtime.bigint();
const dataset = parseDataset(files);
const parseMs = usSince(start) / 1000;
start = process.hrtime.bigint();
const model = new TradeModel(dataset);
const buildMs = usSince(start) / 1000;
files = null; // the texts are read once; what stays is the dataset and the model
gc();
const loaded = process.memoryUsage();

const random = seeded(figures);
const years = model.allYears();

// /trade: distinct partner-years in random order, each first cold (never asked), then warm.
const partnerYears = shuffle(
  model.partners.flatMap((p) => model.years(p.id).map((year) => ({ id: p.id, year }))),
  random,
).slice(0, 2000);
const trade = (q: { id: string; year: number }) => model.partnerYear(q.id, q.year);
const tradeCold = timeEach(partnerYears, trade, 6000);
const tradeWarm = timeEach(shuffle(partnerYears.slice(0, tradeCold.length), random), trade, 2000);

// /rank: distinct measure × year × region (or all) combinations, asking for the top 25 rows as
// /rank does (RANK_ROWS in commands/rank.ts); cold is the first time a combination is asked for.
const RANK_ROWS = 25;
const regions: (string | undefined)[] = [undefined, ...model.regions.map((r) => r.id)];
const combos = shuffle(
  MEASURES.flatMap((measure) => years.flatMap((year) => regions.map((region) => ({ measure, year, region })))),
  random,
).slice(0, 500);
const rank = (c: { measure: Measure; year: number; region: string | undefined }) => model.ranking(c.measure, c.year, c.region, RANK_ROWS);
const rankCold = timeEach(combos, rank, 6000);
const rankWarm = timeEach(shuffle(combos.slice(0, rankCold.length), random), rank, 2000);

const after = process.memoryUsage();
report({
  type: 'result',
  figures: dataset.figures.length,
  partners: model.partners.length,
  years: years.length,
  parseMs,
  buildMs,
  heapDeltaMb: mb(loaded.heapUsed - before.heapUsed),
  rssMb: mb(loaded.rss),
  rssDeltaMb: mb(loaded.rss - before.rss),
  rssAfterQueriesMb: mb(after.rss),
  tradeCold: summarize(tradeCold),
  tradeWarm: summarize(tradeWarm),
  rankCold: summarize(rankCold),
  rankWarm: summarize(rankWarm),
});
