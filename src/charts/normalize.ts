import type { ChartSeries, ChartSpec } from './spec.js';

/** A spec made safe to draw: finite numbers or null, one value per label, strings everywhere. */
export interface CleanSpec extends ChartSpec {
  readonly series: readonly ChartSeries[];
}

export type Normalized = { readonly ok: true; readonly spec: CleanSpec } | { readonly ok: false; readonly reason: string };

const KINDS = new Set(['bar', 'hbar', 'pie']);

function text(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function figure(value: unknown, kind: ChartSpec['kind']): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  // A share of a whole cannot be negative: such a slice is left out rather than drawn wrongly.
  if (kind === 'pie' && value < 0) return null;
  return value;
}

/**
 * Cleans a spec that may come from anywhere (it is typed, but a bug upstream could still send
 * NaN, Infinity, ragged series or no data). Non-finite values become null (a gap); values are
 * padded or cut to one per label. Returns a reason a user can read when nothing can be drawn.
 * Never throws.
 */
export function normalizeSpec(input: unknown): Normalized {
  try {
    const raw = (input ?? {}) as Partial<Record<keyof ChartSpec, unknown>>;
    const kind = typeof raw.kind === 'string' && KINDS.has(raw.kind) ? (raw.kind as ChartSpec['kind']) : null;
    if (kind === null) return { ok: false, reason: 'Chart left out: unknown chart type.' };
    const labels = Array.isArray(raw.labels) ? raw.labels.map(text) : [];
    const rawSeries: unknown[] = Array.isArray(raw.series) ? raw.series : [];
    const series = rawSeries.map((s, i): ChartSeries => {
      const r = (s ?? {}) as Partial<Record<keyof ChartSeries, unknown>>;
      const values = Array.isArray(r.values) ? r.values : [];
      return {
        label: text(r.label) || (rawSeries.length > 1 ? `Series ${i + 1}` : ''),
        values: labels.map((_, j) => figure(values[j], kind)),
      };
    });
    if (labels.length === 0 || series.length === 0) return { ok: false, reason: 'Chart left out: there are no figures to draw.' };
    if (!series.some((s) => s.values.some((v) => v !== null))) {
      return { ok: false, reason: 'Chart left out: none of these figures is reported.' };
    }
    const unit = raw.unit === 'percent' ? { unit: 'percent' as const } : {};
    return { ok: true, spec: { kind, title: text(raw.title), labels, series, source: text(raw.source), ...unit } };
  } catch {
    return { ok: false, reason: 'Chart left out: its figures could not be read.' };
  }
}
