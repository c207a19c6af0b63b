import type { Dataset } from './dataset.js';
import { FigureIndex, type FlowRecords } from './figureIndex.js';
import { findDataNotes, statedPercentRange } from './notes.js';
import { Places } from './places.js';
import type { FigureRecord, Flow, Partner, Region, Source } from './schema.js';
import { FLOWS } from './schema.js';
import { growth, minus, plus, ratio, reported, sum, type Value } from './value.js';
import {
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

type Plan =
  | { readonly kind: 'reported'; readonly record: FigureRecord }
  | { readonly kind: 'plus' | 'minus'; readonly a: FigureRecord; readonly b: FigureRecord; readonly derivation: string }
  | { readonly kind: 'unitemised' };

const UNITEMISED: Plan = { kind: 'unitemised' };

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

/** Where each flow sits in a partner-year's run of the columns. */
const FLOW_COLUMN = { total: 0, 'china-exports': 1, 'china-imports': 2 } as const satisfies Record<Flow, number>;
/** The growth of total trade as the source stated it, for years without last year's figure. */
const STATED_GROWTH = 3;
const STRIDE = 4;

/** Partners' figures as numbers: index[partner] × (year − firstYear) × (three flows, stated growth), NaN where none. */
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
  private readonly values = new WeakMap<FigureRecord, Value>();
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
    this.columns = this.buildColumns();
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
  private buildColumns(): Columns {
    const years = this.allYears();
    const firstYear = years[0] ?? 0;
    const span = years.length > 0 ? years[years.length - 1]! - firstYear + 1 : 0;
    const index = new Map(this.partners.map((p, i) => [p.id, i]));
    const data = new Float64Array(this.partners.length * span * STRIDE).fill(Number.NaN);
    this.partners.forEach((partner, i) => {
      for (const year of this.years(partner.id)) {
        const figures = this.index.china(partner.id, year);
        for (const flow of FLOWS) {
          const usd = this.flowUsd(partner.id, year, flow, figures);
          if (usd !== undefined) data[(i * span + year - firstYear) * STRIDE + FLOW_COLUMN[flow]] = usd;
        }
        const stated = this.statedGrowth(partner.id, year)?.percent;
        if (stated !== undefined) data[(i * span + year - firstYear) * STRIDE + STATED_GROWTH] = stated;
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

  private reportedValue(record: FigureRecord | undefined): Value | undefined {
    if (!record) return undefined;
    let value = this.values.get(record);
    if (!value) this.values.set(record, (value = reported(record.usd, record.qualifier, record.sources)));
    return value;
  }

  /** How China's figure for a flow is had: reported, or derived from the other two flows. */
  private plan(figures: FlowRecords | undefined, flow: Flow): Plan | undefined {
    const direct = figures?.[flow];
    if (direct) return { kind: 'reported', record: direct };
    const total = figures?.total;
    const exports = figures?.['china-exports'];
    const imports = figures?.['china-imports'];
    if (flow === 'total' && exports && imports) return { kind: 'plus', a: exports, b: imports, derivation: "China's exports + China's imports" };
    if (flow === 'china-exports' && total && imports) return { kind: 'minus', a: total, b: imports, derivation: "total trade − China's imports" };
    if (flow === 'china-imports' && total && exports) return { kind: 'minus', a: total, b: exports, derivation: "total trade − China's exports" };
    if (flow === 'total') return UNITEMISED;
    return undefined;
  }

  /** China's figure for a flow, with its range and provenance. */
  private flowValue(id: string, year: number, flow: Flow): Value | undefined {
    const plan = this.plan(this.index.china(id, year), flow);
    switch (plan?.kind) {
      case 'reported':
        return this.reportedValue(plan.record);
      case 'plus':
        return plus(this.reportedValue(plan.a)!, this.reportedValue(plan.b)!, plan.derivation);
      case 'minus':
        return minus(this.reportedValue(plan.a)!, this.reportedValue(plan.b)!, plan.derivation);
      case 'unitemised':
        return this.unitemisedTotal(id, year);
      case undefined:
        return undefined;
    }
  }

  /** The same figure as a bare number, for rankings that compare thousands of partners. */
  private flowUsd(id: string, year: number, flow: Flow, figures = this.index.china(id, year)): number | undefined {
    const plan = this.plan(figures, flow);
    switch (plan?.kind) {
      case 'reported':
        return plan.record.usd.usd;
      case 'plus':
        return plan.a.usd.usd + plan.b.usd.usd;
      case 'minus':
        return plan.a.usd.usd - plan.b.usd.usd;
      case 'unitemised':
        return this.unitemisedTotal(id, year)?.usd;
      case undefined:
        return undefined;
    }
  }

  /** A partner China does not itemise: its region's total less the itemised members, if it is the only gap. */
  private unitemisedTotal(id: string, year: number): Value | undefined {
    const partner = this.places.get(id);
    if (partner?.kind !== 'partner' || this.isItemised(id, year)) return undefined;
    const regionId = partner.partner.region;
    const regionTotal = this.reportedValue(this.index.record(regionId, year, 'total'));
    if (!regionTotal) return undefined;
    const others = this.members(regionId).filter((p) => p.id !== id);
    if (others.some((p) => !this.isItemised(p.id, year))) return undefined;
    const totals = others.map((p) => this.flowValue(p.id, year, 'total'));
    if (totals.some((t) => t === undefined)) return undefined;
    const regionName = this.places.get(regionId)?.name ?? regionId;
    const derivation = `${regionName} total − ${others.map((p) => p.name).join(' − ')}`;
    return minus(regionTotal, sum(totals as Value[], ''), derivation);
  }

  private flowView(id: string, year: number, flow: Flow): FlowView {
    const record = this.index.record(id, year, flow);
    const value = this.flowValue(id, year, flow);
    const reportedChanges: ChangeReport[] = (record?.change ?? []).map((c) => ({
      source: c.source,
      ...(c.percent !== undefined ? { percent: c.percent } : {}),
      ...(c.usd ? { usd: reported(c.usd, c.qualifier, [c.source]) } : {}),
      ...(c.qualifier ? { qualifier: c.qualifier } : {}),
      ...(c.words ? { words: c.words } : {}),
      ...(c.quote ? { quote: c.quote } : {}),
    }));
    const previousYear = year - 1;
    const previous = this.flowValue(id, previousYear, flow);
    const computedChange =
      value && previous && previous.usd > 0
        ? {
            previousYear,
            previous,
            percent: growth(value, previous),
            usd: minus(value, previous, `${year} − ${previousYear}`),
          }
        : undefined;
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
      const ours = this.flowValue(id, year, flow);
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
    const balance = exports && imports ? minus(exports, imports, "China's exports − China's imports") : undefined;
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
      const regionTotal = this.flowValue(region.id, year, 'total');
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
      const itemisedTotals = itemised.map((p) => this.flowValue(p.id, year, 'total'));
      const itemisedSum =
        itemised.length > 0 && itemisedTotals.every((t) => t !== undefined)
          ? sum(itemisedTotals as Value[], `sum of ${itemised.map((p) => p.name).join(', ')}`)
          : undefined;
      const notItemised =
        regionTotal && itemisedSum && unitemisedMembers.length > 0
          ? minus(regionTotal, itemisedSum, `${place.name} total − itemised partners`)
          : undefined;
      const rows: RegionMember[] = members.map((partner) => {
        const total = this.flowValue(partner.id, year, 'total');
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
    const at = (position * span + offset) * STRIDE;
    switch (measure) {
      case 'total':
      case 'china-exports':
      case 'china-imports':
        return data[at + FLOW_COLUMN[measure]]!;
      case 'balance':
        return data[at + FLOW_COLUMN['china-exports']]! - data[at + FLOW_COLUMN['china-imports']]!;
      case 'growth': {
        const now = data[at + FLOW_COLUMN.total]!;
        const before = offset > 0 ? data[at - STRIDE + FLOW_COLUMN.total]! : Number.NaN;
        if (before > 0 && !Number.isNaN(now)) return (now / before - 1) * 100;
        return data[at + STATED_GROWTH]!;
      }
    }
  }

  /** Without last year's figure, the source's own stated growth is the best we have. */
  private statedGrowth(id: string, year: number) {
    return this.index.record(id, year, 'total')?.change?.find((c) => c.percent !== undefined);
  }

  private entry(partner: Partner, measure: Measure, year: number): RankEntry | undefined {
    if (measure === 'growth') {
      const change = this.flowView(partner.id, year, 'total').computedChange;
      if (change) {
        const percent = change.percent;
        return { partner, score: percent.value, percent, approximate: percent.approximate, derived: true };
      }
      const stated = this.statedGrowth(partner.id, year);
      if (stated?.percent === undefined) return undefined;
      const [lo, hi] = statedPercentRange(stated.percent, stated.qualifier);
      const approximate = stated.qualifier !== undefined;
      return { partner, score: stated.percent, percent: { value: stated.percent, lo, hi, approximate }, approximate, derived: false };
    }
    const value =
      measure === 'balance'
        ? (() => {
            const e = this.flowValue(partner.id, year, 'china-exports');
            const i = this.flowValue(partner.id, year, 'china-imports');
            return e && i ? minus(e, i, "China's exports − China's imports") : undefined;
          })()
        : this.flowValue(partner.id, year, measure);
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

