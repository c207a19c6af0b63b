/** Number helpers for charts: units and rounding. Pure. */

export interface ChartUnit {
  /** Axis title, e.g. "$ bn". */
  readonly label: string;
  /** What a value is divided by to be drawn: 1e9 for dollars in billions, 1e6 in millions, 1 for percent. */
  readonly divisor: number;
}

export const BILLIONS: ChartUnit = { label: '$ bn', divisor: 1e9 };
export const MILLIONS: ChartUnit = { label: '$ m', divisor: 1e6 };
export const PERCENT: ChartUnit = { label: '%', divisor: 1 };

/**
 * Billions, unless every figure is under $1 bn: then millions, so a chart of small figures
 * reads "61" on a "$ m" axis rather than "0.061" on a "$ bn" one.
 */
export function chooseUnit(values: Iterable<number | null>): ChartUnit {
  let max = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return max > 0 && max < 1e9 ? MILLIONS : BILLIONS;
}

/**
 * Rounds to `digits` significant digits, so small values keep their size ($61 m is 0.061 bn,
 * not 0) and the number prints short in a URL. Floating-point noise is removed.
 */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const rounded = Number(value.toPrecision(Math.max(1, Math.min(21, Math.trunc(digits)))));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** A value in chart units, rounded; null stays null (a gap, never 0). */
export function toUnit(value: number | null, unit: ChartUnit, digits: number): number | null {
  return value === null ? null : roundSignificant(value / unit.divisor, digits);
}

/** Shares of a whole in percent, rounded to whole numbers (one decimal under 1 %). Nulls stay null. */
export function sharesPercent(values: readonly (number | null)[]): (number | null)[] {
  const total = values.reduce<number>((sum, v) => sum + (v !== null && v > 0 ? v : 0), 0);
  return values.map((v) => {
    if (v === null || total <= 0) return null;
    const pct = (Math.max(0, v) / total) * 100;
    return pct > 0 && pct < 1 ? Math.round(pct * 10) / 10 : Math.round(pct);
  });
}
