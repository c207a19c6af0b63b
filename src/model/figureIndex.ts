import type { Dataset } from './dataset.js';
import type { Places } from './places.js';
import { FLOWS, type FigureRecord, type Flow, type Remark, type ReportedChange, type Reporter } from './schema.js';

/** One reporter's records for one place and year, by flow. */
export type FlowRecords = Partial<Record<Flow, FigureRecord>>;

/** The records of the data by place and year, and which years each place has China's figures for. */
export class FigureIndex {
  /** place → year → reporter → flow: lookups without building a key string, thousands of times per ranking. */
  private readonly records = new Map<string, Map<number, Record<Reporter, FlowRecords>>>();
  private readonly yearsOf = new Map<string, number[]>();
  private readonly everyYear: readonly number[];
  private readonly remarksOf = new Map<string, Remark[]>();

  constructor(dataset: Dataset, places: Places) {
    const years = new Map<string, Set<number>>();
    for (const figure of dataset.figures) {
      let byYear = this.records.get(figure.partner);
      if (!byYear) this.records.set(figure.partner, (byYear = new Map<number, Record<Reporter, FlowRecords>>()));
      let slot = byYear.get(figure.year);
      if (!slot) byYear.set(figure.year, (slot = { china: {}, partner: {} }));
      slot[figure.reporter][figure.flow] = figure;
      if (figure.reporter === 'china') {
        let set = years.get(figure.partner);
        if (!set) years.set(figure.partner, (set = new Set()));
        set.add(figure.year);
      }
    }
    // A partner China does not itemise still has a derivable total wherever its region has one.
    for (const region of dataset.regions) {
      for (const partner of places.members(region.id)) {
        if (!years.has(partner.id)) years.set(partner.id, new Set(years.get(region.id) ?? []));
      }
    }
    for (const [id, set] of years)
      this.yearsOf.set(
        id,
        [...set].sort((a, b) => a - b),
      );
    this.everyYear = [...new Set([...years.values()].flatMap((set) => [...set]))].sort((a, b) => a - b);
    for (const remark of dataset.remarks) {
      const list = this.remarksOf.get(remark.partner) ?? [];
      list.push(remark);
      this.remarksOf.set(remark.partner, list);
    }
  }

  record(id: string, year: number, flow: Flow, reporter: Reporter = 'china'): FigureRecord | undefined {
    return this.records.get(id)?.get(year)?.[reporter][flow];
  }

  /** China's records for one place and year, by flow. */
  china(id: string, year: number): FlowRecords | undefined {
    return this.records.get(id)?.get(year)?.china;
  }

  isItemised(id: string, year: number): boolean {
    const china = this.china(id, year);
    return china !== undefined && FLOWS.some((flow) => china[flow] !== undefined);
  }

  /** Years with China's figures for a place (for an unitemised partner: years its region has). */
  years(id: string): readonly number[] {
    return this.yearsOf.get(id) ?? [];
  }

  /** Every year any figure covers. */
  allYears(): readonly number[] {
    return this.everyYear;
  }

  /** The growth of total trade as a source stated it: the best there is without last year's figure. */
  statedGrowth(id: string, year: number): (ReportedChange & { readonly citing?: string }) | undefined {
    const record = this.record(id, year, 'total');
    const stated = record?.change?.find((c) => c.percent !== undefined);
    const citing = stated ? record?.citing?.[stated.source] : undefined;
    return stated && citing ? { ...stated, citing } : stated;
  }

  remarks(id: string): readonly Remark[] {
    return this.remarksOf.get(id) ?? [];
  }
}
