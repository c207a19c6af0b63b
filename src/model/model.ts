import type { Dataset } from './dataset.js';
import type { BoundKeyPoint } from './keypoints.js';
import { NameIndex } from './names.js';
import { findDataNotes, statedPercentRange, type DataNote } from './notes.js';
import type { FigureRecord, Flow, Partner, Qualifier, Region, Remark, Source } from './schema.js';
import { FLOWS } from './schema.js';
import { growth, minus, plus, ratio, reported, sum, type Ratio, type Value } from './value.js';

export type Place =
  | { readonly kind: 'partner'; readonly id: string; readonly name: string; readonly partner: Partner }
  | { readonly kind: 'region'; readonly id: string; readonly name: string; readonly region: Region };

/** A change on the previous year as a source stated it. */
export interface ChangeReport {
  readonly percent?: number;
  readonly usd?: Value;
  readonly qualifier?: Qualifier;
  readonly words?: string;
  readonly source: string;
  readonly quote?: string;
}

/** One flow (total, China's exports or China's imports) of one place in one year, China's figures. */
export interface FlowView {
  readonly flow: Flow;
  readonly value?: Value;
  readonly reportedChanges: readonly ChangeReport[];
  /** Computed by us from this year's and the previous year's figures. */
  readonly computedChange?: {
    readonly previousYear: number;
    readonly previous: Value;
    readonly percent: Ratio;
    readonly usd: Value;
  };
  /** The record behind a reported value, for its quote and note. */
  readonly record?: FigureRecord;
}

export type Surplus = 'china' | 'partner' | 'balanced';

/** The partner's own statistics beside China's figure for the same flow. */
export interface MirrorView {
  readonly flow: Flow;
  readonly theirs: Value;
  readonly note?: string;
  readonly ours?: Value;
  /** China's figure minus the partner's. */
  readonly gap?: Value;
}

export interface PlaceYear {
  readonly place: Place;
  readonly year: number;
  readonly flows: Readonly<Record<Flow, FlowView>>;
  /** China's exports minus China's imports. */
  readonly balance?: Value;
  readonly surplus?: Surplus;
  readonly mirror: readonly MirrorView[];
  readonly notes: readonly DataNote[];
  readonly remarks: readonly Remark[];
}

export interface PartnerYear extends PlaceYear {
  readonly place: Extract<Place, { kind: 'partner' }>;
  readonly region: Region;
  readonly share?: { readonly computed: Ratio; readonly reportedPercent?: number; readonly reportedSource?: string };
  readonly rank?: { readonly rank: number; readonly of: number };
}

export interface RegionMember {
  readonly partner: Partner;
  readonly total?: Value;
  readonly share?: Ratio;
}

export interface RegionYear extends PlaceYear {
  readonly place: Extract<Place, { kind: 'region' }>;
  /** Members with a total this year, largest first, then those without. */
  readonly members: readonly RegionMember[];
  /** Sum of the members China itemises. */
  readonly itemisedSum?: Value;
  /** The reported region total minus the itemised members. */
  readonly notItemised?: Value;
  readonly unitemisedMembers: readonly Partner[];
}

export const MEASURES = ['total', 'china-exports', 'china-imports', 'balance', 'growth'] as const;
export type Measure = (typeof MEASURES)[number];

export interface RankEntry {
  readonly partner: Partner;
  /** Dollars, or percent for growth. */
  readonly score: number;
  readonly value?: Value;
  readonly percent?: Ratio;
  readonly approximate: boolean;
  readonly derived: boolean;
}

export interface Ranking {
  readonly measure: Measure;
  readonly year: number;
  readonly region?: Region;
  readonly entries: readonly RankEntry[];
  readonly notReported: readonly Partner[];
}

export type Resolution =
  | { readonly found: true; readonly place: Place }
  | { readonly found: false; readonly suggestions: readonly Place[] };

const key = (id: string, year: number, reporter: string, flow: Flow) => `${id}|${year}|${reporter}|${flow}`;

const FLOW_WORDS: Record<Flow, string> = {
  total: 'total trade',
  'china-exports': "China's exports",
  'china-imports': "China's imports",
};

/**
 * China's trade with Central Asia and the South Caucasus, loaded once and answered from memory.
 * Derived numbers (sums, balances, shares, growth) are computed here, never read from data, and
 * carry `provenance: 'derived'` with their arithmetic.
 */
export class TradeModel {
  readonly sources: ReadonlyMap<string, Source>;
  readonly partners: readonly Partner[];
  readonly regions: readonly Region[];
  private readonly places = new Map<string, Place>();
  private readonly figures = new Map<string, FigureRecord>();
  private readonly yearsOf = new Map<string, number[]>();
  private readonly remarksOf = new Map<string, Remark[]>();
  private readonly membersOf = new Map<string, Partner[]>();
  private readonly names: NameIndex<Place>;
  private readonly cache = new Map<string, PlaceYear | Ranking>();
  private boundKeyPoints: readonly BoundKeyPoint[] = [];

  constructor(readonly dataset: Dataset) {
    this.sources = new Map(dataset.sources.map((s) => [s.id, s]));
    this.partners = dataset.partners;
    this.regions = dataset.regions;
    for (const region of dataset.regions) {
      this.places.set(region.id, { kind: 'region', id: region.id, name: region.name, region });
      this.membersOf.set(region.id, []);
    }
    for (const partner of dataset.partners) {
      this.places.set(partner.id, { kind: 'partner', id: partner.id, name: partner.name, partner });
      this.membersOf.get(partner.region)?.push(partner);
    }
    const years = new Map<string, Set<number>>();
    for (const figure of dataset.figures) {
      this.figures.set(key(figure.partner, figure.year, figure.reporter, figure.flow), figure);
      if (figure.reporter === 'china') {
        let set = years.get(figure.partner);
        if (!set) years.set(figure.partner, (set = new Set()));
        set.add(figure.year);
      }
    }
    // A partner China does not itemise still has a derivable total wherever its region has one.
    for (const region of dataset.regions) {
      for (const partner of this.membersOf.get(region.id) ?? []) {
        if (!years.has(partner.id)) years.set(partner.id, new Set(years.get(region.id) ?? []));
      }
    }
    for (const [id, set] of years) this.yearsOf.set(id, [...set].sort((a, b) => a - b));
    for (const remark of dataset.remarks) {
      const list = this.remarksOf.get(remark.partner) ?? [];
      list.push(remark);
      this.remarksOf.set(remark.partner, list);
    }
    this.names = new NameIndex(
      [...this.places.values()].map((place) => ({
        target: place,
        names:
          place.kind === 'partner'
            ? [place.name, place.id, place.partner.iso2, place.partner.iso3, ...place.partner.aliases]
            : [place.name, place.id, ...place.region.aliases],
      })),
    );
  }

  /** Key points bound to these figures (see `bindKeyPoints`); set once while loading. */
  get keyPoints(): readonly BoundKeyPoint[] {
    return this.boundKeyPoints;
  }

  attachKeyPoints(points: readonly BoundKeyPoint[]): void {
    this.boundKeyPoints = points;
  }

  place(id: string): Place | undefined {
    return this.places.get(id);
  }

  /** Resolves a typed name (code, spelling, demonym, Russian name) to a partner or region. */
  resolve(text: string): Resolution {
    const place = this.names.lookup(text);
    if (place) return { found: true, place };
    return { found: false, suggestions: this.names.suggest(text).map((m) => m.target) };
  }

  /** Places for autocomplete, best first. */
  complete(text: string, limit: number, kind?: Place['kind']): Place[] {
    const wanted = kind ? (p: Place) => p.kind === kind : () => true;
    if (text.trim() === '') return [...this.places.values()].filter(wanted).slice(0, limit);
    return this.names.complete(text, limit * 2).filter(wanted).slice(0, limit);
  }

  /** Years with China's figures for a place (for an unitemised partner: years its region has). */
  years(id: string): readonly number[] {
    return this.yearsOf.get(id) ?? [];
  }

  /** Every year any figure covers. */
  allYears(): number[] {
    return [...new Set([...this.yearsOf.values()].flat())].sort((a, b) => a - b);
  }

  members(regionId: string): readonly Partner[] {
    return this.membersOf.get(regionId) ?? [];
  }

  isItemised(partnerId: string, year: number): boolean {
    return FLOWS.some((flow) => this.figures.has(key(partnerId, year, 'china', flow)));
  }

  private record(id: string, year: number, flow: Flow, reporter: 'china' | 'partner' = 'china') {
    return this.figures.get(key(id, year, reporter, flow));
  }

  private reportedValue(record: FigureRecord | undefined): Value | undefined {
    return record ? reported(record.usd, record.qualifier, record.sources) : undefined;
  }

  /** China's figure for a flow: reported, else derived from the other two flows. */
  private flowValue(id: string, year: number, flow: Flow): Value | undefined {
    const direct = this.reportedValue(this.record(id, year, flow));
    if (direct) return direct;
    const total = this.reportedValue(this.record(id, year, 'total'));
    const exports = this.reportedValue(this.record(id, year, 'china-exports'));
    const imports = this.reportedValue(this.record(id, year, 'china-imports'));
    if (flow === 'total' && exports && imports) return plus(exports, imports, "China's exports + China's imports");
    if (flow === 'china-exports' && total && imports) return minus(total, imports, "total trade − China's imports");
    if (flow === 'china-imports' && total && exports) return minus(total, exports, "total trade − China's exports");
    if (flow === 'total') return this.unitemisedTotal(id, year);
    return undefined;
  }

  /** A partner China does not itemise: its region's total less the itemised members, if it is the only gap. */
  private unitemisedTotal(id: string, year: number): Value | undefined {
    const partner = this.places.get(id);
    if (partner?.kind !== 'partner' || this.isItemised(id, year)) return undefined;
    const regionId = partner.partner.region;
    const regionTotal = this.reportedValue(this.record(regionId, year, 'total'));
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
    const record = this.record(id, year, flow);
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
      const record = this.record(id, year, flow, 'partner');
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
    const surplus: Surplus | undefined = balance
      ? balance.lo > 0
        ? 'china'
        : balance.hi < 0
          ? 'partner'
          : 'balanced'
      : undefined;
    return {
      place,
      year,
      flows,
      mirror: this.mirror(place.id, year),
      notes: findDataNotes(flows),
      remarks: this.remarksOf.get(place.id) ?? [],
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
      const ranking = this.ranking('total', year, region.id);
      const position = ranking.entries.findIndex((e) => e.partner.id === partnerId);
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
        ...(position >= 0 ? { rank: { rank: position + 1, of: ranking.entries.length } } : {}),
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

  /** Partners ranked by a measure, in one region or in all; those without the figure listed apart. */
  ranking(measure: Measure, year: number, regionId?: string): Ranking {
    return this.memo(`k|${measure}|${year}|${regionId ?? '*'}`, () => {
      const region = regionId ? this.regions.find((r) => r.id === regionId) : undefined;
      const partners = regionId ? this.members(regionId) : this.partners;
      const entries: RankEntry[] = [];
      const notReported: Partner[] = [];
      for (const partner of partners) {
        const entry = this.score(partner, measure, year);
        if (entry) entries.push(entry);
        else notReported.push(partner);
      }
      entries.sort((a, b) => b.score - a.score);
      return { measure, year, entries, notReported, ...(region ? { region } : {}) };
    });
  }

  private score(partner: Partner, measure: Measure, year: number): RankEntry | undefined {
    if (measure === 'growth') {
      const view = this.flowView(partner.id, year, 'total');
      const change = view.computedChange;
      if (change) {
        const percent = change.percent;
        return { partner, score: percent.value, percent, approximate: percent.approximate, derived: true };
      }
      // Without last year's figure, the source's own stated growth is the best we have.
      const stated = view.reportedChanges.find((c) => c.percent !== undefined);
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

  /** Words for a flow, from China's side, fixed everywhere. */
  static flowWords(flow: Flow): string {
    return FLOW_WORDS[flow];
  }
}

