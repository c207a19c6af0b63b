/**
 * describeReload (diff.ts), the same summary word for word, computed in slices: at 10^6 figures
 * its maps of every figure's key and a JSON comparison of each pair take seconds, which on the
 * main thread would stall every interaction for as long. Between slices of SLICE figures it gives
 * the event loop a turn; a dataset smaller than one slice (the curated data/) never waits.
 */
import { describeDiff, describeNewPeriods, NewPeriodFinder, placePeriods, type FiguresDiff, type NewPeriod } from './diff.js';
import type { TradeModel } from './model.js';
import { periodKey } from './period.js';
import type { FigureRecord } from './schema.js';

export const SLICE = 20_000;

/** The same key diff.ts compares figures by. */
const keyOf = (f: FigureRecord) => `${f.partner}|${periodKey(f.period)}|${f.reporter}|${f.flow}|${f.product ?? ''}`;

/** Calls `each` on every item, with a turn of the event loop after every SLICE of them. */
async function sliced<T>(items: Iterable<T>, each: (item: T) => void): Promise<void> {
  let n = 0;
  for (const item of items) {
    each(item);
    if (++n % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function diffFigures(before: TradeModel, after: TradeModel): Promise<FiguresDiff> {
  const old = new Map<string, FigureRecord>();
  await sliced(before.dataset.figures, (f) => old.set(keyOf(f), f));
  const now = new Map<string, FigureRecord>();
  await sliced(after.dataset.figures, (f) => now.set(keyOf(f), f));
  const added: FigureRecord[] = [];
  await sliced(now.values(), (f) => {
    if (!old.has(keyOf(f))) added.push(f);
  });
  const removed: FigureRecord[] = [];
  await sliced(old.values(), (f) => {
    if (!now.has(keyOf(f))) removed.push(f);
  });
  const changed: { before: FigureRecord; after: FigureRecord }[] = [];
  await sliced(now.values(), (f) => {
    const b = old.get(keyOf(f));
    if (b !== undefined && JSON.stringify(b) !== JSON.stringify(f)) changed.push({ before: b, after: f });
  });
  return { added, removed, changed };
}

async function newPeriods(before: TradeModel, after: TradeModel): Promise<NewPeriod[]> {
  const finder = new NewPeriodFinder();
  await sliced(placePeriods(before), (f) => finder.before(f));
  await sliced(placePeriods(after), (f) => finder.after(f));
  return finder.result(after);
}

/** describeReload's summary, with turns of the event loop in between. */
export async function describeReloadInSlices(before: TradeModel, after: TradeModel): Promise<string> {
  const periods = describeNewPeriods(await newPeriods(before, after));
  const figures = describeDiff(await diffFigures(before, after), after);
  if (periods === '') return figures;
  return figures === '' ? `${periods}.` : `${periods}. ${figures}`;
}
