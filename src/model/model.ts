import { LRUCache } from 'lru-cache';
import type { Dataset } from './dataset.js';
import { Evaluator, valueArithmetic } from './evaluate.js';
import { FigureIndex } from './figureIndex.js';
import { partnerYear, regionYear, type PlaceYearInputs } from './placeYears.js';
import { Places } from './places.js';
import { rankEntry } from './rankEntry.js';
import { RankingColumns } from './rankingColumns.js';
import type { Partner, Region, Source } from './schema.js';
import type { Measure, PartnerYear, Place, Ranking, RegionYear, Resolution } from './views.js';

/**
 * Views kept per kind: every partner and year of the curated data many times over, yet bounded,
 * so that a model of 10^6 imported figures does not keep every view ever asked for.
 */
const VIEWS_KEPT = 10_000;

function memo<T extends object>(cache: LRUCache<string, T>, key: string, build: () => T): T {
  let made = cache.get(key);
  if (!made) cache.set(key, (made = build()));
  return made;
}

/**
 * China's trade with Central Asia and the South Caucasus, loaded once and answered from memory.
 * Derived numbers (sums, balances, shares, growth) are computed by the model, never read from
 * data, and carry `provenance: 'derived'` with their arithmetic. Each view is built once.
 */
export class TradeModel {
  readonly sources: ReadonlyMap<string, Source>;
  readonly partners: readonly Partner[];
  readonly regions: readonly Region[];
  private readonly places: Places;
  private readonly index: FigureIndex;
  private readonly inputs: PlaceYearInputs;
  private readonly partnerYears = new LRUCache<string, PartnerYear>({ max: VIEWS_KEPT });
  private readonly regionYears = new LRUCache<string, RegionYear>({ max: VIEWS_KEPT });
  private readonly rankings = new LRUCache<string, Ranking>({ max: VIEWS_KEPT });

  constructor(readonly dataset: Dataset) {
    this.sources = new Map(dataset.sources.map((s) => [s.id, s]));
    this.partners = dataset.partners;
    this.regions = dataset.regions;
    this.places = new Places(dataset.regions, dataset.partners);
    this.index = new FigureIndex(dataset, this.places);
    this.inputs = {
      places: this.places,
      index: this.index,
      values: new Evaluator(this.places, this.index, valueArithmetic()),
      columns: new RankingColumns(dataset, this.places, this.index),
    };
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

  /** A partner's year: flows, balance, changes, share and rank in its region, mirror figures, notes. */
  partnerYear(partnerId: string, year: number): PartnerYear | undefined {
    const place = this.places.get(partnerId);
    if (place?.kind !== 'partner') return undefined;
    return memo(this.partnerYears, `${partnerId}|${year}`, () => partnerYear(this.inputs, place, year));
  }

  /** A region's year: its reported total, members with shares, the part not itemised. */
  regionYear(regionId: string, year: number): RegionYear | undefined {
    const place = this.places.get(regionId);
    if (place?.kind !== 'region') return undefined;
    return memo(this.regionYears, `${regionId}|${year}`, () => regionYear(this.inputs, place, year));
  }

  /**
   * Partners ranked by a measure, in one region or in all; those without the figure listed apart.
   * Scores are compared as numbers; only the `limit` entries shown get their full figures.
   */
  ranking(measure: Measure, year: number, regionId?: string, limit = Infinity): Ranking {
    return memo(this.rankings, `${measure}|${year}|${regionId ?? '*'}|${limit}`, () => {
      const region = regionId ? this.places.region(regionId) : undefined;
      const { top, count, notReported } = this.inputs.columns.leaders(measure, year, regionId, limit);
      const entries = top.map((partner) => rankEntry(this.inputs.values, this.index, partner, measure, year)!);
      return { measure, year, entries, count, notReported, ...(region ? { region } : {}) };
    });
  }
}
