import { NOT_REPORTED } from '../format/figures.js';
import type { ChartDatum, ChartSpec, ChartValue } from './spec.js';

export interface CleanSeries {
  readonly label: string;
  /** One per label: finite numbers with their provenance, or labelled gaps. */
  readonly values: readonly ChartValue[];
  readonly dashed?: boolean;
  readonly colour?: number;
}

/** A spec made safe to draw: one value per label, each a finite number with its provenance or a labelled gap; strings everywhere. */
export interface CleanSpec extends ChartSpec {
  readonly series: readonly CleanSeries[];
}

export type Normalized = { readonly ok: true; readonly spec: CleanSpec } | { readonly ok: false; readonly reason: string };

const KINDS = new Set(['bar', 'hbar', 'pie', 'line']);

/** A hedge word or a gap's label is a few words; anything longer is a bug upstream, cut short. */
const WORD_MAX = 24;

function text(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function word(value: unknown): string {
  return [...text(value)].slice(0, WORD_MAX).join('');
}

function gapOf(missing: unknown): ChartValue {
  return { value: null, missing: word(missing) || NOT_REPORTED };
}

function figure(raw: unknown, kind: ChartSpec['kind']): ChartValue {
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : null;
  const value = given ? given.value : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) return gapOf(given?.missing);
  // A share of a whole cannot be negative: such a slice is left out rather than drawn wrongly.
  if (kind === 'pie' && value < 0) return gapOf(undefined);
  const provenance = given?.provenance === 'derived' ? 'derived' : 'reported';
  const hedge = word(given?.hedge);
  return hedge ? { value, provenance, hedge } : { value, provenance };
}

/** The caption's source names: strings, once each, in the order given. */
function sourceNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return [...new Set(raw.map(text).filter((s) => s !== ''))];
}

/**
 * Cleans a spec that may come from anywhere (it is typed, but a bug upstream could still send
 * NaN, Infinity, ragged series or no data). A bare number is a reported value, and null or a
 * non-finite number a gap labelled "not reported"; values are padded or cut to one per label.
 * Returns a reason a user can read when nothing can be drawn. Never throws.
 */
export function normalizeSpec(input: unknown): Normalized {
  try {
    const raw = (input ?? {}) as Partial<Record<keyof ChartSpec, unknown>>;
    const kind = typeof raw.kind === 'string' && KINDS.has(raw.kind) ? (raw.kind as ChartSpec['kind']) : null;
    if (kind === null) return { ok: false, reason: 'Chart left out: unknown chart type.' };
    const labels = Array.isArray(raw.labels) ? raw.labels.map(text) : [];
    const rawSeries: unknown[] = Array.isArray(raw.series) ? raw.series : [];
    const series = rawSeries.map((s, i): CleanSeries => {
      const r = (s ?? {}) as Record<string, unknown>;
      const values: unknown[] = Array.isArray(r.values) ? r.values : [];
      const colour = typeof r.colour === 'number' && Number.isInteger(r.colour) && r.colour >= 0 ? { colour: r.colour } : {};
      return {
        label: text(r.label) || (rawSeries.length > 1 ? `Series ${i + 1}` : ''),
        values: labels.map((_, j) => figure(values[j], kind)),
        ...(r.dashed === true ? { dashed: true } : {}),
        ...colour,
      };
    });
    if (labels.length === 0 || series.length === 0) return { ok: false, reason: 'Chart left out: there are no figures to draw.' };
    if (!series.some((s) => s.values.some((v) => v.value !== null))) {
      return { ok: false, reason: 'Chart left out: none of these figures is reported.' };
    }
    const unit = raw.unit === 'percent' ? { unit: 'percent' as const } : {};
    return { ok: true, spec: { kind, title: text(raw.title), labels, series, sources: sourceNames(raw.sources), ...unit } };
  } catch {
    return { ok: false, reason: 'Chart left out: its figures could not be read.' };
  }
}

/** The number a value stands for, or null for a gap (a bare number or null is taken as it is). */
export function numberOf(v: ChartDatum): number | null {
  if (v === null || typeof v === 'number') return v;
  return v.value;
}
