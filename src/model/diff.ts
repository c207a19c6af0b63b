import type { TradeModel } from './model.js';
import { comparePeriods, periodKey, periodLabel, type Period } from './period.js';
import type { FigureRecord } from './schema.js';
import type { Place } from './views.js';

const keyOf = (f: FigureRecord) => `${f.partner}|${periodKey(f.period)}|${f.reporter}|${f.flow}|${f.product ?? ''}`;

export interface FiguresDiff {
  readonly added: readonly FigureRecord[];
  readonly removed: readonly FigureRecord[];
  readonly changed: readonly { readonly before: FigureRecord; readonly after: FigureRecord }[];
}

/** Which figures a reload added, removed or changed in value, hedge or sources. */
export function diffFigures(before: TradeModel, after: TradeModel): FiguresDiff {
  const old = new Map(before.dataset.figures.map((f) => [keyOf(f), f]));
  const now = new Map(after.dataset.figures.map((f) => [keyOf(f), f]));
  const added = [...now.values()].filter((f) => !old.has(keyOf(f)));
  const removed = [...old.values()].filter((f) => !now.has(keyOf(f)));
  const changed = [...now.values()]
    .map((f) => ({ before: old.get(keyOf(f)), after: f }))
    .filter(
      (p): p is { before: FigureRecord; after: FigureRecord } =>
        p.before !== undefined && JSON.stringify(p.before) !== JSON.stringify(p.after),
    );
  return { added, removed, changed };
}

function label(model: TradeModel, f: FigureRecord): string {
  const name = model.place(f.partner)?.name ?? f.partner;
  const flow = f.flow === 'total' ? 'total' : f.flow === 'china-exports' ? "China's exports" : "China's imports";
  const whose = f.reporter === 'partner' ? " (partner's statistics)" : f.reporter === 'not-stated' ? ' (reporter not stated)' : '';
  const product = f.product !== undefined ? ` ${f.product}` : '';
  return `${name} ${periodLabel(f.period)} ${flow}${product}${whose}`;
}

/** One short paragraph for the "figures updated" post; empty when nothing a reader sees changed. */
export function describeDiff(diff: FiguresDiff, model: TradeModel, limit = 8): string {
  const items = [
    ...diff.changed.map((c) => `${label(model, c.after)} changed`),
    ...diff.added.map((f) => `${label(model, f)} added`),
    ...diff.removed.map((f) => `${label(model, f)} removed`),
  ];
  if (items.length === 0) return '';
  const shown = items.slice(0, limit).join('; ');
  return items.length > limit ? `${shown}; and ${items.length - limit} more` : shown;
}

/** A period no figure had before a reload, with the places that have one for it now. */
export interface NewPeriod {
  readonly period: Period;
  /** Regions first, then partners, each in the order of partners.json. */
  readonly places: readonly Place[];
}

/** Every figure's place and period, in any currency: a release in yuan is a new period too. */
type Dated = { readonly partner: string; readonly period: Period };

/** Every dated figure of a model, dollars and yuan. */
export function placePeriods(model: TradeModel): Dated[] {
  return [...model.dataset.figures, ...model.dataset.yuan];
}

/**
 * Finds the periods a reload brings: fed the old figures, then the new, one at a time, so that the
 * reload can feed them in slices between turns of the event loop (reloadSummary.ts).
 */
export class NewPeriodFinder {
  private readonly known = new Set<string>();
  private readonly found = new Map<string, { period: Period; ids: Set<string> }>();

  before(f: Dated): void {
    this.known.add(periodKey(f.period));
  }

  after(f: Dated): void {
    const key = periodKey(f.period);
    if (this.known.has(key)) return;
    const entry = this.found.get(key) ?? { period: f.period, ids: new Set<string>() };
    entry.ids.add(f.partner);
    this.found.set(key, entry);
  }

  /** The new periods, oldest first, each with its places in the data's order. */
  result(after: TradeModel): NewPeriod[] {
    const order = [...after.regions.map((r) => r.id), ...after.partners.map((p) => p.id)];
    return [...this.found.values()]
      .sort((a, b) => comparePeriods(a.period, b.period))
      .map(({ period, ids }) => ({ period, places: order.filter((id) => ids.has(id)).flatMap((id) => after.place(id) ?? []) }));
  }
}

/** The periods a reload brings that no figure of any place had before, oldest first. */
export function newPeriods(before: TradeModel, after: TradeModel): NewPeriod[] {
  const finder = new NewPeriodFinder();
  for (const f of placePeriods(before)) finder.before(f);
  for (const f of placePeriods(after)) finder.after(f);
  return finder.result(after);
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** "five partners", "13 partners"; "Kazakhstan" or "Kazakhstan and Kyrgyzstan" when there are one or two. */
function partnersInWords(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  if (names.length <= 2) return names.join(' and ');
  return `${NUMBER_WORDS[names.length] ?? String(names.length)} partners`;
}

/** "Central Asia", "Central Asia and South Caucasus", "Central Asia, South Caucasus and ...". */
function listed(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
}

/**
 * The new periods in words for the "figures updated" post: "Jan–Nov 2026 for five partners",
 * "2026 for Central Asia and three partners; Nov 2026 for Kazakhstan". Empty when there are none.
 */
export function describeNewPeriods(periods: readonly NewPeriod[]): string {
  return periods
    .map(({ period, places }) => {
      const regions = listed(places.filter((p) => p.kind === 'region').map((p) => p.name));
      const partners = partnersInWords(places.filter((p) => p.kind === 'partner').map((p) => p.name));
      const who = [regions, partners].filter((w) => w !== undefined).join(' and ');
      return `${periodLabel(period)} for ${who}`;
    })
    .join('; ');
}

/** The summary of a reload: the new periods first, as a sentence of their own, then each figure. */
export function describeReload(before: TradeModel, after: TradeModel): string {
  const periods = describeNewPeriods(newPeriods(before, after));
  const figures = describeDiff(diffFigures(before, after), after);
  if (periods === '') return figures;
  return figures === '' ? `${periods}.` : `${periods}. ${figures}`;
}
