import type { Evaluator } from './evaluate.js';
import type { FigureIndex } from './figureIndex.js';
import { findDataNotes, findBasisNotes } from './notes.js';
import { periodLabel, previousPeriod, type Period } from './period.js';
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

export function changeReports(record: Pick<FigureRecord, 'change' | 'citing'> | undefined): ChangeReport[] {
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

function alternatives(record: FigureRecord | undefined): Value[] {
  return (record?.alternatives ?? []).map((a) => reported(a.usd, a.qualifier, a.sources, { citing: record?.citing, record }));
}

function flowView({ index, values }: PlaceYearInputs, id: string, period: Period, flow: Flow): FlowView {
  const record = index.record(id, period, flow);
  const value = values.flow(id, period, flow);
  const reportedChanges = changeReports(record);
  const before = previousPeriod(period);
  const previous = values.flow(id, before, flow);
  const percent = values.growth(value, previous);
  const computedChange =
    percent && value && previous
      ? { previousPeriod: before, previous, percent, usd: minus(value, previous, `${periodLabel(period)} − ${periodLabel(before)}`) }
      : undefined;
  return {
    flow,
    alsoReported: alternatives(record),
    reportedChanges,
    ...(value ? { value } : {}),
    ...(computedChange ? { computedChange } : {}),
    ...(record ? { record } : {}),
  };
}

function mirror({ index, values }: PlaceYearInputs, id: string, period: Period): MirrorView[] {
  const out: MirrorView[] = [];
  for (const reporter of ['partner', 'not-stated'] as const) {
    for (const flow of FLOWS) {
      const record = index.record(id, period, flow, reporter);
      if (!record) continue;
      const theirs = reported(record.usd, record.qualifier, record.sources, { citing: record.citing, record });
      const ours = values.flow(id, period, flow);
      out.push({
        flow,
        reporter,
        theirs,
        changes: changeReports(record),
        ...(record.agency ? { agency: record.agency } : {}),
        ...(record.statedBy ? { statedBy: record.statedBy } : {}),
        ...(record.note ? { note: record.note } : {}),
        // Whose figure an unattributed one is, no one says: a gap to China's could be a figure minus itself.
        ...(ours && reporter === 'partner' ? { ours, gap: minus(ours, theirs, "China's figure − the partner's figure") } : {}),
      });
    }
  }
  return out;
}

function placeYear(from: PlaceYearInputs, place: Place, period: Period): PlaceYear {
  const flows = {
    total: flowView(from, place.id, period, 'total'),
    'china-exports': flowView(from, place.id, period, 'china-exports'),
    'china-imports': flowView(from, place.id, period, 'china-imports'),
  };
  const balance = from.values.balance(flows['china-exports'].value, flows['china-imports'].value);
  const surplus = balance ? surplusOf(balance) : undefined;
  return {
    place,
    period,
    flows,
    mirror: mirror(from, place.id, period),
    yuan: from.index.yuan(place.id, period).map((record) => ({ flow: record.flow, record })),
    notes: [...findDataNotes(flows), ...findBasisNotes(from.index, place.id, period)],
    remarks: from.index.remarks(place.id, period),
    ...(balance ? { balance } : {}),
    ...(surplus ? { surplus } : {}),
  };
}

/** A partner's period: flows, balance, changes, share and rank in its region, mirror figures, notes. */
export function partnerYear(from: PlaceYearInputs, place: PartnerYear['place'], period: Period): PartnerYear {
  const base = placeYear(from, place, period);
  const regionId = place.partner.region;
  const region = regionId === undefined ? undefined : from.places.region(regionId);
  const total = base.flows.total.value;
  const regionTotal = region ? from.values.flow(region.id, period, 'total') : undefined;
  const totalRecord = base.flows.total.record;
  const shareRecord = totalRecord?.share;
  const shareCiting = shareRecord ? totalRecord?.citing?.[shareRecord.source] : undefined;
  const rank = total && region ? from.columns.rankByTotal(region.id, period, total.usd) : undefined;
  return {
    ...base,
    place,
    ...(region ? { region } : {}),
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

/** A region's period: its reported total, members with shares, the part not itemised. */
export function regionYear(from: PlaceYearInputs, place: RegionYear['place'], period: Period): RegionYear {
  const { index, values } = from;
  const base = placeYear(from, place, period);
  const regionTotal = base.flows.total.value;
  const members = from.places.members(place.id);
  const itemised = members.filter((p) => index.isItemised(p.id, period));
  const unitemisedMembers = members.filter((p) => !index.isItemised(p.id, period));
  const itemisedTotals = itemised.map((p) => values.flow(p.id, period, 'total'));
  const itemisedSum =
    itemised.length > 0 && itemisedTotals.every((t) => t !== undefined)
      ? sum(itemisedTotals, `sum of ${itemised.map((p) => p.name).join(', ')}`)
      : undefined;
  const notItemised =
    regionTotal && itemisedSum && unitemisedMembers.length > 0
      ? minus(regionTotal, itemisedSum, `${place.name} total − itemised partners`)
      : undefined;
  const rows: RegionMember[] = members.map((partner) => {
    const total = values.flow(partner.id, period, 'total');
    const totalRecord = index.record(partner.id, period, 'total');
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
