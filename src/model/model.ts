import type { Dataset } from './dataset.js';
import { Evaluator, valueArithmetic } from './evaluate.js';
import { FigureIndex } from './figureIndex.js';
import { findDataNotes, statedPercentRange } from './notes.js';
import { Places } from './places.js';
import { RankingColumns } from './rankingColumns.js';
import type { Flow, Partner, Region, Source } from './schema.js';
import { FLOWS } from './schema.js';
import { minus, ratio, reported, sum, type Ratio, type Value } from './value.js';
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
  private readonly columns: RankingColumns;

  constructor(readonly dataset: Dataset) {
    this.sources = new Map(dataset.sources.map((s) => [s.id, s]));
    this.partners = dataset.partners;
    this.regions = dataset.regions;
    this.places = new Places(dataset.regions, dataset.partners);
    this.index = new FigureIndex(dataset, this.places);
    this.values = new Evaluator(this.places, this.index, valueArithmetic());
    this.columns = new RankingColumns(dataset, this.places, this.index);
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
      const rank = total ? this.columns.rankByTotal(region.id, year, total.usd) : undefined;
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
      const { top, count, notReported } = this.columns.leaders(measure, year, regionId, limit);
      const entries = top.map((partner) => this.entry(partner, measure, year)!);
      return { measure, year, entries, count, notReported, ...(region ? { region } : {}) };
    });
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

