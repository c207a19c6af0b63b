import type { TradeModel } from './model.js';
import { periodKey, periodLabel } from './period.js';
import type { FigureRecord } from './schema.js';

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
