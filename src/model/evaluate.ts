import type { FigureIndex } from './figureIndex.js';
import type { Period } from './period.js';
import type { Places } from './places.js';
import type { FigureRecord, Flow } from './schema.js';
import { growth, minus, plus, reported, sum, type Ratio, type Value } from './value.js';

/**
 * The arithmetic China's figures are derived in. Replies need Values (ranges, provenance, the
 * arithmetic in words); the ranking columns need the same numbers for every partner at once,
 * without an object per figure. Each rule of derivation is written once, in `Evaluator`.
 */
export interface Arithmetic<T, Percent> {
  reported(record: FigureRecord): T;
  plus(a: T, b: T, derivation: string): T;
  minus(a: T, b: T, derivation: string): T;
  sum(values: readonly T[], derivation: string): T;
  /** Percentage change from `before` to `after`; `before` is positive. */
  growth(after: T, before: T): Percent;
  usd(value: T): number;
}

/** Values with their ranges and provenance. A record's Value is made once: every view of it shares it. */
export function valueArithmetic(): Arithmetic<Value, Ratio> {
  const made = new WeakMap<FigureRecord, Value>();
  return {
    reported(record) {
      let value = made.get(record);
      if (!value) made.set(record, (value = reported(record.usd, record.qualifier, record.sources, { citing: record.citing, record })));
      return value;
    },
    plus,
    minus,
    sum,
    growth,
    usd: (value) => value.usd,
  };
}

/** Bare dollars: exactly the `usd` (and growth `value`) that `valueArithmetic` gives, in the same order of operations. */
export const DOLLARS: Arithmetic<number, number> = {
  reported: (record) => record.usd.usd,
  plus: (a, b) => a + b,
  minus: (a, b) => a - b,
  sum: (values) => values.reduce((total, v) => total + v, 0),
  growth: (after, before) => (after / before - 1) * 100,
  usd: (value) => value,
};

/** China's figures for any place, period and flow, reported or derived, in one arithmetic. */
export class Evaluator<T, Percent> {
  constructor(
    private readonly places: Places,
    private readonly index: FigureIndex,
    private readonly arithmetic: Arithmetic<T, Percent>,
  ) {}

  /**
   * China's figure for a flow: as reported; else from the other two flows; else, for a partner
   * China does not itemise, from its region. `records` saves the lookup when the caller has them.
   */
  flow(id: string, period: Period, flow: Flow, records = this.index.china(id, period)): T | undefined {
    const a = this.arithmetic;
    const direct = records?.[flow];
    if (direct) return a.reported(direct);
    const total = records?.total;
    const exports = records?.['china-exports'];
    const imports = records?.['china-imports'];
    switch (flow) {
      case 'total':
        return exports && imports
          ? a.plus(a.reported(exports), a.reported(imports), "China's exports + China's imports")
          : this.unitemisedTotal(id, period);
      case 'china-exports':
        return total && imports ? a.minus(a.reported(total), a.reported(imports), "total trade − China's imports") : undefined;
      case 'china-imports':
        return total && exports ? a.minus(a.reported(total), a.reported(exports), "total trade − China's exports") : undefined;
    }
  }

  /** China's exports minus China's imports. */
  balance(exports: T | undefined, imports: T | undefined): T | undefined {
    if (exports === undefined || imports === undefined) return undefined;
    return this.arithmetic.minus(exports, imports, "China's exports − China's imports");
  }

  /** Growth on the same period a year before, where there was something to grow from. */
  growth(now: T | undefined, previous: T | undefined): Percent | undefined {
    if (now === undefined || previous === undefined || !(this.arithmetic.usd(previous) > 0)) return undefined;
    return this.arithmetic.growth(now, previous);
  }

  /** A partner China does not itemise: its region's total less the itemised members, if it is the only gap. */
  private unitemisedTotal(id: string, period: Period): T | undefined {
    const partner = this.places.get(id);
    if (partner?.kind !== 'partner' || this.index.isItemised(id, period)) return undefined;
    const regionId = partner.partner.region;
    if (regionId === undefined) return undefined;
    const regionTotal = this.index.record(regionId, period, 'total');
    if (!regionTotal) return undefined;
    const others = this.places.members(regionId).filter((p) => p.id !== id);
    if (others.some((p) => !this.index.isItemised(p.id, period))) return undefined;
    const totals: T[] = [];
    for (const other of others) {
      const total = this.flow(other.id, period, 'total');
      if (total === undefined) return undefined;
      totals.push(total);
    }
    const regionName = this.places.get(regionId)?.name ?? regionId;
    const derivation = `${regionName} total − ${others.map((p) => p.name).join(' − ')}`;
    const a = this.arithmetic;
    return a.minus(a.reported(regionTotal), a.sum(totals, ''), derivation);
  }
}
