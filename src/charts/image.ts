import type { ReplyFile } from '../core/reply.js';
import { sourcesLine, unitFor } from './config.js';
import { marksKey } from './marks.js';
import type { CleanSpec } from './normalize.js';
import type { ChartSpec } from './spec.js';

/** Where a reply's chart comes from: a link Discord fetches, a file we upload, or nothing (with why). */
export type ChartImage =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'attachment'; readonly url: `attachment://${string}`; readonly file: ReplyFile }
  | { readonly kind: 'omitted'; readonly reason: string };

export interface ChartService {
  /** Never throws: a chart that cannot be made comes back as `omitted`, so a reply never fails for its chart. */
  image(spec: ChartSpec): ChartImage;
}

export interface ChartServiceOptions {
  /** url: a QuickChart link Discord fetches (the host must be reachable from the internet); attach: a PNG rendered here. */
  readonly mode: 'url' | 'attach';
  /** QuickChart base URL, e.g. https://quickchart.io or http://charts.internal:3400/prefix (url mode). */
  readonly quickchartUrl?: string;
  readonly width?: number;
  readonly height?: number;
}

export const CHART_FILE_NAME = 'chart.png';

/** Discord's limit on an attachment's description (its alt text). */
const DESCRIPTION_MAX = 1024;

const KIND_WORDS: Record<ChartSpec['kind'], string> = { bar: 'Bar chart', hbar: 'Bar chart', pie: 'Doughnut chart', line: 'Line chart' };

/** Alt text for an attached chart: what it shows, in what unit, from where, and what its marks mean. */
export function chartDescription(spec: CleanSpec): string {
  const parts = [`${KIND_WORDS[spec.kind] ?? 'Chart'}: ${spec.title || 'trade figures'}`];
  if (spec.kind !== 'pie') parts.push(`(${unitFor(spec).label})`);
  const dashed = spec.series.filter((s) => s.dashed).map((s) => s.label);
  if (dashed.length > 0) parts.push(`(dashed: ${dashed.join(', ')})`);
  const sources = sourcesLine(spec.sources);
  const key = marksKey(spec.series.flatMap((s) => s.values)).join(' ');
  const text = parts.join(' ') + (sources ? `. ${sources}` : '') + (key ? ` ${key}` : '');
  return [...text].length <= DESCRIPTION_MAX ? text : [...text].slice(0, DESCRIPTION_MAX - 1).join('') + '…';
}

export function failure(error: unknown): ChartImage {
  const detail = error instanceof Error && /^Chart left out/.test(error.message) ? error.message : null;
  return { kind: 'omitted', reason: detail ?? 'Chart left out: it could not be drawn this time.' };
}
