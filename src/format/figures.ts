import type { APIEmbedField } from 'discord-api-types/v10';
import type { TradeModel } from '../model/model.js';
import { surplusOf, type ChangeReport, type FlowView, type RankEntry } from '../model/views.js';
import type { Ratio, Value } from '../model/value.js';
import { formatGrowth, formatShare, formatStatedPercent, formatUsd, TOO_CLOSE } from './numbers.js';

/** What a reply says where a source gives no figure. */
export const NOT_REPORTED = 'not reported';

/** The caption of every chart drawn from the curated figures. */
export const CHART_SOURCE = "China's customs (GACC) via published reports";

/** A source by its short name, with whom it attributes the figure to: "Eurasianet, citing Oilprice". */
export function sourceName(model: TradeModel, id: string, citing?: string): string {
  const name = model.sources.get(id)?.short ?? id;
  return citing ? `${name}, citing ${citing}` : name;
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

/** A value that is an input of a derivation, saying so when it is itself derived. */
function input(value: Value): string {
  return value.provenance === 'derived' ? `${formatUsd(value)} (itself derived${value.derivation ? `: ${value.derivation}` : ''})` : formatUsd(value);
}

/** The amount of a change as its source stated it: "about −2%", "+$57 m". */
export function changeAmount(c: ChangeReport): string {
  return c.percent !== undefined ? formatStatedPercent(c.percent, c.qualifier) : formatUsd(c.usd!, { signed: true });
}

/** A change as its source stated it: "about −2% (“marginal decline”), reported by Orda.kz". */
function reportedChange(model: TradeModel, c: ChangeReport): string {
  return `${changeAmount(c)}${c.words ? ` (“${c.words}”)` : ''}, reported by ${sourceName(model, c.source, c.citing)}`;
}

/**
 * The change on the previous year: every change a source reports; ours only where none is
 * reported (where ours disagrees with a reported one, the data notes say so and why), to the
 * digits its inputs support, with those inputs as written.
 */
export function changeLines(model: TradeModel, view: FlowView): string[] {
  if (view.reportedChanges.length > 0) return view.reportedChanges.map((c) => reportedChange(model, c));
  const computed = view.computedChange;
  if (!computed || !view.value) return [];
  const percent = formatGrowth(computed.percent);
  const usd = formatUsd(computed.usd, { signed: true });
  const result = percent === TOO_CLOSE ? TOO_CLOSE : usd === TOO_CLOSE ? percent : `${percent} (${usd})`;
  return [`${result}, derived from ${input(view.value)} against ${input(computed.previous)} in ${computed.previousYear}`];
}

/** The change of a flow in one short phrase: the reported percentage first, else ours. */
export function changeSummary(model: TradeModel, view: FlowView): string {
  const stated = view.reportedChanges.find((c) => c.percent !== undefined);
  if (stated?.percent !== undefined) return `${formatStatedPercent(stated.percent, stated.qualifier)} (${sourceName(model, stated.source, stated.citing)})`;
  if (view.computedChange) return `${formatGrowth(view.computedChange.percent)} (derived)`;
  return NOT_REPORTED;
}

/** A partner's share of its region: as a source gives it, else ours, marked derived. */
export function shareText(
  model: TradeModel,
  reported: { readonly percent: number; readonly source: string; readonly citing?: string } | undefined,
  computed: Ratio | undefined,
): string | undefined {
  if (reported) return `${reported.percent}% (${sourceName(model, reported.source, reported.citing)})`;
  return computed ? `${formatShare(computed)} (derived)` : undefined;
}

/** A ranked growth: as its source stated it, naming the source, or ours marked derived. */
export function growthText(model: TradeModel, entry: RankEntry): string {
  const percent = entry.percent!;
  if (entry.derived) return `${formatGrowth(percent)} (derived)`;
  return `${formatStatedPercent(percent.value, entry.qualifier)} (${entry.source ? sourceName(model, entry.source, entry.citing) : 'reported'})`;
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
