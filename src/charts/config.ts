import type { ChartConfiguration } from 'chart.js';
import { normalizeSpec } from './normalize.js';
import { chooseUnit, PERCENT, sharesPercent, toUnit, type ChartUnit } from './numbers.js';
import { paletteColour, sliceColours } from './palette.js';
import type { ChartSpec } from './spec.js';

type Values = (number | null)[];

/** A Chart.js 4 configuration as we build it: plain JSON data, no functions, small. */
export type ChartConfig = ChartConfiguration<'bar', Values, string> | ChartConfiguration<'doughnut', Values, string>;

/** How much to keep. The defaults give the full chart; `compactionSteps` lists smaller ones. */
export interface ConfigOptions {
  /** Significant digits of each value in chart units (default 3). */
  readonly digits?: number;
  /** Drop optional styling: font sizes, a single series' legend. */
  readonly plain?: boolean;
  /** Longest category or series label, in characters (default: no limit). */
  readonly labelMax?: number;
  /** Longest title and source line (default: no limit; long lines are wrapped instead). */
  readonly textMax?: number;
}

/** From the full chart to the smallest one that still says what it shows and where it is from. */
export const compactionSteps: readonly ConfigOptions[] = [
  {},
  { plain: true },
  { plain: true, digits: 2 },
  { plain: true, digits: 2, labelMax: 18, textMax: 90 },
  { plain: true, digits: 2, labelMax: 10, textMax: 60 },
  { plain: true, digits: 2, labelMax: 6, textMax: 40 },
];

/** Cuts to `max` characters with a final "." (one URL character; "…" costs nine). */
export function shorten(text: string, max: number | undefined): string {
  if (max === undefined) return text;
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join('').trimEnd() + '.';
}

/** Splits text into lines of at most `width` characters at spaces; one line stays a string. */
export function wrap(text: string, width: number): string | string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length <= 1 ? (lines[0] ?? '') : lines;
}

function sourceLine(source: string): string {
  if (!source) return '';
  return /^sources?\b/i.test(source) ? source : `Source: ${source}`;
}

/** The unit a spec is drawn in: $ bn, or $ m when every figure is under $1 bn; % for a percent spec. */
export function unitFor(spec: ChartSpec): ChartUnit {
  if (spec.unit === 'percent') return PERCENT;
  return chooseUnit(spec.series.flatMap((s) => s.values));
}

function texts(spec: ChartSpec, o: ConfigOptions) {
  const title = shorten(spec.title, o.textMax);
  const source = shorten(sourceLine(spec.source), o.textMax);
  const font = (size: number) => (o.plain ? {} : { font: { size } });
  return {
    title: title ? { display: true, text: wrap(title, 70), ...font(16) } : { display: false },
    subtitle: source ? { display: true, position: 'bottom' as const, text: wrap(source, 110), ...font(11) } : { display: false },
  };
}

/**
 * The Chart.js 4 configuration for a spec: vertical grouped bars, horizontal bars in the given
 * order, or a doughnut of shares. Values are in $ bn (or $ m for small figures, or % for a percent
 * spec), rounded to a few
 * significant digits; null stays null, which Chart.js draws as a gap. The source is printed at the
 * bottom. No functions anywhere, so the config can travel in a URL as data.
 * A spec that cannot be drawn (see `normalizeSpec`) throws; `ChartService.image` catches that.
 */
export function chartConfig(input: ChartSpec, options: ConfigOptions = {}): ChartConfig {
  const normalized = normalizeSpec(input);
  if (!normalized.ok) throw new Error(normalized.reason);
  const spec = normalized.spec;
  const digits = options.digits ?? 3;
  const unit = unitFor(spec);
  const labels = spec.labels.map((l) => shorten(l, options.labelMax));
  const { title, subtitle } = texts(spec, options);

  if (spec.kind === 'pie') {
    const single = spec.series.length === 1;
    const first = spec.series[0]?.values ?? [];
    const shares = sharesPercent(first);
    const sliceLabels = single
      ? labels.map((l, i) => {
          const share = shares[i];
          return share === null || share === undefined ? `${l} (not reported)` : `${l} ${share}%`;
        })
      : labels;
    const colours = sliceColours(spec.labels);
    return {
      type: 'doughnut',
      data: {
        labels: sliceLabels,
        datasets: spec.series.map((s) => ({
          label: shorten(s.label, options.labelMax),
          data: s.values.map((v) => toUnit(v, unit, digits)),
          backgroundColor: colours,
        })),
      },
      options: { plugins: { title, subtitle, legend: { position: 'right' } } },
    };
  }

  const valueAxis = spec.kind === 'hbar' ? 'x' : 'y';
  const showLegend = spec.series.length > 1 || (!options.plain && spec.series[0]?.label !== '');
  return {
    type: 'bar',
    data: {
      labels,
      datasets: spec.series.map((s, i) => ({
        label: shorten(s.label, options.labelMax),
        data: s.values.map((v) => toUnit(v, unit, digits)),
        backgroundColor: paletteColour(i),
      })),
    },
    options: {
      ...(spec.kind === 'hbar' ? { indexAxis: 'y' as const } : {}),
      // A $61 m bar next to a $28 bn one is under a pixel long: give every reported bar a minimum length.
      datasets: { bar: { minBarLength: 3 } },
      plugins: { title, subtitle, legend: { display: showLegend } },
      scales: { [valueAxis]: { title: { display: true, text: unit.label } } },
    },
  };
}
