import type { APIEmbedField } from 'discord-api-types/v10';
import type { TradeModel } from '../model/model.js';
import { changeReports } from '../model/placeYears.js';
import { isFullYear, MONTH_NAMES, periodLabel, previousPeriod, type Period } from '../model/period.js';
import type { Flow } from '../model/schema.js';
import { surplusOf, type ChangeReport, type FlowView, type PlaceYear, type RankEntry } from '../model/views.js';
import type { Citation, Ratio, Value } from '../model/value.js';
import { formatGrowth, formatShare, formatStatedPercent, formatUsd, formatYuan, TOO_CLOSE } from './numbers.js';

/** What a reply says where a source gives no figure. */
export const NOT_REPORTED = 'not reported';

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

/**
 * Puts after a text the marks of the sources its numbers rest on ("nearly +7% [3]"); one per
 * reply, numbering sources in the order they are met (SourceMarks in sourceMarks.ts).
 */
export interface Marker {
  after(text: string, citations: Iterable<Citation>): string;
}

const citationOf = (c: { readonly source: string; readonly citing?: string }): Citation =>
  c.citing ? { source: c.source, citing: c.citing } : { source: c.source };

/** A value that is an input of a derivation, with its sources, saying so when it is itself derived. */
function input(marks: Marker, value: Value): string {
  const text =
    value.provenance === 'derived'
      ? `${formatUsd(value)} (itself derived${value.derivation ? `: ${value.derivation}` : ''})`
      : formatUsd(value);
  return marks.after(text, value.citations);
}

/** The amount of a change as its source stated it: "about −2%", "+$57 m". */
export function changeAmount(c: ChangeReport): string {
  return c.percent !== undefined ? formatStatedPercent(c.percent, c.qualifier) : formatUsd(c.usd!, { signed: true });
}

/** A change as its sources stated it, marked with them: "about −2% (“marginal decline”) [2]", "+11% [1, 2]". */
function reportedChange(marks: Marker, c: ChangeReport, alike: readonly ChangeReport[]): string {
  return marks.after(`${changeAmount(c)}${c.words ? ` (“${c.words}”)` : ''}`, alike.map(citationOf));
}

/** Changes that say the same thing (two sources printing +11%), grouped: one line, every source's mark. */
export function sameChanges(changes: readonly ChangeReport[]): ChangeReport[][] {
  const groups = new Map<string, ChangeReport[]>();
  for (const c of changes) {
    const key = `${changeAmount(c)}|${c.words ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()];
}

/**
 * What a period is in a footnote's words: "calendar year 2025 (January to December)",
 * "January to October 2025, cumulative", "March 2025".
 */
export function periodInWords(p: Period): string {
  const month = (m: number) => MONTH_NAMES[m - 1]!.replace(/^./, (c) => c.toUpperCase());
  if (isFullYear(p)) return `calendar year ${p.year} (January to December)`;
  if (p.first === p.last) return `${month(p.first)} ${p.year}`;
  return `${month(p.first)} to ${month(p.last)} ${p.year}${p.first === 1 ? ', cumulative' : ''}`;
}

/** The same figure as other sources wrote it, each marked: "over $48.6 bn [2]". Empty when there is none. */
export function alsoReportedText(marks: Marker, view: FlowView): string | undefined {
  if (view.alsoReported.length === 0) return undefined;
  return `also printed as ${view.alsoReported.map((v) => marks.after(formatUsd(v), v.citations)).join(', ')}`;
}

/**
 * The change on the same months a year before: every change a source reports; ours only where none is
 * reported (where ours disagrees with a reported one, the data notes say so and why), to the
 * digits its inputs support, with those inputs as written and each input's sources.
 */
export function changeLines(marks: Marker, view: FlowView): string[] {
  if (view.reportedChanges.length > 0) return sameChanges(view.reportedChanges).map((alike) => reportedChange(marks, alike[0]!, alike));
  const computed = view.computedChange;
  if (!computed || !view.value) return [];
  const percent = formatGrowth(computed.percent);
  const usd = formatUsd(computed.usd, { signed: true });
  const result = percent === TOO_CLOSE ? TOO_CLOSE : usd === TOO_CLOSE ? percent : `${percent} (${usd})`;
  return [
    `${result}, derived from ${input(marks, view.value)} against ${input(marks, computed.previous)} in ${periodLabel(computed.previousPeriod)}`,
  ];
}

/** The change of a flow in one short phrase: the reported percentage first, else ours; with its sources. */
export function changeSummary(marks: Marker, view: FlowView): string {
  const stated = sameChanges(view.reportedChanges.filter((c) => c.percent !== undefined))[0];
  const first = stated?.[0];
  if (first?.percent !== undefined) return marks.after(formatStatedPercent(first.percent, first.qualifier), stated!.map(citationOf));
  if (view.computedChange)
    return marks.after(`${formatGrowth(view.computedChange.percent)} (derived)`, view.computedChange.percent.citations);
  return NOT_REPORTED;
}

/** A partner's share of its region: as a source gives it, else ours, marked derived; with its sources. */
export function shareText(
  marks: Marker,
  reported: { readonly percent: number; readonly source: string; readonly citing?: string } | undefined,
  computed: Ratio | undefined,
): string | undefined {
  if (reported) return marks.after(`${reported.percent}%`, [citationOf(reported)]);
  return computed ? marks.after(`${formatShare(computed)} (derived)`, computed.citations) : undefined;
}

/** A ranked growth: as its source stated it, or ours marked derived; with its sources. */
export function growthText(marks: Marker, entry: RankEntry): string {
  const percent = entry.percent!;
  if (entry.derived) return marks.after(`${formatGrowth(percent)} (derived)`, percent.citations);
  return marks.after(formatStatedPercent(percent.value, entry.qualifier), percent.citations);
}

/** "Change on 2023": every change of the year's total, or "not reported". */
export function changeField(marks: Marker, view: FlowView, period: Period): APIEmbedField {
  const lines = changeLines(marks, view);
  return { name: `Change on ${periodLabel(previousPeriod(period))}`, value: lines.length > 0 ? lines.join('\n') : NOT_REPORTED };
}

/** The whole area the figures cover, from the regions in the data: "Central Asia and South Caucasus". */
export function coverageName(model: TradeModel): string {
  const names = model.regions.map((r) => r.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? 'the partners in the data');
}

const YUAN_FLOW: Record<Flow, string> = { total: 'total trade', 'china-exports': "China's exports", 'china-imports': "China's imports" };

/** GACC's yuan figures, as printed: never converted, never added to the dollars. */
export function yuanField(marks: Marker, yuan: PlaceYear['yuan']): APIEmbedField | undefined {
  if (yuan.length === 0) return undefined;
  const lines = yuan.map((y) => {
    const changes = sameChanges(changeReports(y.record)).map((alike) =>
      marks.after(
        `${changeAmount(alike[0]!)} on ${periodLabel(previousPeriod(y.record.period))}`,
        alike.map((c) => citationOf(c)),
      ),
    );
    const amount = marks.after(
      formatYuan(y.record.cny, y.record.qualifier),
      y.record.sources.map((s) => citationOf({ source: s, ...(y.record.citing?.[s] ? { citing: y.record.citing[s] } : {}) })),
    );
    return `${YUAN_FLOW[y.flow]}: ${[amount, ...changes].join(', ')}`;
  });
  return { name: 'In yuan (as GACC publishes; not converted)', value: lines.join('\n') };
}
