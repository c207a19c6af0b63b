/**
 * What a command wants drawn, in the model's own terms: labels, series of US-dollar values
 * (null where a figure is not reported), a title and a source line. Everything about Chart.js,
 * colours, sizes and URLs is decided in `src/charts`, so commands stay independent of the
 * rendering.
 */
export interface ChartSeries {
  readonly label: string;
  /** US dollars (or percent, when the spec says `unit: 'percent'`); null where the figure is not reported (drawn as a gap, never as 0). */
  readonly values: readonly (number | null)[];
}

export interface ChartSpec {
  /** bar: vertical bars (grouped when several series); hbar: horizontal bars in the given order; pie: shares of a whole. */
  readonly kind: 'bar' | 'hbar' | 'pie';
  readonly title: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Printed on the chart itself, so a chart copied out of Discord keeps its source. */
  readonly source: string;
  /** What the values are: US dollars (the default) or percentages (growth rankings). */
  readonly unit?: 'usd' | 'percent';
}
