import type { FigureRecord, Flow, Partner, Qualifier, Region, Remark } from './schema.js';
import type { Ratio, Value } from './value.js';

// What the model's queries answer with: plain read-only data, so that formatting and commands
// depend on these shapes and never on how the model indexes or derives them.

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
  /** Whom the source attributes the change to, where it names someone else. */
  readonly citing?: string;
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

/** Whose surplus a balance (China's exports − China's imports) is; 'balanced' when its range spans zero. */
export function surplusOf(balance: Value): Surplus {
  if (balance.lo > 0) return 'china';
  if (balance.hi < 0) return 'partner';
  return 'balanced';
}

/** The partner's own statistics beside China's figure for the same flow. */
export interface MirrorView {
  readonly flow: Flow;
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
      readonly previousYear: number;
      readonly computedPercent: Ratio;
      readonly computedUsd: Value;
    }
  | {
      readonly kind: 'parts-disagree';
      readonly total: Value;
      readonly exports: Value;
      readonly imports: Value;
    }
  | { readonly kind: 'members-exceed-region'; readonly total: Value; readonly members: Value };

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
  readonly year: number;
  readonly region?: Region;
  /** The top entries (all, unless a limit was asked). */
  readonly entries: readonly RankEntry[];
  /** How many partners have the figure, shown or not. */
  readonly count: number;
  readonly notReported: readonly Partner[];
}

export type Resolution =
  { readonly found: true; readonly place: Place } | { readonly found: false; readonly suggestions: readonly Place[] };
