import { NOT_REPORTED } from '../format/figures.js';
import type { ChartValue } from './spec.js';

/**
 * How a drawn value is marked, so that a chart never makes a derived or approximate figure look
 * like one a source printed. Chart.js core only (colours and borders, no plugin and no canvas
 * pattern), so the same JSON config draws the same marks on quickchart.io, on a self-hosted
 * QuickChart without plugins, and in the local renderer:
 *
 * - reported: the series colour, solid;
 * - derived (computed by the bot from reported figures): a pale tint of the series colour,
 *   outlined in the series colour, "(derived)" in the legend;
 * - approximate (the source hedged it: "nearly", "about", "just over", or a derived value built
 *   on such a figure): a dark outline, "(approximate)" in the legend, the hedge words in the caption;
 * - not reported: no bar at all, and the slot's label says "not reported".
 */
export type Mark = 'reported' | 'approximate' | 'derived' | 'derived-approximate';

/** The order a series' datasets are listed in the legend. */
export const MARKS: readonly Mark[] = ['reported', 'approximate', 'derived', 'derived-approximate'];

/** What the legend adds to a series' name. */
export const MARK_SUFFIX: Readonly<Record<Mark, string>> = {
  reported: '',
  approximate: ' (approximate)',
  derived: ' (derived)',
  'derived-approximate': ' (derived, approximate)',
};

/** The outline of an approximate value: near-black, visible on every palette colour and on a pale tint. */
export const APPROXIMATE_OUTLINE = '#1a1a1a';
export const APPROXIMATE_BORDER_WIDTH = 3;
export const DERIVED_BORDER_WIDTH = 2;
/** How far a derived value's fill is taken towards white. */
const TINT = 0.65;

export function markOf(v: ChartValue): Mark | null {
  if (v.value === null) return null;
  const approximate = v.hedge !== undefined;
  if (v.provenance === 'derived') return approximate ? 'derived-approximate' : 'derived';
  return approximate ? 'approximate' : 'reported';
}

export const isDerived = (m: Mark | null): boolean => m === 'derived' || m === 'derived-approximate';
export const isApproximate = (m: Mark | null): boolean => m === 'approximate' || m === 'derived-approximate';

/** The marks present among some values, in legend order. */
export function marksIn(values: readonly ChartValue[]): Mark[] {
  const present = new Set(values.map(markOf));
  return MARKS.filter((m) => present.has(m));
}

/** A colour taken `amount` of the way to white: "#0072B2" → a pale blue. */
export function tint(hex: string, amount = TINT): string {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  if (channels.some((c) => Number.isNaN(c))) return hex;
  return `#${channels
    .map((c) =>
      Math.round(c + (255 - c) * amount)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

export interface BarStyle {
  readonly backgroundColor: string;
  readonly borderColor?: string;
  readonly borderWidth?: number;
  readonly borderSkipped?: false;
}

/** The fill and outline of a bar dataset of one mark in one series colour. */
export function barStyle(mark: Mark, colour: string): BarStyle {
  switch (mark) {
    case 'reported':
      return { backgroundColor: colour };
    case 'approximate':
      return { backgroundColor: colour, borderColor: APPROXIMATE_OUTLINE, borderWidth: APPROXIMATE_BORDER_WIDTH, borderSkipped: false };
    case 'derived':
      return { backgroundColor: tint(colour), borderColor: colour, borderWidth: DERIVED_BORDER_WIDTH, borderSkipped: false };
    case 'derived-approximate':
      return {
        backgroundColor: tint(colour),
        borderColor: APPROXIMATE_OUTLINE,
        borderWidth: APPROXIMATE_BORDER_WIDTH,
        borderSkipped: false,
      };
  }
}

/** A series or slice name with what its mark adds ("China's exports (derived)"); an unnamed one is named by its mark. */
export function markedLabel(label: string, mark: Mark | null): string {
  const suffix = mark ? MARK_SUFFIX[mark] : '';
  if (label) return `${label}${suffix}`;
  return suffix.replace(/^ \((.*)\)$/, '$1');
}

/** What a gap says. */
export function gapLabel(v: ChartValue): string {
  return v.value === null ? v.missing || NOT_REPORTED : '';
}

/**
 * The caption's key to the marks present, one sentence per mark, none when every value is
 * reported as written: "Pale: derived (computed from reported figures, not published).",
 * "Outlined: approximate in the source (nearly, just over)." `short` gives the few words a
 * compacted chart link has room for.
 */
export function marksKey(values: readonly ChartValue[], short = false): string[] {
  const marks = new Set(values.map(markOf));
  const parts: string[] = [];
  if (marks.has('derived') || marks.has('derived-approximate')) {
    parts.push(short ? 'Pale: derived.' : 'Pale: derived (computed from reported figures, not published).');
  }
  const words = [...new Set(values.flatMap((v) => (v.value !== null && v.provenance === 'reported' && v.hedge ? [v.hedge] : [])))];
  if (words.length > 0) parts.push(`Outlined: approximate${short ? '' : ' in the source'} (${words.join(', ')}).`);
  else if (marks.has('derived-approximate'))
    parts.push(short ? 'Outlined: approximate.' : 'Outlined: approximate (built on approximate figures).');
  return parts;
}
