/**
 * What a command wants drawn, in the model's own terms: labels, series of US-dollar values with
 * how each is known (reported by a source, derived by the bot, or not reported at all), a title
 * and the sources of what is drawn. Everything about Chart.js, colours, sizes and URLs is decided
 * in `src/charts`, so commands stay independent of the rendering.
 */

import { NOT_REPORTED } from '../format/figures.js';

/** How a drawn value is known: printed by a source, or computed by the bot from printed figures. */
export type ChartProvenance = 'reported' | 'derived';

/**
 * One value of a series. `hedge` is the source's word for an approximate figure ("nearly",
 * "about", "just over"); a derived value built from a hedged input carries "about". A missing
 * value is drawn as a labelled gap, never as 0; `missing` is the label ("not reported").
 */
export type ChartValue =
  | { readonly value: number; readonly provenance: ChartProvenance; readonly hedge?: string }
  | { readonly value: null; readonly missing: string };

/** A value as a spec may give it: a bare number is a reported, unhedged figure; null is not reported. */
export type ChartDatum = ChartValue | number | null;

export interface ChartSeries {
  readonly label: string;
  /** US dollars (or percent, when the spec says `unit: 'percent'`), one per label. */
  readonly values: readonly ChartDatum[];
  /**
   * Line charts: drawn dashed, for figures of another reporter than the solid lines (a partner's
   * own statistics beside China's customs), so the two are never read as one series.
   */
  readonly dashed?: boolean;
  /**
   * Which palette colour the series takes (default: its position), so that a dashed series can
   * share the colour of the solid one it stands beside (the partner's imports from China beside
   * China's exports).
   */
  readonly colour?: number;
}

export interface ChartSpec {
  /**
   * bar: vertical bars (grouped when several series); hbar: horizontal bars in the given order;
   * pie: shares of a whole; line: a series over time, a gap where a value is not reported.
   */
  readonly kind: 'bar' | 'hbar' | 'pie' | 'line';
  readonly title: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /**
   * The caption: the short names of the sources of exactly the values drawn, printed on the chart
   * itself so a chart copied out of Discord keeps them. Never shortened to fit a link.
   */
  readonly sources: readonly string[];
  /** What the values are: US dollars (the default) or percentages (growth rankings). */
  readonly unit?: 'usd' | 'percent';
}

/** A value for the spec: reported or derived, with its hedge if it has one. */
export function drawn(value: number, provenance: ChartProvenance, hedge?: string): ChartValue {
  return hedge ? { value, provenance, hedge } : { value, provenance };
}

/** A gap, labelled. */
export function gap(missing: string = NOT_REPORTED): ChartValue {
  return { value: null, missing };
}
