/**
 * describeReload (diff.ts), the same summary word for word, computed in slices: at 10^6 figures
 * its maps of every figure's key and a JSON comparison of each pair take seconds, which on the
 * main thread would stall every interaction for as long. Between slices of SLICE figures it gives
 * the event loop a turn; a dataset smaller than one slice (the curated data/) never waits.
 */
import { describeDiff, describeNewPeriods, type FiguresDiff, type NewPeriod } from './diff.js';
import type { TradeModel } from './model.js';
import { comparePeriods, periodKey, type Period } from './period.js';
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
  const known = new Set<string>();
  const all = (m: TradeModel): Iterable<{ readonly partner: string; readonly period: Period }> => [...m.dataset.figures, ...m.dataset.yuan];
  await sliced(all(before), (f) => known.add(periodKey(f.period)));
  const found = new Map<string, { period: Period; ids: Set<string> }>();
  await sliced(all(after), (f) => {
    const key = periodKey(f.period);
    if (known.has(key)) return;
    const entry = found.get(key) ?? { period: f.period, ids: new Set<string>() };
    entry.ids.add(f.partner);
    found.set(key, entry);
  });
  const order = [...after.regions.map((r) => r.id), ...after.partners.map((p) => p.id)];
  return [...found.values()]
    .sort((a, b) => comparePeriods(a.period, b.period))
    .map(({ period, ids }) => ({ period, places: order.filter((id) => ids.has(id)).flatMap((id) => after.place(id) ?? []) }));
}

/** describeReload's summary, with turns of the event loop in between. */
export async function describeReloadInSlices(before: TradeModel, after: TradeModel): Promise<string> {
  const periods = describeNewPeriods(await newPeriods(before, after));
  const figures = describeDiff(await diffFigures(before, after), after);
  if (periods === '') return figures;
  return figures === '' ? `${periods}.` : `${periods}. ${figures}`;
}
