import type { WrittenAmount } from './amount.js';
import type { FigureRecord, Qualifier } from './schema.js';

export type Provenance = 'reported' | 'derived';

/**
 * Where a reported number was published: a source (an id in data/sources.json) and, where that
 * source attributes the number to someone else ("According to Oilprice"), whom.
 */
export interface Citation {
  readonly source: string;
  readonly citing?: string;
}

/** One key per source and attribution: "briefing" and "briefing, citing Oilprice" are listed apart. */
export const citationKey = (c: Citation) => `${c.source}\u0000${c.citing ?? ''}`;

/** The citations of a record's sources, with whom each attributes the figure to. */
export function citationsOf(sources: readonly string[], citing?: Readonly<Record<string, string>>): Citation[] {
  return sources.map((source) => {
    const name = citing?.[source];
    return name ? { source, citing: name } : { source };
  });
}

/** Citations of several numbers as one list: each once, in the order first met. */
export function mergeCitations(lists: Iterable<readonly Citation[]>): Citation[] {
  const seen = new Map<string, Citation>();
  for (const list of lists) for (const c of list) if (!seen.has(citationKey(c))) seen.set(citationKey(c), c);
  return [...seen.values()];
}

/** Whether two citations name the same source attributing to the same party. */
export const sameCitation = (a: Citation, b: Citation) => citationKey(a) === citationKey(b);

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
  /** The same sources as citations: with whom each attributes its figure to, per figure. */
  readonly citations: readonly Citation[];
  /** For derived values: the arithmetic, in words a reader can check. */
  readonly derivation?: string;
  /** For derived values: the values it was computed from. */
  readonly inputs?: readonly Value[];
  /** For reported values: half a unit of the last digit the source wrote. */
  readonly halfUnit?: number;
  /** For a value read from a row of data/figures/: that row (its quote, period, reporter). */
  readonly record?: FigureRecord;
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
    case 'roughly':
      return [v - slack, v + slack];
    case 'just over':
    case 'over':
    case 'more than':
      return [v, v + Math.abs(v) * 0.1];
    case undefined:
      return [v - h, v + h];
  }
}

/** A hedge that makes its amount a floor ("over $8.1bn"): hedgedRange's lower-bound cases. */
export function isLowerBound(qualifier: Qualifier | undefined): boolean {
  return qualifier === 'just over' || qualifier === 'over' || qualifier === 'more than';
}

/** Where a reported value was read: whom its sources attribute it to, and the row it is. */
export interface ReportedFrom {
  readonly citing?: Readonly<Record<string, string>>;
  readonly record?: FigureRecord;
}

export function reported(
  amount: WrittenAmount,
  qualifier: Qualifier | undefined,
  sources: readonly string[],
  from: ReportedFrom = {},
): Value {
  const [lo, hi] = hedgedRange(amount, qualifier);
  return {
    usd: amount.usd,
    lo,
    hi,
    provenance: 'reported',
    sources,
    citations: citationsOf(sources, from.citing),
    halfUnit: amount.halfUnit,
    ...(qualifier ? { qualifier } : {}),
    ...(from.record ? { record: from.record } : {}),
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
    citations: mergeCitations(parts.map((p) => p.citations)),
    derivation,
    inputs: parts,
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
  /** Where the numbers it is computed from (or, for a stated percentage, it) were published. */
  readonly citations: readonly Citation[];
}

export function ratio(a: Value, b: Value): Ratio {
  return {
    value: a.usd / b.usd,
    lo: a.lo / b.hi,
    hi: a.hi / Math.max(b.lo, Number.MIN_VALUE),
    approximate: approximate(a, b),
    citations: mergeCitations([a.citations, b.citations]),
  };
}

/** Percentage change from `before` to `after`, with its range. */
export function growth(after: Value, before: Value): Ratio {
  const r = ratio(after, before);
  return { value: (r.value - 1) * 100, lo: (r.lo - 1) * 100, hi: (r.hi - 1) * 100, approximate: r.approximate, citations: r.citations };
}
