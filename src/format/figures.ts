import type { APIEmbedField } from 'discord-api-types/v10';
import type { TradeModel } from '../model/model.js';
import { surplusOf, type FlowView } from '../model/views.js';
import type { Value } from '../model/value.js';
import { formatGrowth, formatStatedPercent, formatUsd } from './numbers.js';

/** What a reply says where a source gives no figure. */
export const NOT_REPORTED = 'not reported';

/** The caption of every chart drawn from the curated figures. */
export const CHART_SOURCE = "China's customs (GACC) via published reports";

export function sourceName(model: TradeModel, id: string): string {
  return model.sources.get(id)?.short ?? id;
}

/** "$43.8 bn", "≈ $1.7 bn (derived)" or "not reported". */
export function valueText(value: Value | undefined): string {
  if (!value) return NOT_REPORTED;
  return value.provenance === 'derived' ? `${formatUsd(value)} (derived)` : formatUsd(value);
}

/**
 * Who has the surplus, in words that cannot be misread: "China's surplus of $12.1 bn (derived)",
 * "Turkmenistan's surplus of ≈ $8.6 bn (derived)", or "roughly balanced (−$0.1 bn, derived)".
 * Balance is always China's exports minus China's imports.
 */
export function balanceText(partnerName: string, balance: Value | undefined): string {
  if (!balance) return NOT_REPORTED;
  const surplus = surplusOf(balance);
  const amount = formatUsd(balance, { magnitude: true });
  if (surplus === 'china') return `China's surplus of ${amount} (derived)`;
  if (surplus === 'partner') return `${partnerName}'s surplus of ${amount} (derived)`;
  return `roughly balanced (${formatUsd(balance, { signed: true })}, derived)`;
}

/** Every reported change, then ours, each saying where it comes from. */
export function changeLines(model: TradeModel, view: FlowView): string[] {
  const lines = view.reportedChanges.map((c) => {
    const amount = c.percent !== undefined ? formatStatedPercent(c.percent, c.qualifier !== undefined) : formatUsd(c.usd!, { signed: true });
    const words = [c.qualifier && c.percent !== undefined ? `“${c.qualifier} ${Math.abs(c.percent)}%”` : undefined, c.words]
      .filter(Boolean)
      .join(', ');
    return `${amount}${words ? ` (${words})` : ''}, reported by ${sourceName(model, c.source)}`;
  });
  const computed = view.computedChange;
  if (computed) {
    lines.push(
      `${formatGrowth(computed.percent)} / ${formatUsd(computed.usd, { signed: true })} derived from ${formatUsd(view.value!)} against ${formatUsd(computed.previous)} in ${computed.previousYear}`,
    );
  }
  return lines;
}

/** The change of a flow in one short phrase: ours where we can compute it, else the reported percentage. */
export function changeSummary(view: FlowView): string {
  if (view.computedChange) return `${formatGrowth(view.computedChange.percent)} (derived)`;
  const stated = view.reportedChanges.find((c) => c.percent !== undefined);
  return stated?.percent !== undefined ? `${formatStatedPercent(stated.percent, stated.qualifier !== undefined)} (reported)` : NOT_REPORTED;
}

/** "Change on 2023": every change of the year's total, or "not reported". */
export function changeField(model: TradeModel, view: FlowView, year: number): APIEmbedField {
  const lines = changeLines(model, view);
  return { name: `Change on ${year - 1}`, value: lines.length > 0 ? lines.join('\n') : NOT_REPORTED };
}

/** The whole area the figures cover, from the regions in the data: "Central Asia and South Caucasus". */
export function coverageName(model: TradeModel): string {
  const names = model.regions.map((r) => r.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? 'the partners in the data');
}
