import { precisionOf, TOO_CLOSE } from '../format/numbers.js';
import type { TradeModel } from '../model/model.js';
import { periodLabel, type Period } from '../model/period.js';
import type { Flow, Partner, Source } from '../model/schema.js';
import type { Ratio, Value } from '../model/value.js';
import type { PartnerYear, RankEntry, Ranking, RegionYear } from '../model/views.js';
import { NOT_REPORTED } from '../format/figures.js';
import { drawn, gap, type ChartSpec, type ChartValue } from './spec.js';

/**
 * The chart of each figure reply, built from the model's values: every value carries whether a
 * source printed it or the bot derived it, the source's hedge, and a labelled gap where nothing is
 * reported; the caption names the sources of exactly the values drawn. Each command calls one of
 * these; `chartConfig` turns the spec into marks (see `marks.ts`).
 */

/** What a balance too close to call is called, as in the reply's text. */
const ROUGHLY_BALANCED = 'roughly balanced';

/** Most bars a ranking chart has room for, gaps for the partners without the figure included. */
const RANK_SLOTS = 25;

/** Collects the sources of the values put into one chart, so its caption names exactly those (historyCharts.ts too). */
export class Drawing {
  private readonly ids = new Set<string>();

  constructor(private readonly model: TradeModel) {}

  private cite(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id);
  }

  /**
   * A dollar value as drawn: reported or derived, with its hedge; a gap where there is none. A
   * balance the bot derived whose range spans zero is a gap saying "roughly balanced", as the
   * reply's text says, rather than a bar pointing one way.
   */
  usd(value: Value | undefined, balance = false): ChartValue {
    if (!value) return gap(NOT_REPORTED);
    if (balance && value.provenance === 'derived' && precisionOf(value.usd, value.lo, value.hi, true).kind === 'too-close') {
      return gap(ROUGHLY_BALANCED);
    }
    this.cite(value.sources);
    return drawn(value.usd, value.provenance, value.qualifier);
  }

  /** A growth in percent as a source stated it. */
  statedPercent(percent: number, hedge: string | undefined, source: string | undefined): ChartValue {
    if (source) this.cite([source]);
    return drawn(percent, 'reported', hedge);
  }

  /** A growth the bot computed from the two years' values; too close to call where its range spans zero. */
  derivedPercent(percent: Ratio, inputs: readonly (Value | undefined)[]): ChartValue {
    if (precisionOf(percent.value, percent.lo, percent.hi, true).kind === 'too-close') return gap(TOO_CLOSE);
    this.cite(inputs.flatMap((v) => v?.sources ?? []));
    return drawn(percent.value, 'derived', percent.approximate ? 'about' : undefined);
  }

  sources(): string[] {
    return captionNames(this.model, this.ids);
  }
}

/**
 * The short names of the sources cited, in the order of data/sources.json: two of one name are told
 * apart by their dates, and two of one name and date by the start of their titles, so that a
 * caption never folds two sources into one name.
 */
export function captionNames(model: TradeModel, ids: ReadonlySet<string>): string[] {
  const cited = [...model.sources.values()].filter((s) => ids.has(s.id));
  const count = (key: (s: Source) => string, s: Source) => cited.filter((o) => key(o) === key(s)).length;
  const known = cited.map((s) => {
    if (count((o) => o.short, s) === 1) return s.short;
    if (count((o) => `${o.short}|${o.date}`, s) === 1) return `${s.short} (${s.date})`;
    const words = s.title.split(/\s+/);
    return `${s.short} (${s.date}, “${words.slice(0, 4).join(' ')}${words.length > 4 ? '…' : ''}”)`;
  });
  const unknown = [...ids].filter((id) => !model.sources.has(id));
  return [...known, ...unknown];
}

/** `/trade`: China's exports and imports by year; the total where China gives no split (Armenia). */
export function tradeChart(model: TradeModel, partner: Partner): ChartSpec {
  const years = model.years(partner.id);
  const rows = years.map((y) => model.partnerYear(partner.id, y)!);
  const values = (flow: Flow) => rows.map((r) => r.flows[flow].value);
  const exports = values('china-exports');
  const imports = values('china-imports');
  const d = new Drawing(model);
  const draw = (vs: readonly (Value | undefined)[]) => vs.map((v) => d.usd(v));
  const base = { kind: 'bar', labels: years.map(String) } as const;
  if ([...exports, ...imports].every((v) => v === undefined)) {
    const series = [{ label: 'Total trade', values: draw(values('total')) }];
    return { ...base, title: `China's total trade with ${partner.name}`, series, sources: d.sources() };
  }
  const series = [
    { label: "China's exports", values: draw(exports) },
    { label: "China's imports", values: draw(imports) },
  ];
  return { ...base, title: `China's trade with ${partner.name}`, series, sources: d.sources() };
}

/** `/compare`: China's exports and imports per partner in one year. */
export function compareChart(model: TradeModel, rows: readonly PartnerYear[], period: Period): ChartSpec {
  const d = new Drawing(model);
  const series = [
    { label: "China's exports", values: rows.map((r) => d.usd(r.flows['china-exports'].value)) },
    { label: "China's imports", values: rows.map((r) => d.usd(r.flows['china-imports'].value)) },
  ];
  return {
    kind: 'bar',
    title: `China's trade by partner, ${periodLabel(period)}`,
    labels: rows.map((r) => r.place.name),
    series,
    sources: d.sources(),
  };
}

/** `/region`: the partners' shares of the region's total, the part China does not itemise as its own (derived) slice. */
export function regionChart(model: TradeModel, ry: RegionYear): ChartSpec {
  const unitemised = new Set(ry.unitemisedMembers.map((p) => p.id));
  const itemised = ry.members.filter((m) => !unitemised.has(m.partner.id));
  const d = new Drawing(model);
  const labels = itemised.map((m) => m.partner.name);
  const values = itemised.map((m) => d.usd(m.total));
  if (ry.unitemisedMembers.length > 0) {
    labels.push(`not itemised (${ry.unitemisedMembers.map((p) => p.name).join(', ')})`);
    values.push(d.usd(ry.notItemised));
  }
  return {
    kind: 'pie',
    title: `Shares of China's trade with ${ry.place.name}, ${periodLabel(ry.period)}`,
    labels,
    series: [{ label: 'Total trade', values }],
    sources: d.sources(),
  };
}

function rankValue(model: TradeModel, d: Drawing, ranking: Ranking, entry: RankEntry): ChartValue {
  if (ranking.measure !== 'growth') return d.usd(entry.value, ranking.measure === 'balance');
  if (!entry.derived) return d.statedPercent(entry.score, entry.qualifier, entry.source);
  if (!entry.percent) return gap(NOT_REPORTED);
  const total = model.partnerYear(entry.partner.id, ranking.period)?.flows.total;
  return d.derivedPercent(entry.percent, [total?.value, total?.computedChange?.previous]);
}

/**
 * `/rank`: horizontal bars in rank order, growth in percent. When the whole ranking is shown, the
 * partners without the figure follow as labelled gaps, so none silently drops out of the chart.
 */
export function rankChart(model: TradeModel, ranking: Ranking, measureName: string): ChartSpec {
  const growth = ranking.measure === 'growth';
  const d = new Drawing(model);
  const labels = ranking.entries.map((e) => e.partner.name);
  const values = ranking.entries.map((e) => rankValue(model, d, ranking, e));
  const complete = ranking.count === ranking.entries.length;
  if (complete && labels.length + ranking.notReported.length <= RANK_SLOTS) {
    for (const p of ranking.notReported) {
      labels.push(p.name);
      values.push(gap(NOT_REPORTED));
    }
  }
  return {
    kind: 'hbar',
    title: `Ranked by ${measureName}, ${periodLabel(ranking.period)}${growth ? ' (%)' : ''}`,
    labels,
    // The chart draws dollars; growth is a percentage, so it goes in as a plain number of percent.
    series: [{ label: measureName, values }],
    sources: d.sources(),
    ...(growth ? { unit: 'percent' as const } : {}),
  };
}
