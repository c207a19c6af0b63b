import type { Dataset } from './dataset.js';
import { comparePeriods, isFullYear, periodKey, type Period } from './period.js';
import type { Places } from './places.js';
import { FLOWS, type FigureRecord, type Flow, type Remark, type ReportedChange, type Reporter, type YuanRecord } from './schema.js';

/** One reporter's records for one place and period, by flow. */
export type FlowRecords = Partial<Record<Flow, FigureRecord>>;

type Slot = Record<Reporter, FlowRecords>;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sortedPeriods(periods: Iterable<Period>): Period[] {
  const byKey = new Map<string, Period>();
  for (const p of periods) byKey.set(periodKey(p), p);
  return [...byKey.values()].sort(comparePeriods);
}

/**
 * The records of the data by place and period: flows by reporter, product figures and yuan figures
 * apart (they are never added to the flows), and which periods each place has figures for.
 */
export class FigureIndex {
  /** place → period key → reporter → flow: lookups without building more than one key string. */
  private readonly records = new Map<string, Map<string, Slot>>();
  private readonly productsOf = new Map<string, FigureRecord[]>();
  private readonly yuanOf = new Map<string, YuanRecord[]>();
  private readonly chinaPeriodsOf = new Map<string, Period[]>();
  private readonly periodsOf = new Map<string, Period[]>();
  private readonly everyChinaPeriod: readonly Period[];
  private readonly remarksOf = new Map<string, Remark[]>();

  constructor(dataset: Dataset, places: Places) {
    const china = new Map<string, Period[]>();
    const any = new Map<string, Period[]>();
    for (const figure of dataset.figures) {
      push(any, figure.partner, figure.period);
      if (figure.product !== undefined) {
        push(this.productsOf, `${figure.partner}|${periodKey(figure.period)}`, figure);
        continue;
      }
      let byPeriod = this.records.get(figure.partner);
      if (!byPeriod) this.records.set(figure.partner, (byPeriod = new Map<string, Slot>()));
      const key = periodKey(figure.period);
      let slot = byPeriod.get(key);
      if (!slot) byPeriod.set(key, (slot = { china: {}, partner: {}, 'not-stated': {} }));
      slot[figure.reporter][figure.flow] = figure;
      if (figure.reporter === 'china') push(china, figure.partner, figure.period);
    }
    for (const figure of dataset.yuan) {
      push(this.yuanOf, `${figure.partner}|${periodKey(figure.period)}`, figure);
      push(any, figure.partner, figure.period);
    }
    // A partner China does not itemise still has a derivable total wherever its region has one.
    for (const region of dataset.regions) {
      for (const partner of places.members(region.id)) {
        if (!china.has(partner.id)) china.set(partner.id, [...(china.get(region.id) ?? [])]);
      }
    }
    for (const [id, list] of china) this.chinaPeriodsOf.set(id, sortedPeriods(list));
    // Every period with a figure, or one derivable from the region (an unitemised partner's total).
    for (const id of new Set([...any.keys(), ...china.keys()]))
      this.periodsOf.set(id, sortedPeriods([...(any.get(id) ?? []), ...(china.get(id) ?? [])]));
    this.everyChinaPeriod = sortedPeriods([...china.values()].flat());
    for (const remark of dataset.remarks) push(this.remarksOf, remark.partner, remark);
  }

  record(id: string, period: Period, flow: Flow, reporter: Reporter = 'china'): FigureRecord | undefined {
    return this.records.get(id)?.get(periodKey(period))?.[reporter][flow];
  }

  /** One reporter's records for one place and period, by flow. */
  reporterRecords(id: string, period: Period, reporter: Reporter): FlowRecords | undefined {
    return this.records.get(id)?.get(periodKey(period))?.[reporter];
  }

  /** China's records for one place and period, by flow. */
  china(id: string, period: Period): FlowRecords | undefined {
    return this.reporterRecords(id, period, 'china');
  }

  isItemised(id: string, period: Period): boolean {
    const china = this.china(id, period);
    return china !== undefined && FLOWS.some((flow) => china[flow] !== undefined);
  }

  /** Periods with China's figures for a place (for an unitemised partner: those its region has), oldest first. */
  chinaPeriods(id: string): readonly Period[] {
    return this.chinaPeriodsOf.get(id) ?? [];
  }

  /** Full years with China's figures for a place. */
  years(id: string): readonly number[] {
    return this.chinaPeriods(id)
      .filter(isFullYear)
      .map((p) => p.year);
  }

  /** Every period with a figure of any reporter, product or currency for a place (or China's derivable from its region), oldest first. */
  periods(id: string): readonly Period[] {
    return this.periodsOf.get(id) ?? [];
  }

  /** Every period China's figures cover, for any place. */
  allChinaPeriods(): readonly Period[] {
    return this.everyChinaPeriod;
  }

  /** Every full year China's figures cover. */
  allYears(): readonly number[] {
    return this.everyChinaPeriod.filter(isFullYear).map((p) => p.year);
  }

  /** Product figures (parts of a flow) for a place and period. */
  products(id: string, period: Period): readonly FigureRecord[] {
    return this.productsOf.get(`${id}|${periodKey(period)}`) ?? [];
  }

  /** Yuan figures for a place and period, as GACC published them. */
  yuan(id: string, period: Period): readonly YuanRecord[] {
    return this.yuanOf.get(`${id}|${periodKey(period)}`) ?? [];
  }

  /** The growth of total trade as a source stated it: the best there is without last year's figure. */
  statedGrowth(id: string, period: Period): (ReportedChange & { readonly citing?: string }) | undefined {
    const record = this.record(id, period, 'total');
    const stated = record?.change?.find((c) => c.percent !== undefined);
    const citing = stated ? record?.citing?.[stated.source] : undefined;
    return stated && citing ? { ...stated, citing } : stated;
  }

  /** Remarks on a place: those tied to no period, and those tied to this one. */
  remarks(id: string, period?: Period): readonly Remark[] {
    const all = this.remarksOf.get(id) ?? [];
    return all.filter((r) => r.period === undefined || (period !== undefined && periodKey(r.period) === periodKey(period)));
  }
}
