import type { Evaluator } from './evaluate.js';
import type { FigureIndex } from './figureIndex.js';
import { findDataNotes } from './notes.js';
import type { Places } from './places.js';
import type { RankingColumns } from './rankingColumns.js';
import { FLOWS, type FigureRecord, type Flow } from './schema.js';
import { minus, ratio, reported, sum, type Ratio, type Value } from './value.js';
import {
  surplusOf,
  type ChangeReport,
  type FlowView,
  type MirrorView,
  type PartnerYear,
  type Place,
  type PlaceYear,
  type RegionMember,
  type RegionYear,
} from './views.js';

/** What a place's year is assembled from: the records, China's figures as Values, and where totals rank. */
export interface PlaceYearInputs {
  readonly places: Places;
  readonly index: FigureIndex;
  readonly values: Evaluator<Value, Ratio>;
  readonly columns: RankingColumns;
}

function changeReports(record: FigureRecord | undefined): ChangeReport[] {
  return (record?.change ?? []).map((c) => ({
    source: c.source,
    ...(record?.citing?.[c.source] ? { citing: record.citing[c.source] } : {}),
    ...(c.percent !== undefined ? { percent: c.percent } : {}),
    ...(c.usd ? { usd: reported(c.usd, c.qualifier, [c.source], { citing: record?.citing }) } : {}),
    ...(c.qualifier ? { qualifier: c.qualifier } : {}),
    ...(c.words ? { words: c.words } : {}),
    ...(c.quote ? { quote: c.quote } : {}),
  }));
}

function flowView({ index, values }: PlaceYearInputs, id: string, year: number, flow: Flow): FlowView {
  const record = index.record(id, year, flow);
  const value = values.flow(id, year, flow);
  const reportedChanges = changeReports(record);
  const previousYear = year - 1;
  const previous = values.flow(id, previousYear, flow);
  const percent = values.growth(value, previous);
  const computedChange =
    percent && value && previous
      ? { previousYear, previous, percent, usd: minus(value, previous, `${year} − ${previousYear}`) }
      : undefined;
  return {
    flow,
    reportedChanges,
    ...(value ? { value } : {}),
    ...(computedChange ? { computedChange } : {}),
    ...(record ? { record } : {}),
  };
}

function mirror({ index, values }: PlaceYearInputs, id: string, year: number): MirrorView[] {
  const out: MirrorView[] = [];
  for (const flow of FLOWS) {
    const record = index.record(id, year, flow, 'partner');
    if (!record) continue;
    const theirs = reported(record.usd, record.qualifier, record.sources, { citing: record.citing, record });
    const ours = values.flow(id, year, flow);
    out.push({
      flow,
      theirs,
      changes: changeReports(record),
      ...(record.note ? { note: record.note } : {}),
      ...(ours ? { ours, gap: minus(ours, theirs, "China's figure − the partner's figure") } : {}),
    });
  }
  return out;
}

function placeYear(from: PlaceYearInputs, place: Place, year: number): PlaceYear {
  const flows = {
    total: flowView(from, place.id, year, 'total'),
    'china-exports': flowView(from, place.id, year, 'china-exports'),
    'china-imports': flowView(from, place.id, year, 'china-imports'),
  };
  const balance = from.values.balance(flows['china-exports'].value, flows['china-imports'].value);
  const surplus = balance ? surplusOf(balance) : undefined;
  return {
    place,
    year,
    flows,
    mirror: mirror(from, place.id, year),
    notes: findDataNotes(flows),
    remarks: from.index.remarks(place.id),
    ...(balance ? { balance } : {}),
    ...(surplus ? { surplus } : {}),
  };
}

/** A partner's year: flows, balance, changes, share and rank in its region, mirror figures, notes. */
export function partnerYear(from: PlaceYearInputs, place: PartnerYear['place'], year: number): PartnerYear {
  const base = placeYear(from, place, year);
  const region = from.places.region(place.partner.region)!;
  const total = base.flows.total.value;
  const regionTotal = from.values.flow(region.id, year, 'total');
  const totalRecord = base.flows.total.record;
  const shareRecord = totalRecord?.share;
  const shareCiting = shareRecord ? totalRecord?.citing?.[shareRecord.source] : undefined;
  const rank = total ? from.columns.rankByTotal(region.id, year, total.usd) : undefined;
  return {
    ...base,
    place,
    region,
    ...(total && regionTotal
      ? {
          share: {
            computed: ratio(total, regionTotal),
            ...(shareRecord ? { reportedPercent: shareRecord.percent, reportedSource: shareRecord.source } : {}),
            ...(shareCiting ? { reportedCiting: shareCiting } : {}),
          },
        }
      : {}),
    ...(rank ? { rank } : {}),
  };
}

/** A region's year: its reported total, members with shares, the part not itemised. */
export function regionYear(from: PlaceYearInputs, place: RegionYear['place'], year: number): RegionYear {
  const { index, values } = from;
  const base = placeYear(from, place, year);
  const regionTotal = base.flows.total.value;
  const members = from.places.members(place.id);
  const itemised = members.filter((p) => index.isItemised(p.id, year));
  const unitemisedMembers = members.filter((p) => !index.isItemised(p.id, year));
  const itemisedTotals = itemised.map((p) => values.flow(p.id, year, 'total'));
  const itemisedSum =
    itemised.length > 0 && itemisedTotals.every((t) => t !== undefined)
      ? sum(itemisedTotals, `sum of ${itemised.map((p) => p.name).join(', ')}`)
      : undefined;
  const notItemised =
    regionTotal && itemisedSum && unitemisedMembers.length > 0
      ? minus(regionTotal, itemisedSum, `${place.name} total − itemised partners`)
      : undefined;
  const rows: RegionMember[] = members.map((partner) => {
    const total = values.flow(partner.id, year, 'total');
    const totalRecord = index.record(partner.id, year, 'total');
    const reportedShare = totalRecord?.share;
    const citing = reportedShare ? totalRecord?.citing?.[reportedShare.source] : undefined;
    return {
      partner,
      ...(total ? { total } : {}),
      ...(total && regionTotal ? { share: ratio(total, regionTotal) } : {}),
      ...(reportedShare
        ? { reportedShare: { percent: reportedShare.percent, source: reportedShare.source, ...(citing ? { citing } : {}) } }
        : {}),
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
}
