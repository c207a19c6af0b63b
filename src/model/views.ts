import type { Period } from './period.js';
import type { FigureRecord, Flow, Partner, Product, Qualifier, Region, Remark, YuanRecord } from './schema.js';
import type { Ratio, Value } from './value.js';

// What the model's queries answer with: plain read-only data, so that formatting and commands
// depend on these shapes and never on how the model indexes or derives them.

export type Place =
  | { readonly kind: 'partner'; readonly id: string; readonly name: string; readonly partner: Partner }
  | { readonly kind: 'region'; readonly id: string; readonly name: string; readonly region: Region };

/** A change on the same period a year before, as a source stated it. */
export interface ChangeReport {
  readonly percent?: number;
  readonly usd?: Value;
  readonly qualifier?: Qualifier;
  readonly words?: string;
  readonly source: string;
  /** Whom the source attributes the change to, where it names someone else. */
  readonly citing?: string;
  readonly quote?: string;
}

/** One flow (total, China's exports or China's imports) of one place in one period, China's figures. */
export interface FlowView {
  readonly flow: Flow;
  readonly value?: Value;
  /** The same figure as other sources wrote it (a hedged "over $48.6 bn" beside "$48.7 bn"). */
  readonly alsoReported: readonly Value[];
  readonly reportedChanges: readonly ChangeReport[];
  /** Computed by us from this period's figure and the same months' a year before: like with like only. */
  readonly computedChange?: {
    readonly previousPeriod: Period;
    readonly previous: Value;
    readonly percent: Ratio;
    readonly usd: Value;
  };
  /** The record behind a reported value, for its quote and note. */
  readonly record?: FigureRecord;
}

export type Surplus = 'china' | 'partner' | 'balanced';

/** Whose surplus a balance (China's exports − China's imports) is; 'balanced' when its range spans zero. */
export function surplusOf(balance: Value): Surplus {
  if (balance.lo > 0) return 'china';
  if (balance.hi < 0) return 'partner';
  return 'balanced';
}

/**
 * Another reporter's figure beside China's for the same flow and period: the partner's own
 * statistics (with the gap to China's), or a figure whose reporter no source names (no gap: it may
 * be China's own figure, quoted). Never added to or ranked with China's figures.
 */
export interface MirrorView {
  readonly flow: Flow;
  readonly reporter: 'partner' | 'not-stated';
  /** Whose statistics, for the partner's. */
  readonly agency?: string;
  /** Who stated a figure whose reporter is not stated. */
  readonly statedBy?: string;
  readonly theirs: Value;
  /** Changes the partner's own statistics report (Georgia's +17%): shown, never dropped. */
  readonly changes: readonly ChangeReport[];
  readonly note?: string;
  readonly ours?: Value;
  /** China's figure minus the partner's. */
  readonly gap?: Value;
}

/** Where the figures disagree with each other beyond what rounding and hedging allow. */
export type DataNote =
  | {
      readonly kind: 'change-disagrees';
      readonly flow: Flow;
      readonly reported: ChangeReport;
      readonly current: Value;
      readonly previous: Value;
      readonly previousPeriod: Period;
      readonly computedPercent: Ratio;
      readonly computedUsd: Value;
    }
  | {
      readonly kind: 'parts-disagree';
      readonly total: Value;
      readonly exports: Value;
      readonly imports: Value;
      /** China's exports + China's imports, derived. */
      readonly sum: Value;
    }
  | { readonly kind: 'members-exceed-region'; readonly total: Value; readonly members: Value }
  /** Two sources print different values for the same figure. */
  | { readonly kind: 'sources-disagree'; readonly flow: Flow; readonly value: Value; readonly other: Value }
  /**
   * A cumulative figure lower than one for fewer months of the same year: the two cannot be on the
   * same basis (Azerbaijan's Jan–Oct 2025, from China's ambassador, below its own Jan–Jul).
   */
  | {
      readonly kind: 'cumulative-falls';
      readonly longer: { readonly period: Period; readonly value: Value; readonly reporter: string };
      readonly shorter: { readonly period: Period; readonly value: Value; readonly reporter: string };
    };

/** A figure in yuan, as GACC published it: shown as written, never converted. */
export interface YuanView {
  readonly flow: Flow;
  readonly record: YuanRecord;
}

/** A product inside a flow (pipeline gas in China's imports) and its share of that flow. */
export interface ProductView {
  readonly product: Product;
  readonly flow: Flow;
  readonly value: Value;
  readonly record: FigureRecord;
  readonly changes: readonly ChangeReport[];
  /** China's figure for the whole flow in the same period, where there is one. */
  readonly flowValue?: Value;
  /** The product's share of the flow: derived, like every share the bot computes. */
  readonly share?: Ratio;
}

export interface PlaceYear {
  readonly place: Place;
  readonly period: Period;
  readonly flows: Readonly<Record<Flow, FlowView>>;
  /** China's exports minus China's imports. */
  readonly balance?: Value;
  readonly surplus?: Surplus;
  readonly mirror: readonly MirrorView[];
  readonly yuan: readonly YuanView[];
  readonly notes: readonly DataNote[];
  readonly remarks: readonly Remark[];
}

export interface PartnerYear extends PlaceYear {
  readonly place: Extract<Place, { kind: 'partner' }>;
  /** Its region in the data; a partner of an imported dataset may have none. */
  readonly region?: Region;
  readonly share?: {
    readonly computed: Ratio;
    readonly reportedPercent?: number;
    readonly reportedSource?: string;
    readonly reportedCiting?: string;
  };
  readonly rank?: { readonly rank: number; readonly of: number };
}

export interface RegionMember {
  readonly partner: Partner;
  readonly total?: Value;
  readonly share?: Ratio;
  /** The share of the region a source gives, which wins over ours. */
  readonly reportedShare?: { readonly percent: number; readonly source: string; readonly citing?: string };
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
  /** For a stated growth: its hedge, who stated it, and whom they attribute it to. */
  readonly qualifier?: Qualifier;
  readonly source?: string;
  readonly citing?: string;
}

export interface Ranking {
  readonly measure: Measure;
  readonly period: Period;
  readonly region?: Region;
  /** The top entries (all, unless a limit was asked). */
  readonly entries: readonly RankEntry[];
  /** How many partners have the figure, shown or not. */
  readonly count: number;
  readonly notReported: readonly Partner[];
}

export type Resolution =
  { readonly found: true; readonly place: Place } | { readonly found: false; readonly suggestions: readonly Place[] };
