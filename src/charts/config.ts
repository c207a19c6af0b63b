import type { ChartConfiguration } from 'chart.js';
import {
  APPROXIMATE_BORDER_WIDTH,
  APPROXIMATE_OUTLINE,
  barStyle,
  gapLabel,
  isApproximate,
  isDerived,
  markedLabel,
  markOf,
  marksIn,
  marksKey,
  tint,
} from './marks.js';
import { normalizeSpec, numberOf, type CleanSpec } from './normalize.js';
import { chooseUnit, PERCENT, sharesPercent, toUnit, type ChartUnit } from './numbers.js';
import { CHART_BACKGROUND, paletteColour, sliceColours } from './palette.js';
import { NOT_REPORTED } from '../format/figures.js';
import type { ChartSpec } from './spec.js';

type Values = (number | null)[];

/** A Chart.js 4 configuration as we build it: plain JSON data, no functions, small. A bar label may be two lines ("Armenia", "not reported"). */
export type ChartConfig =
  | ChartConfiguration<'bar', Values, string | string[]>
  | ChartConfiguration<'doughnut', Values, string>
  | ChartConfiguration<'line', Values, string | string[]>;

/** How much to keep. The defaults give the full chart; `compactionSteps` lists smaller ones. */
export interface ConfigOptions {
  /** Significant digits of each value in chart units (default 3). */
  readonly digits?: number;
  /** Drop optional styling: font sizes, a single unmarked series' legend; the key to the marks in a few words. */
  readonly plain?: boolean;
  /** Longest category or series label, in characters (default: no limit). */
  readonly labelMax?: number;
  /** Longest title and key to the marks (default: no limit; long lines are wrapped instead). The sources are never cut. */
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
  return chars.length <= max
    ? text
    : chars
        .slice(0, Math.max(1, max - 1))
        .join('')
        .trimEnd() + '.';
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

/** "Source: GACC" or "Sources: The Astana Times, Orda.kz": every name, never shortened. */
export function sourcesLine(sources: readonly string[]): string {
  if (sources.length === 0) return '';
  if (sources.length === 1 && /^sources?\b/i.test(sources[0]!)) return sources[0]!;
  return `${sources.length === 1 ? 'Source' : 'Sources'}: ${sources.join(', ')}`;
}

/** The unit a spec is drawn in: $ bn, or $ m when every figure is under $1 bn; % for a percent spec. */
export function unitFor(spec: ChartSpec): ChartUnit {
  if (spec.unit === 'percent') return PERCENT;
  return chooseUnit(spec.series.flatMap((s) => s.values.map(numberOf)));
}

/** Characters per caption line: what fits 800 px at the caption's font size. */
const CAPTION_WIDTH = 110;

/** A text wrapped into lines; none for no text. */
const lines = (text: string, width: number): string[] => {
  const w = text ? wrap(text, width) : [];
  return typeof w === 'string' ? [w] : w;
};

/** Sentences on as few lines as they fit on, a sentence never split unless it is longer than a line. */
function joinLines(sentences: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const sentence of sentences) {
    const last = out[out.length - 1];
    if (last !== undefined && last.length + 1 + sentence.length <= width) out[out.length - 1] = `${last} ${sentence}`;
    else out.push(...lines(sentence, width));
  }
  return out;
}

function texts(spec: CleanSpec, o: ConfigOptions) {
  const title = shorten(spec.title, o.textMax);
  const key = marksKey(
    spec.series.flatMap((s) => s.values),
    o.plain === true,
  ).map((k) => shorten(k, o.textMax));
  // The sources are never shortened: a chart that cannot name them all is left out instead.
  if (spec.kind === 'line' && spec.series.some((s) => s.dashed))
    key.push(o.plain ? 'Dashed, triangles: other reporter.' : 'Dashed, triangles: the partner’s own statistics, never added to China’s.');
  if (spec.kind === 'line' && spec.series.some((s) => s.values.some((v) => v.value === null) && s.values.some((v) => v.value !== null)))
    key.push(o.plain ? 'Break: not reported.' : 'A break in a line: not reported.');
  const caption = [...lines(sourcesLine(spec.sources), CAPTION_WIDTH), ...joinLines(key, CAPTION_WIDTH)];
  const font = (size: number) => (o.plain ? {} : { font: { size } });
  return {
    title: title ? { display: true, text: wrap(title, 70), ...font(16) } : { display: false },
    subtitle:
      caption.length > 0
        ? { display: true, position: 'bottom' as const, text: caption.length === 1 ? caption[0]! : caption, ...font(11) }
        : { display: false },
  };
}

/** A category's label, saying which of its values are not reported ("Armenia" over "not reported"). */
function slotLabel(spec: CleanSpec, j: number, o: ConfigOptions): string | string[] {
  const name = shorten(spec.labels[j] ?? '', o.labelMax);
  const gaps = spec.series.filter((s) => s.values[j]?.value === null);
  if (gaps.length === 0) return name;
  const whys = [...new Set(gaps.map((s) => gapLabel(s.values[j]!)))];
  const note =
    gaps.length === spec.series.length || spec.series.length === 1
      ? whys.join(', ')
      : gaps.map((s) => `${shorten(s.label, o.labelMax)}: ${gapLabel(s.values[j]!)}`).join('; ');
  return spec.kind === 'hbar' ? `${name} (${note})` : [name, note];
}

/** A year's label on a line chart, saying which solid series have no figure there (the dashed ones are another reporter's, often absent). */
function lineSlotLabel(spec: CleanSpec, j: number, o: ConfigOptions): string | string[] {
  const name = shorten(spec.labels[j] ?? '', o.labelMax);
  const solid = spec.series.filter((s) => !s.dashed);
  const gaps = solid.filter((s) => s.values[j]?.value === null);
  if (gaps.length === 0) return name;
  const whys = [...new Set(gaps.map((s) => gapLabel(s.values[j]!)))];
  const note =
    gaps.length === solid.length
      ? whys.join(', ')
      : gaps.map((s) => `${shorten(s.label, o.labelMax)}: ${gapLabel(s.values[j]!)}`).join('; ');
  return [name, note];
}

/** Radius of a point on a line; a marked one is drawn a little larger so its fill and outline show. */
const POINT_RADIUS = 4;
const MARKED_POINT_RADIUS = 5;
/** The point of a dashed series (another reporter's figures): a triangle, where China's are circles. */
export const OTHER_REPORTER_POINT = 'triangle';
/** Dash and gap lengths of a dashed series, in pixels. */
export const LINE_DASH = [6, 4] as const;

/** One value per point, or the value alone when every point has it (a shorter link). */
const perPoint = <T>(values: readonly T[]): T | T[] =>
  values.every((v) => v === values[0]) && values.length > 0 ? values[0]! : [...values];

/**
 * A line chart: one dataset per series, never split (a split would break the line). Each point
 * carries its mark: reported in the series colour; derived pale, outlined in the series colour;
 * approximate with the dark outline; a value not reported is a break in the line (`spanGaps:
 * false`), never a 0. A dashed series is another reporter's figures (a partner's own statistics).
 */
function lineConfig(spec: CleanSpec, options: ConfigOptions, unit: ChartUnit, digits: number): ChartConfig {
  const { title, subtitle } = texts(spec, options);
  const datasets = spec.series.map((s, i) => {
    const colour = paletteColour(s.colour ?? i);
    const marks = s.values.map(markOf);
    const drawnMarks = marks.filter((m): m is NonNullable<typeof m> => m !== null);
    const derived = drawnMarks.filter(isDerived).length;
    const suffix = derived === 0 ? '' : derived === drawnMarks.length ? ' (derived)' : ' (pale points: derived)';
    const plainPoints = marks.every((m) => m === null || m === 'reported');
    return {
      label: `${shorten(s.label, options.labelMax)}${suffix}`,
      data: s.values.map((v) => toUnit(v.value, unit, digits)),
      borderColor: colour,
      // A dashed series' legend box is a dashed outline on white; its points are triangles, so a
      // lone year of the partner's statistics is not read as one of China's (its points keep the colour).
      backgroundColor: s.dashed ? CHART_BACKGROUND : colour,
      ...(s.dashed ? { borderDash: [...LINE_DASH], pointStyle: OTHER_REPORTER_POINT, pointRadius: MARKED_POINT_RADIUS } : {}),
      // Reported points take the line's colours (Chart.js's default); marked ones say so point by point.
      ...(plainPoints
        ? s.dashed
          ? { pointBackgroundColor: colour }
          : {}
        : {
            pointBackgroundColor: perPoint(marks.map((m) => (isDerived(m) ? tint(colour) : colour))),
            pointBorderColor: perPoint(marks.map((m) => (isApproximate(m) ? APPROXIMATE_OUTLINE : colour))),
            pointBorderWidth: perPoint(marks.map((m) => (isApproximate(m) ? APPROXIMATE_BORDER_WIDTH : isDerived(m) ? 2 : 1))),
            pointRadius: perPoint(marks.map((m) => (!s.dashed && (m === null || m === 'reported') ? POINT_RADIUS : MARKED_POINT_RADIUS))),
          }),
    };
  });
  return {
    type: 'line',
    data: { labels: spec.labels.map((_, j) => lineSlotLabel(spec, j, options)), datasets },
    options: {
      // Set once for every line: straight segments, no fill, and a break (never a bridge) over a missing value.
      datasets: { line: { spanGaps: false } },
      elements: { line: { tension: 0, fill: false }, point: { radius: POINT_RADIUS } },
      plugins: { title, subtitle, legend: { display: true } },
      scales: { y: { beginAtZero: true, title: { display: true, text: unit.label } } },
    },
  };
}

/**
 * The Chart.js 4 configuration for a spec: vertical grouped bars, horizontal bars in the given
 * order, a doughnut of shares, or lines over time (see `lineConfig`). Values are in $ bn (or $ m for small figures, or % for a percent
 * spec), rounded to a few significant digits. Each series is drawn as one dataset per mark its
 * values have (see `marks.ts`): reported solid, derived pale and "(derived)" in the legend,
 * approximate outlined; the datasets of one series share one stack, so a slot still has one bar
 * per series. A value that is not reported is no bar at all, and its slot's label says so. The
 * sources and a key to the marks are printed at the bottom. No functions anywhere and no
 * plugins, so the config can travel in a URL as data and draws the same everywhere.
 * A spec that cannot be drawn (see `normalizeSpec`) throws; `ChartService.image` catches that.
 */
export function chartConfig(input: ChartSpec, options: ConfigOptions = {}): ChartConfig {
  const normalized = normalizeSpec(input);
  if (!normalized.ok) throw new Error(normalized.reason);
  const spec = normalized.spec;
  const digits = options.digits ?? 3;
  const unit = unitFor(spec);
  if (spec.kind === 'line') return lineConfig(spec, options, unit, digits);
  const { title, subtitle } = texts(spec, options);

  if (spec.kind === 'pie') {
    const single = spec.series.length === 1;
    const first = spec.series[0]?.values ?? [];
    const shares = sharesPercent(first.map(numberOf));
    const sliceLabels = spec.labels.map((label, i) => {
      const l = shorten(label, options.labelMax);
      if (!single) return l;
      const v = first[i];
      const share = shares[i];
      if (!v || v.value === null || share === null || share === undefined)
        return `${l} (${v ? gapLabel(v) || NOT_REPORTED : NOT_REPORTED})`;
      return markedLabel(`${l} ${share}%`, markOf(v) === 'reported' ? null : markOf(v));
    });
    const colours = sliceColours(spec.labels);
    return {
      type: 'doughnut',
      data: {
        labels: sliceLabels,
        datasets: spec.series.map((s) => {
          const marks = s.values.map(markOf);
          const outlined = marks.some(isApproximate);
          return {
            label: shorten(s.label, options.labelMax),
            data: s.values.map((v) => toUnit(v.value, unit, digits)),
            backgroundColor: colours.map((c, i) => (isDerived(marks[i] ?? null) ? tint(c) : c)),
            // Chart.js draws slices with a 2 px white border; an approximate one gets the dark outline.
            ...(outlined
              ? {
                  borderColor: marks.map((m) => (isApproximate(m) ? APPROXIMATE_OUTLINE : CHART_BACKGROUND)),
                  borderWidth: marks.map((m) => (isApproximate(m) ? APPROXIMATE_BORDER_WIDTH : 2)),
                }
              : {}),
          };
        }),
      },
      options: { plugins: { title, subtitle, legend: { position: 'right' } } },
    };
  }

  const valueAxis = spec.kind === 'hbar' ? 'x' : 'y';
  const categoryAxis = spec.kind === 'hbar' ? 'y' : 'x';
  const perSeries = spec.series.map((s) => marksIn(s.values));
  // A series whose values are of more than one kind is split into datasets that share a stack.
  const stacked = perSeries.some((m) => m.length > 1);
  const datasets = spec.series.flatMap((s, i) => {
    const marks = perSeries[i]!.length > 0 ? perSeries[i]! : (['reported'] as const);
    return marks.map((mark) => ({
      label: markedLabel(shorten(s.label, options.labelMax), mark === 'reported' ? null : mark),
      data: s.values.map((v) => (markOf(v) === mark ? toUnit(v.value, unit, digits) : null)),
      ...barStyle(mark, paletteColour(i)),
      ...(stacked ? { stack: String(i) } : {}),
    }));
  });
  const marked = perSeries.some((m) => m.some((x) => x !== 'reported'));
  const showLegend = datasets.length > 1 || marked || (!options.plain && spec.series[0]?.label !== '');
  const axisTitle = { title: { display: true, text: unit.label } };
  return {
    type: 'bar',
    data: { labels: spec.labels.map((_, j) => slotLabel(spec, j, options)), datasets },
    options: {
      ...(spec.kind === 'hbar' ? { indexAxis: 'y' as const } : {}),
      // A $61 m bar next to a $28 bn one is under a pixel long: give every reported bar a minimum length.
      datasets: { bar: { minBarLength: 3 } },
      plugins: { title, subtitle, legend: { display: showLegend } },
      scales: stacked ? { [categoryAxis]: { stacked: true }, [valueAxis]: { stacked: true, ...axisTitle } } : { [valueAxis]: axisTitle },
    },
  };
}
