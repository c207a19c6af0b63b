import type { Dataset } from './dataset.js';
import { DOLLARS, Evaluator, valueArithmetic } from './evaluate.js';
import { FigureIndex } from './figureIndex.js';
import { findDataNotes, statedPercentRange } from './notes.js';
import { Places } from './places.js';
import type { Flow, Partner, Region, Source } from './schema.js';
import { FLOWS } from './schema.js';
import { minus, ratio, reported, sum, type Ratio, type Value } from './value.js';
import {
  MEASURES,
  surplusOf,
  type ChangeReport,
  type FlowView,
  type Measure,
  type MirrorView,
  type PartnerYear,
  type Place,
  type PlaceYear,
  type RankEntry,
  type Ranking,
  type RegionMember,
  type RegionYear,
  type Resolution,
} from './views.js';

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

/** Where each measure sits in a partner-year's run of the columns. */
const COLUMN = { total: 0, 'china-exports': 1, 'china-imports': 2, balance: 3, growth: 4 } as const satisfies Record<Measure, number>;
const STRIDE = MEASURES.length;

/** Partners' scores: index[partner] × (year − firstYear) × measure, NaN where there is none. */
interface Columns {
  readonly index: ReadonlyMap<string, number>;
  readonly firstYear: number;
  readonly span: number;
  readonly data: Float64Array;
}

/**
 * China's trade with Central Asia and the South Caucasus, loaded once and answered from memory.
 * Derived numbers (sums, balances, shares, growth) are computed here, never read from data, and
 * carry `provenance: 'derived'` with their arithmetic.
 */
export class TradeModel {
  readonly sources: ReadonlyMap<string, Source>;
  readonly partners: readonly Partner[];
  readonly regions: readonly Region[];
  private readonly places: Places;
  private readonly index: FigureIndex;
  private readonly cache = new Map<string, PlaceYear | Ranking>();
  private readonly values: Evaluator<Value, Ratio>;
  /** Per region and year, the members' totals, largest first: a partner's rank is a binary search. */
  private readonly regionTotals = new Map<string, Float64Array>();
  private readonly columns: Columns;
  /** Each region's members as positions in `partners`, for rankings that read the columns. */
  private readonly positionsOf = new Map<string, number[]>();

  constructor(readonly dataset: Dataset) {
    this.sources = new Map(dataset.sources.map((s) => [s.id, s]));
    this.partners = dataset.partners;
    this.regions = dataset.regions;
    this.places = new Places(dataset.regions, dataset.partners);
    this.index = new FigureIndex(dataset, this.places);
    this.values = new Evaluator(this.places, this.index, valueArithmetic());
    this.columns = this.buildColumns(new Evaluator(this.places, this.index, DOLLARS));
    for (const region of dataset.regions) {
      this.positionsOf.set(region.id, this.members(region.id).map((p) => this.columns.index.get(p.id)!));
    }
    for (const region of dataset.regions) {
      const byYear = new Map<number, number[]>();
      for (const partner of this.members(region.id)) {
        for (const year of this.years(partner.id)) {
          const total = this.usdAt(partner.id, year, 'total');
          if (total === undefined) continue;
          const list = byYear.get(year) ?? [];
          list.push(total);
          byYear.set(year, list);
        }
      }
      for (const [year, totals] of byYear) this.regionTotals.set(`${region.id}|${year}`, Float64Array.from(totals).sort().reverse());
    }
  }

  /** Every partner's figures as numbers, computed once, so a ranking reads an array instead of deriving each value. */
  private buildColumns(dollars: Evaluator<number, number>): Columns {
    const years = this.allYears();
    const firstYear = years[0] ?? 0;
    const span = years.length > 0 ? years[years.length - 1]! - firstYear + 1 : 0;
    const index = new Map(this.partners.map((p, i) => [p.id, i]));
    const data = new Float64Array(this.partners.length * span * STRIDE).fill(Number.NaN);
    this.partners.forEach((partner, i) => {
      // Years ascending, so last year's total is in place when this year's growth is computed.
      for (const year of this.years(partner.id)) {
        const records = this.index.china(partner.id, year);
        const at = (i * span + year - firstYear) * STRIDE;
        const total = dollars.flow(partner.id, year, 'total', records);
        const exports = dollars.flow(partner.id, year, 'china-exports', records);
        const imports = dollars.flow(partner.id, year, 'china-imports', records);
        const before = year > firstYear ? data[at - STRIDE + COLUMN.total]! : Number.NaN;
        const growth = dollars.growth(total, Number.isNaN(before) ? undefined : before) ?? this.index.statedGrowth(partner.id, year)?.percent;
        data[at + COLUMN.total] = total ?? Number.NaN;
        data[at + COLUMN['china-exports']] = exports ?? Number.NaN;
        data[at + COLUMN['china-imports']] = imports ?? Number.NaN;
        data[at + COLUMN.balance] = dollars.balance(exports, imports) ?? Number.NaN;
        data[at + COLUMN.growth] = growth ?? Number.NaN;
      }
    });
    return { index, firstYear, span, data };
  }

  /** A partner's figure from the columns; undefined where there is none. */
  private usdAt(id: string, year: number, flow: Flow): number | undefined {
    const position = this.columns.index.get(id);
    const usd = position === undefined ? Number.NaN : this.scoreAt(position, flow, year);
    return Number.isNaN(usd) ? undefined : usd;
  }

  place(id: string): Place | undefined {
    return this.places.get(id);
  }

  /** Resolves a typed name (code, spelling, demonym, Russian name) to a partner or region. */
  resolve(text: string): Resolution {
    return this.places.resolve(text);
  }

  /** Places for autocomplete, best first. */
  complete(text: string, limit: number, kind?: Place['kind']): Place[] {
    return this.places.complete(text, limit, kind);
  }

  /** Years with China's figures for a place (for an unitemised partner: years its region has). */
  years(id: string): readonly number[] {
    return this.index.years(id);
  }

  /** Every year any figure covers. */
  allYears(): readonly number[] {
    return this.index.allYears();
  }

  members(regionId: string): readonly Partner[] {
    return this.places.members(regionId);
  }

  isItemised(partnerId: string, year: number): boolean {
    return this.index.isItemised(partnerId, year);
  }

  private flowView(id: string, year: number, flow: Flow): FlowView {
    const record = this.index.record(id, year, flow);
    const value = this.values.flow(id, year, flow);
    const reportedChanges: ChangeReport[] = (record?.change ?? []).map((c) => ({
      source: c.source,
      ...(c.percent !== undefined ? { percent: c.percent } : {}),
      ...(c.usd ? { usd: reported(c.usd, c.qualifier, [c.source]) } : {}),
      ...(c.qualifier ? { qualifier: c.qualifier } : {}),
      ...(c.words ? { words: c.words } : {}),
      ...(c.quote ? { quote: c.quote } : {}),
    }));
    const previousYear = year - 1;
    const previous = this.values.flow(id, previousYear, flow);
    const percent = this.values.growth(value, previous);
    const computedChange =
      percent && value && previous ? { previousYear, previous, percent, usd: minus(value, previous, `${year} − ${previousYear}`) } : undefined;
    return {
      flow,
      reportedChanges,
      ...(value ? { value } : {}),
      ...(computedChange ? { computedChange } : {}),
      ...(record ? { record } : {}),
    };
  }

  private mirror(id: string, year: number): MirrorView[] {
    const out: MirrorView[] = [];
    for (const flow of FLOWS) {
      const record = this.index.record(id, year, flow, 'partner');
      if (!record) continue;
      const theirs = reported(record.usd, record.qualifier, record.sources);
      const ours = this.values.flow(id, year, flow);
      out.push({
        flow,
        theirs,
        ...(record.note ? { note: record.note } : {}),
        ...(ours ? { ours, gap: minus(ours, theirs, "China's figure − the partner's figure") } : {}),
      });
    }
    return out;
  }

  private placeYear(place: Place, year: number): PlaceYear {
    const flows = {
      total: this.flowView(place.id, year, 'total'),
      'china-exports': this.flowView(place.id, year, 'china-exports'),
      'china-imports': this.flowView(place.id, year, 'china-imports'),
    };
    const exports = flows['china-exports'].value;
    const imports = flows['china-imports'].value;
    const balance = this.values.balance(exports, imports);
    const surplus = balance ? surplusOf(balance) : undefined;
    return {
      place,
      year,
      flows,
      mirror: this.mirror(place.id, year),
      notes: findDataNotes(flows),
      remarks: this.index.remarks(place.id),
      ...(balance ? { balance } : {}),
      ...(surplus ? { surplus } : {}),
    };
  }

  private memo<T extends PlaceYear | Ranking>(cacheKey: string, build: () => T): T {
    const hit = this.cache.get(cacheKey) as T | undefined;
    if (hit) return hit;
    const made = build();
    this.cache.set(cacheKey, made);
    return made;
  }

  /** A partner's year: flows, balance, changes, share and rank in its region, mirror figures, notes. */
  partnerYear(partnerId: string, year: number): PartnerYear | undefined {
    const place = this.places.get(partnerId);
    if (place?.kind !== 'partner') return undefined;
    return this.memo(`p|${partnerId}|${year}`, () => {
      const base = this.placeYear(place, year);
      const region = this.regions.find((r) => r.id === place.partner.region)!;
      const total = base.flows.total.value;
      const regionTotal = this.values.flow(region.id, year, 'total');
      const shareRecord = base.flows.total.record?.share;
      const rank = total ? this.rankByTotal(region.id, year, total.usd) : undefined;
      return {
        ...base,
        place,
        region,
        ...(total && regionTotal
          ? {
              share: {
                computed: ratio(total, regionTotal),
                ...(shareRecord ? { reportedPercent: shareRecord.percent, reportedSource: shareRecord.source } : {}),
              },
            }
          : {}),
        ...(rank ? { rank } : {}),
      };
    });
  }

  /** 1 + the members with a larger total; ties share a rank. */
  private rankByTotal(regionId: string, year: number, total: number): { rank: number; of: number } | undefined {
    const totals = this.regionTotals.get(`${regionId}|${year}`);
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

  /** A region's year: its reported total, members with shares, the part not itemised. */
  regionYear(regionId: string, year: number): RegionYear | undefined {
    const place = this.places.get(regionId);
    if (place?.kind !== 'region') return undefined;
    return this.memo(`r|${regionId}|${year}`, () => {
      const base = this.placeYear(place, year);
      const regionTotal = base.flows.total.value;
      const members = this.members(regionId);
      const itemised = members.filter((p) => this.isItemised(p.id, year));
      const unitemisedMembers = members.filter((p) => !this.isItemised(p.id, year));
      const itemisedTotals = itemised.map((p) => this.values.flow(p.id, year, 'total'));
      const itemisedSum =
        itemised.length > 0 && itemisedTotals.every((t) => t !== undefined)
          ? sum(itemisedTotals as Value[], `sum of ${itemised.map((p) => p.name).join(', ')}`)
          : undefined;
      const notItemised =
        regionTotal && itemisedSum && unitemisedMembers.length > 0
          ? minus(regionTotal, itemisedSum, `${place.name} total − itemised partners`)
          : undefined;
      const rows: RegionMember[] = members.map((partner) => {
        const total = this.values.flow(partner.id, year, 'total');
        return {
          partner,
          ...(total ? { total } : {}),
          ...(total && regionTotal ? { share: ratio(total, regionTotal) } : {}),
        };
      });
      rows.sort((a, b) => (b.total?.usd ?? -Infinity) - (a.total?.usd ?? -Infinity));
      const notes = [...base.notes];
      if (regionTotal && itemisedSum && itemisedSum.lo > regionTotal.hi) {
        notes.push({ kind: 'members-exceed-region', total: regionTotal, members: itemisedSum });
      }
      return {
        ...base,
        place,
        members: rows,
        unitemisedMembers,
        notes,
        ...(itemisedSum ? { itemisedSum } : {}),
        ...(notItemised ? { notItemised } : {}),
      };
    });
  }

  /**
   * Partners ranked by a measure, in one region or in all; those without the figure listed apart.
   * Scores are compared as numbers; only the `limit` entries shown get their full figures.
   */
  ranking(measure: Measure, year: number, regionId?: string, limit = Infinity): Ranking {
    return this.memo(`k|${measure}|${year}|${regionId ?? '*'}|${limit}`, () => {
      const region = regionId ? this.regions.find((r) => r.id === regionId) : undefined;
      const positions = regionId ? (this.positionsOf.get(regionId) ?? []) : this.partners.keys();
      const scores: number[] = [];
      const scoredAt: number[] = [];
      const notReported: Partner[] = [];
      for (const position of positions) {
        const score = this.scoreAt(position, measure, year);
        if (Number.isNaN(score)) notReported.push(this.partners[position]!);
        else {
          scores.push(score);
          scoredAt.push(position);
        }
      }
      const entries = topIndices(scores, limit).map((k) => this.entry(this.partners[scoredAt[k]!]!, measure, year)!);
      return { measure, year, entries, count: scores.length, notReported, ...(region ? { region } : {}) };
    });
  }

  /** A partner's score from the columns by its position; NaN where the figure is missing. */
  private scoreAt(position: number, measure: Measure, year: number): number {
    const { firstYear, span, data } = this.columns;
    const offset = year - firstYear;
    if (offset < 0 || offset >= span) return Number.NaN;
    return data[(position * span + offset) * STRIDE + COLUMN[measure]]!;
  }

  private entry(partner: Partner, measure: Measure, year: number): RankEntry | undefined {
    if (measure === 'growth') {
      const percent = this.values.growth(this.values.flow(partner.id, year, 'total'), this.values.flow(partner.id, year - 1, 'total'));
      if (percent) return { partner, score: percent.value, percent, approximate: percent.approximate, derived: true };
      const stated = this.index.statedGrowth(partner.id, year);
      if (stated?.percent === undefined) return undefined;
      const [lo, hi] = statedPercentRange(stated.percent, stated.qualifier);
      const approximate = stated.qualifier !== undefined;
      return { partner, score: stated.percent, percent: { value: stated.percent, lo, hi, approximate }, approximate, derived: false };
    }
    const value =
      measure === 'balance'
        ? this.values.balance(this.values.flow(partner.id, year, 'china-exports'), this.values.flow(partner.id, year, 'china-imports'))
        : this.values.flow(partner.id, year, measure);
    if (!value) return undefined;
    return {
      partner,
      score: value.usd,
      value,
      approximate: value.qualifier !== undefined,
      derived: value.provenance === 'derived',
    };
  }
}

