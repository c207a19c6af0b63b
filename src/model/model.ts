import { LRUCache } from 'lru-cache';
import type { Dataset } from './dataset.js';
import { Evaluator, valueArithmetic } from './evaluate.js';
import { FigureIndex } from './figureIndex.js';
import { changeReports, partnerYear, regionYear, type PlaceYearInputs } from './placeYears.js';
import { Places } from './places.js';
import { rankEntry } from './rankEntry.js';
import { RankingColumns } from './rankingColumns.js';
import { fullYear, isFullYear, periodKey, type Period } from './period.js';
import type { Partner, Product, Region, Source } from './schema.js';
import { ratio, reported } from './value.js';
import type { Measure, PartnerYear, Place, ProductView, Ranking, RegionYear, Resolution } from './views.js';

/** A full year as a number, or any period. */
export type When = number | Period;

const asPeriod = (when: When): Period => (typeof when === 'number' ? fullYear(when) : when);

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
  readonly products: ReadonlyMap<string, Product>;
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
    this.products = new Map(dataset.products.map((p) => [p.id, p]));
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

  /** Every full year China's figures cover. */
  allYears(): readonly number[] {
    return this.index.allYears();
  }

  /** Periods with China's figures for a place, oldest first. */
  chinaPeriods(id: string): readonly Period[] {
    return this.index.chinaPeriods(id);
  }

  /** Every period with a figure of any reporter, product or currency for a place, oldest first. */
  periods(id: string): readonly Period[] {
    return this.index.periods(id);
  }

  /** Every period China's figures cover, for any place: what a ranking can be asked for. */
  allChinaPeriods(): readonly Period[] {
    return this.index.allChinaPeriods();
  }

  /** The latest full year with any figure for the place: the period a command answers unless told. */
  latestFullYear(id: string): number | undefined {
    const years = this.index.periods(id).filter(isFullYear);
    return years[years.length - 1]?.year;
  }

  /** Part-year periods later than a full year's end, for "Jan–Oct 2026 is also available". */
  laterPeriods(id: string, year: number): readonly Period[] {
    return this.index.periods(id).filter((p) => p.year > year && !isFullYear(p));
  }

  members(regionId: string): readonly Partner[] {
    return this.places.members(regionId);
  }

  isItemised(partnerId: string, when: When): boolean {
    return this.index.isItemised(partnerId, asPeriod(when));
  }

  /** A partner's period: flows, balance, changes, share and rank in its region, other reporters' figures, notes. */
  partnerYear(partnerId: string, when: When): PartnerYear | undefined {
    const place = this.places.get(partnerId);
    if (place?.kind !== 'partner') return undefined;
    const period = asPeriod(when);
    return memo(this.partnerYears, `${partnerId}|${periodKey(period)}`, () => partnerYear(this.inputs, place, period));
  }

  /** A region's period: its reported total, members with shares, the part not itemised. */
  regionYear(regionId: string, when: When): RegionYear | undefined {
    const place = this.places.get(regionId);
    if (place?.kind !== 'region') return undefined;
    const period = asPeriod(when);
    return memo(this.regionYears, `${regionId}|${periodKey(period)}`, () => regionYear(this.inputs, place, period));
  }

  /**
   * The product figures of a place and period, each with its share of China's figure for the flow
   * it is part of (derived), where that flow is reported for the same period.
   */
  productFigures(id: string, when: When): readonly ProductView[] {
    const period = asPeriod(when);
    return this.index.products(id, period).flatMap((record) => {
      const product = this.products.get(record.product ?? '');
      if (!product) return [];
      const value = reported(record.usd, record.qualifier, record.sources, { citing: record.citing, record });
      const flowValue = this.inputs.values.flow(id, period, record.flow);
      return [
        {
          product,
          flow: record.flow,
          value,
          record,
          changes: changeReports(record),
          ...(flowValue ? { flowValue, share: ratio(value, flowValue) } : {}),
        },
      ];
    });
  }

  /**
   * Partners ranked by a measure, in one region or in all; those without the figure listed apart.
   * Scores are compared as numbers; only the `limit` entries shown get their full figures.
   */
  ranking(measure: Measure, when: When, regionId?: string, limit = Infinity): Ranking {
    const period = asPeriod(when);
    return memo(this.rankings, `${measure}|${periodKey(period)}|${regionId ?? '*'}|${limit}`, () => {
      const region = regionId ? this.places.region(regionId) : undefined;
      const { top, count, notReported } = this.inputs.columns.leaders(measure, period, regionId, limit);
      const entries = top.map((partner) => rankEntry(this.inputs.values, this.index, partner, measure, period)!);
      return { measure, period, entries, count, notReported, ...(region ? { region } : {}) };
    });
  }
}
