import type { WrittenAmount } from './amount.js';
import type { Qualifier } from './schema.js';

export type Provenance = 'reported' | 'derived';

/**
 * A dollar figure the bot may show: its value, the range the source's rounding and hedging
 * allow, and where it came from. Derived values say how they were computed.
 */
export interface Value {
  readonly usd: number;
  readonly lo: number;
  readonly hi: number;
  readonly provenance: Provenance;
  readonly qualifier?: Qualifier;
  /** Source ids of every reported figure this value rests on. */
  readonly sources: readonly string[];
  /** For derived values: the arithmetic, in words a reader can check. */
  readonly derivation?: string;
  /** For reported values: half a unit of the last digit the source wrote. */
  readonly halfUnit?: number;
}

/**
 * The range a hedge allows around a written amount. The hedge says more than the rounding does:
 * "nearly $2.5 bn" is at most $2.5 bn and not far below; "just over $1 bn" at least $1 bn and
 * not far above; "about" either way. "Not far" is 10%, or the rounding where that is wider.
 */
export function hedgedRange(amount: WrittenAmount, qualifier: Qualifier | undefined): [number, number] {
  const v = amount.usd;
  const h = amount.halfUnit;
  const slack = Math.max(Math.abs(v) * 0.1, h);
  switch (qualifier) {
    case 'nearly':
    case 'almost':
      return [v - slack, v];
    case 'about':
      return [v - slack, v + slack];
    case 'just over':
    case 'more than':
      return [v, v + Math.abs(v) * 0.1];
    case undefined:
      return [v - h, v + h];
  }
}

export function reported(amount: WrittenAmount, qualifier: Qualifier | undefined, sources: readonly string[]): Value {
  const [lo, hi] = hedgedRange(amount, qualifier);
  return {
    usd: amount.usd,
    lo,
    hi,
    provenance: 'reported',
    sources,
    halfUnit: amount.halfUnit,
    ...(qualifier ? { qualifier } : {}),
  };
}

const approximate = (...values: Value[]): boolean => values.some((v) => v.qualifier !== undefined);

function combine(usd: number, lo: number, hi: number, derivation: string, parts: Value[]): Value {
  const sources = [...new Set(parts.flatMap((p) => p.sources))];
  const hedged = parts.some((p) => p.qualifier !== undefined);
  return {
    usd,
    lo,
    hi,
    provenance: 'derived',
    sources,
    derivation,
    ...(hedged ? { qualifier: 'about' as const } : {}),
  };
}

export function plus(a: Value, b: Value, derivation: string): Value {
  return combine(a.usd + b.usd, a.lo + b.lo, a.hi + b.hi, derivation, [a, b]);
}

export function minus(a: Value, b: Value, derivation: string): Value {
  return combine(a.usd - b.usd, a.lo - b.hi, a.hi - b.lo, derivation, [a, b]);
}

export function sum(values: readonly Value[], derivation: string): Value {
  return combine(
    values.reduce((s, v) => s + v.usd, 0),
    values.reduce((s, v) => s + v.lo, 0),
    values.reduce((s, v) => s + v.hi, 0),
    derivation,
    [...values],
  );
}

/** A ratio with the range its inputs allow (denominators are positive dollar amounts). */
export interface Ratio {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly approximate: boolean;
}

export function ratio(a: Value, b: Value): Ratio {
  return {
    value: a.usd / b.usd,
    lo: a.lo / b.hi,
    hi: a.hi / Math.max(b.lo, Number.MIN_VALUE),
    approximate: approximate(a, b),
  };
}

/** Percentage change from `before` to `after`, with its range. */
export function growth(after: Value, before: Value): Ratio {
  const r = ratio(after, before);
  return { value: (r.value - 1) * 100, lo: (r.lo - 1) * 100, hi: (r.hi - 1) * 100, approximate: r.approximate };
}
