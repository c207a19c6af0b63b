import type { Dataset } from './dataset.js';
import { DOLLARS, Evaluator } from './evaluate.js';
import type { FigureIndex } from './figureIndex.js';
import { periodKey, previousPeriod, type Period } from './period.js';
import type { Places } from './places.js';
import type { Partner } from './schema.js';
import { MEASURES, type Measure } from './views.js';

/** Where each measure sits in a partner-year's run of the columns. */
const COLUMN = { total: 0, 'china-exports': 1, 'china-imports': 2, balance: 3, growth: 4 } as const satisfies Record<Measure, number>;
const STRIDE = MEASURES.length;

/**
 * Indices of the `limit` highest scores, highest first (stable for ties). For a short list of many
 * it keeps a small sorted window rather than sorting thousands.
 */
function topIndices(scores: readonly number[], limit: number): number[] {
  const byScore = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
  if (limit >= scores.length / 4) return [...scores.keys()].sort(byScore).slice(0, limit);
  const top: number[] = [];
  scores.forEach((score, k) => {
    if (top.length === limit && score <= scores[top[top.length - 1]!]!) return;
    let at = top.length;
    while (at > 0 && scores[top[at - 1]!]! < score) at--;
    top.splice(at, 0, k);
    if (top.length > limit) top.pop();
  });
  return top;
}

/** Who leads on a measure: the partners to show, how many have the figure, and who has none. */
export interface Leaders {
  readonly top: readonly Partner[];
  readonly count: number;
  readonly notReported: readonly Partner[];
}

/**
 * Every partner's score on every measure and period as a number, computed once, so that ranking
 * thousands of partners reads an array instead of deriving each figure.
 */
export class RankingColumns {
  private readonly partners: readonly Partner[];
  /** Period key → its slot in the columns. */
  private readonly slots = new Map<string, number>();
  /** position of the partner × slot × measure, NaN where there is no figure. */
  private readonly data: Float64Array;
  /** Each region's members as positions in `partners`. */
  private readonly positionsOf = new Map<string, number[]>();
  /** Per region and period, the members' totals, largest first: a partner's rank is a binary search. */
  private readonly regionTotals = new Map<string, Float64Array>();

  constructor(dataset: Dataset, places: Places, index: FigureIndex) {
    index.allChinaPeriods().forEach((p, slot) => this.slots.set(periodKey(p), slot));
    const span = this.slots.size;
    const data = new Float64Array(dataset.partners.length * span * STRIDE).fill(Number.NaN);
    this.partners = dataset.partners;
    this.data = data;
    const dollars = new Evaluator(places, index, DOLLARS);
    this.partners.forEach((partner, i) => {
      // Periods oldest first, so the same months' total a year before is in place when growth is computed.
      for (const period of index.chinaPeriods(partner.id)) {
        const records = index.china(partner.id, period);
        const at = (i * span + this.slots.get(periodKey(period))!) * STRIDE;
        const total = dollars.flow(partner.id, period, 'total', records);
        const exports = dollars.flow(partner.id, period, 'china-exports', records);
        const imports = dollars.flow(partner.id, period, 'china-imports', records);
        const beforeSlot = this.slots.get(periodKey(previousPeriod(period)));
        const before = beforeSlot === undefined ? Number.NaN : data[(i * span + beforeSlot) * STRIDE + COLUMN.total]!;
        // Reported beats derived: a stated growth ranks as stated, ours only where none is stated.
        const growth = index.statedGrowth(partner.id, period)?.percent ?? dollars.growth(total, Number.isNaN(before) ? undefined : before);
        data[at + COLUMN.total] = total ?? Number.NaN;
        data[at + COLUMN['china-exports']] = exports ?? Number.NaN;
        data[at + COLUMN['china-imports']] = imports ?? Number.NaN;
        data[at + COLUMN.balance] = dollars.balance(exports, imports) ?? Number.NaN;
        data[at + COLUMN.growth] = growth ?? Number.NaN;
      }
    });
    const position = new Map(this.partners.map((p, i) => [p.id, i]));
    for (const region of dataset.regions) {
      const positions = places.members(region.id).map((p) => position.get(p.id)!);
      this.positionsOf.set(region.id, positions);
      const byPeriod = new Map<string, number[]>();
      for (const at of positions) {
        for (const period of index.chinaPeriods(this.partners[at]!.id)) {
          const total = this.score(at, 'total', period);
          if (Number.isNaN(total)) continue;
          const key = `${region.id}|${periodKey(period)}`;
          const list = byPeriod.get(key) ?? [];
          list.push(total);
          byPeriod.set(key, list);
        }
      }
      for (const [key, totals] of byPeriod) this.regionTotals.set(key, Float64Array.from(totals).sort().reverse());
    }
  }

  /** The `limit` partners (of a region, or of all) with the highest score on a measure, highest first. */
  leaders(measure: Measure, period: Period, regionId: string | undefined, limit: number): Leaders {
    const positions = regionId ? (this.positionsOf.get(regionId) ?? []) : this.partners.keys();
    const scores: number[] = [];
    const scoredAt: number[] = [];
    const notReported: Partner[] = [];
    for (const position of positions) {
      const score = this.score(position, measure, period);
      if (Number.isNaN(score)) notReported.push(this.partners[position]!);
      else {
        scores.push(score);
        scoredAt.push(position);
      }
    }
    const top = topIndices(scores, limit).map((k) => this.partners[scoredAt[k]!]!);
    return { top, count: scores.length, notReported };
  }

  /** 1 + the members of the region with a larger total; ties share a rank. */
  rankByTotal(regionId: string, period: Period, total: number): { rank: number; of: number } | undefined {
    const totals = this.regionTotals.get(`${regionId}|${periodKey(period)}`);
    if (!totals) return undefined;
    let lo = 0;
    let hi = totals.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (totals[mid]! > total) lo = mid + 1;
      else hi = mid;
    }
    return { rank: lo + 1, of: totals.length };
  }

  /** NaN where the figure is missing. */
  private score(position: number, measure: Measure, period: Period): number {
    const slot = this.slots.get(periodKey(period));
    if (slot === undefined) return Number.NaN;
    return this.data[(position * this.slots.size + slot) * STRIDE + COLUMN[measure]]!;
  }
}
