import type { ReplyFile } from '../core/reply.js';
import type { TradeModel } from '../model/model.js';
import { changeReports } from '../model/placeYears.js';
import { periodKey, periodLabel, previousPeriod, type Period } from '../model/period.js';
import { FLOWS, type Flow, type Partner, type Product } from '../model/schema.js';
import type { Citation, Ratio, Value } from '../model/value.js';
import {
  surplusOf,
  type ChangeReport,
  type FlowView,
  type MirrorView,
  type PartnerYear,
  type PlaceYear,
  type ProductView,
  type Ranking,
  type RegionYear,
} from '../model/views.js';
import { NOT_REPORTED, sameChanges, sourceName } from './figures.js';

// The figures of a reply as rows of a CSV file, built from the same views as its embed: one row per
// figure shown, and a row saying "not reported" where the embed says so, so the file names what is
// missing instead of dropping it. Pure: the commands attach the file, the adapters send or save it.

/** The columns, in order; the header row is these names. */
export const CSV_COLUMNS = [
  'rank',
  'place',
  'place_id',
  'period',
  'period_key',
  'reporter',
  'reporter_name',
  'flow',
  'of',
  'product',
  'hs',
  'value',
  'unit',
  'provenance',
  'hedge',
  'low',
  'high',
  'valuation',
  'note',
  'sources',
  'source_names',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * What a row's figure is. China's side of the trade: total, china-exports, china-imports (goods
 * from China to the partner, from the partner to China); balance (China's exports − China's
 * imports, derived); share and growth in percent, change in the currency; `of` says of what.
 */
export type CsvFlow = Flow | 'balance' | 'share' | 'growth' | 'change';
export type CsvUnit = 'USD' | 'CNY' | 'percent';

export interface CsvRow {
  readonly rank?: number;
  readonly place: string;
  readonly placeId: string;
  readonly period: Period;
  readonly reporter: 'china' | 'partner' | 'not-stated';
  /** The partner's agency, or who stated a figure whose reporter is not stated. */
  readonly reporterName?: string;
  readonly flow: CsvFlow;
  /** For a share or growth: of what (a flow, or a region's total). */
  readonly of?: string;
  readonly product?: Product;
  /** Undefined: not reported. */
  readonly value?: number;
  readonly unit: CsvUnit;
  readonly provenance: 'reported' | 'derived' | 'not reported';
  readonly hedge?: string;
  readonly low?: number;
  readonly high?: number;
  readonly valuation?: string;
  readonly note?: string;
  readonly citations: readonly Citation[];
}

/** A place and period the rows of one view are about. */
interface Where {
  readonly place: string;
  readonly placeId: string;
  readonly period: Period;
}

const whereOf = (view: PlaceYear): Where => ({ place: view.place.name, placeId: view.place.id, period: view.period });

const citationsOfRecord = (sources: readonly string[], citing?: Readonly<Record<string, string>>): Citation[] =>
  sources.map((source) => (citing?.[source] ? { source, citing: citing[source] } : { source }));

const changeCitations = (alike: readonly ChangeReport[]): Citation[] =>
  alike.map((c) => (c.citing ? { source: c.source, citing: c.citing } : { source: c.source }));

/** A dollar value's row: reported as written, or derived with the range the bot shows. */
function valueRow(where: Where, flow: CsvFlow, value: Value | undefined, extra: Partial<CsvRow> = {}): CsvRow {
  if (!value) return { ...where, reporter: 'china', flow, unit: 'USD', provenance: 'not reported', citations: [], ...extra };
  const derived = value.provenance === 'derived';
  const record = value.record;
  return {
    ...where,
    reporter: record?.reporter ?? 'china',
    ...(record?.agency ? { reporterName: record.agency } : record?.statedBy ? { reporterName: record.statedBy } : {}),
    flow,
    value: value.usd,
    unit: 'USD',
    provenance: value.provenance,
    // The hedge is a source's word; a derived value has none of its own, its range says how sure it is.
    ...(value.qualifier && !derived ? { hedge: value.qualifier } : {}),
    ...(derived ? { low: value.lo, high: value.hi } : {}),
    ...(record?.valuation ? { valuation: record.valuation } : {}),
    ...(derived && value.derivation ? { note: value.derivation } : {}),
    citations: value.citations,
    ...extra,
  };
}

/** A computed ratio (a share, a growth) in percent, with its range. */
function ratioRow(where: Where, flow: 'share' | 'growth', ratio: Ratio, of: string, scale: number, extra: Partial<CsvRow> = {}): CsvRow {
  return {
    ...where,
    reporter: 'china',
    flow,
    of,
    value: ratio.value * scale,
    unit: 'percent',
    provenance: 'derived',
    low: ratio.lo * scale,
    high: ratio.hi * scale,
    citations: ratio.citations,
    ...extra,
  };
}

/** A change as its sources stated it (alike ones as one row, every source named): percent, or an amount. */
function statedChangeRow(where: Where, of: string, alike: readonly ChangeReport[], extra: Partial<CsvRow> = {}): CsvRow {
  const c = alike[0]!;
  const percent = c.percent !== undefined;
  return {
    ...where,
    reporter: 'china',
    flow: percent ? 'growth' : 'change',
    of,
    value: c.percent ?? c.usd!.usd,
    unit: percent ? 'percent' : 'USD',
    provenance: 'reported',
    ...(c.qualifier ? { hedge: c.qualifier } : {}),
    note: [`on ${periodLabel(previousPeriod(where.period))}`, c.words ? `“${c.words}”` : undefined].filter(Boolean).join('; '),
    citations: changeCitations(alike),
    ...extra,
  };
}

/** The change of a flow, as the embed shows it: every stated change, else ours (derived), else nothing. */
function changeRows(where: Where, view: FlowView, extra: Partial<CsvRow> = {}): CsvRow[] {
  if (view.reportedChanges.length > 0)
    return sameChanges(view.reportedChanges).map((alike) => statedChangeRow(where, view.flow, alike, extra));
  const computed = view.computedChange;
  if (!computed || !view.value) return [];
  return [ratioRow(where, 'growth', computed.percent, view.flow, 1, { note: `on ${periodLabel(computed.previousPeriod)}`, ...extra })];
}

/** A flow: its value (or "not reported"), the same figure as other sources printed it, and (if asked) its changes. */
function flowRows(where: Where, view: FlowView, changes: boolean): CsvRow[] {
  return [
    valueRow(where, view.flow, view.value),
    ...view.alsoReported.map((v) => valueRow(where, view.flow, v, { note: 'the same figure as another source printed it' })),
    ...(changes ? changeRows(where, view) : []),
  ];
}

function balanceRow(where: Where, view: PlaceYear): CsvRow {
  const b = view.balance;
  if (!b) return valueRow(where, 'balance', undefined);
  const surplus = surplusOf(b);
  const whose = surplus === 'china' ? "China's surplus" : surplus === 'partner' ? `${view.place.name}'s surplus` : 'roughly balanced';
  return valueRow(where, 'balance', b, { note: `${whose}; China's exports − China's imports` });
}

/** GACC's yuan figures as printed, never converted, with their stated changes. */
function yuanRows(where: Where, view: PlaceYear): CsvRow[] {
  return view.yuan.flatMap((y) => {
    const r = y.record;
    const row: CsvRow = {
      ...where,
      reporter: r.reporter,
      ...(r.agency ? { reporterName: r.agency } : r.statedBy ? { reporterName: r.statedBy } : {}),
      flow: y.flow,
      value: r.cny.usd,
      unit: 'CNY',
      provenance: 'reported',
      ...(r.qualifier ? { hedge: r.qualifier } : {}),
      note: 'in yuan, as published; not converted',
      citations: citationsOfRecord(r.sources, r.citing),
    };
    const changes = sameChanges(changeReports(r)).map((alike) =>
      alike[0]!.percent !== undefined
        ? statedChangeRow(where, y.flow, alike)
        : { ...statedChangeRow(where, y.flow, alike), unit: 'CNY' as const },
    );
    return [row, ...changes];
  });
}

/** Another reporter's figure beside China's: the partner's own statistics, or a figure whose reporter is not stated. */
function mirrorRows(where: Where, m: MirrorView): CsvRow[] {
  const who = m.reporter === 'partner' ? m.agency : m.statedBy;
  const as = { reporter: m.reporter, ...(who ? { reporterName: who } : {}) } as const;
  return [
    { ...valueRow(where, m.flow, m.theirs), ...as, ...(m.note ? { note: m.note } : {}) },
    ...sameChanges(m.changes).map((alike) => statedChangeRow(where, m.flow, alike, as)),
  ];
}

/** Every figure of a partner's period as /trade shows it. */
export function partnerYearRows(py: PartnerYear): CsvRow[] {
  const where = whereOf(py);
  const rows = [...FLOWS.flatMap((f) => flowRows(where, py.flows[f], true)), balanceRow(where, py)];
  if (py.share && py.region) {
    const of = `${py.region.id} total`;
    const rank = py.rank ? { note: `rank ${py.rank.rank} of ${py.rank.of} in ${py.region.name}` } : {};
    rows.push(
      py.share.reportedPercent !== undefined
        ? {
            ...where,
            reporter: 'china',
            flow: 'share',
            of,
            value: py.share.reportedPercent,
            unit: 'percent',
            provenance: 'reported',
            citations: [
              py.share.reportedCiting
                ? { source: py.share.reportedSource!, citing: py.share.reportedCiting }
                : { source: py.share.reportedSource! },
            ],
            ...rank,
          }
        : ratioRow(where, 'share', py.share.computed, of, 100, rank),
    );
  }
  rows.push(...yuanRows(where, py), ...py.mirror.flatMap((m) => mirrorRows(where, m)));
  return rows;
}

/** /compare: each partner's three flows, its balance and the change of its total, as the embed shows them. */
export function compareRows(rows: readonly PartnerYear[]): CsvRow[] {
  return rows.flatMap((py) => {
    const where = whereOf(py);
    const total = py.flows.total;
    const stated = sameChanges(total.reportedChanges.filter((c) => c.percent !== undefined))[0];
    const change = stated
      ? [statedChangeRow(where, 'total', stated)]
      : total.computedChange
        ? [
            ratioRow(where, 'growth', total.computedChange.percent, 'total', 1, {
              note: `on ${periodLabel(total.computedChange.previousPeriod)}`,
            }),
          ]
        : [];
    return [...FLOWS.map((f) => valueRow(where, f, py.flows[f].value)), balanceRow(where, py), ...change];
  });
}

/** /region: the region's flows, yuan, balance and change; each member's total and share; what is not itemised. */
export function regionYearRows(ry: RegionYear): CsvRow[] {
  const where = whereOf(ry);
  const rows: CsvRow[] = [
    ...FLOWS.flatMap((f) => flowRows(where, ry.flows[f], false)),
    ...yuanRows(where, ry),
    ...(ry.balance ? [balanceRow(where, ry)] : []),
    ...changeRows(where, ry.flows.total),
  ];
  const unitemised = new Set(ry.unitemisedMembers.map((p) => p.id));
  for (const m of ry.members.filter((m) => !unitemised.has(m.partner.id))) {
    const at: Where = { place: m.partner.name, placeId: m.partner.id, period: ry.period };
    rows.push(valueRow(at, 'total', m.total));
    const of = `${ry.place.id} total`;
    if (m.reportedShare)
      rows.push({
        ...at,
        reporter: 'china',
        flow: 'share',
        of,
        value: m.reportedShare.percent,
        unit: 'percent',
        provenance: 'reported',
        citations: [
          m.reportedShare.citing ? { source: m.reportedShare.source, citing: m.reportedShare.citing } : { source: m.reportedShare.source },
        ],
      });
    else if (m.share) rows.push(ratioRow(at, 'share', m.share, of, 100));
  }
  if (ry.unitemisedMembers.length > 0) {
    const who = ry.unitemisedMembers.map((p) => p.name).join(', ');
    rows.push(valueRow(where, 'total', ry.notItemised, { note: `not itemised: ${who} (${ry.place.name} total − itemised partners)` }));
  }
  if (ry.itemisedSum && ry.flows.total.value && ry.unitemisedMembers.length === 0)
    rows.push(valueRow(where, 'total', ry.itemisedSum, { note: 'check: the itemised partners added up' }));
  return rows;
}

/** /rank: the entries in rank order (rank 1 first), then the partners without the figure. */
export function rankingRows(ranking: Ranking): CsvRow[] {
  const at = (p: Partner): Where => ({ place: p.name, placeId: p.id, period: ranking.period });
  const flow: CsvFlow = ranking.measure;
  const rows = ranking.entries.map((e, i): CsvRow => {
    const rank = { rank: i + 1 };
    if (ranking.measure !== 'growth') {
      const row = valueRow(at(e.partner), flow, e.value, rank);
      return ranking.measure === 'balance' ? { ...row, note: "China's exports − China's imports" } : row;
    }
    const percent = e.percent!;
    if (e.derived) return ratioRow(at(e.partner), 'growth', percent, 'total', 1, rank);
    return {
      ...at(e.partner),
      ...rank,
      reporter: 'china',
      flow: 'growth',
      of: 'total',
      value: percent.value,
      unit: 'percent',
      provenance: 'reported',
      ...(e.qualifier ? { hedge: e.qualifier } : {}),
      citations: percent.citations,
    };
  });
  const unit: CsvUnit = ranking.measure === 'growth' ? 'percent' : 'USD';
  for (const p of ranking.notReported)
    rows.push({
      ...at(p),
      reporter: 'china',
      flow,
      ...(ranking.measure === 'growth' ? { of: 'total' } : {}),
      unit,
      provenance: 'not reported',
      citations: [],
    });
  return rows;
}

/** /history: every period's flows (China's, each with its change) and the other reporters' figures beside them. */
export function historyRows(rows: readonly PartnerYear[], flows: readonly Flow[]): CsvRow[] {
  return rows.flatMap((py) => {
    const where = whereOf(py);
    return [
      ...flows.flatMap((f) => flowRows(where, py.flows[f], true)),
      ...py.mirror.filter((m) => flows.includes(m.flow)).flatMap((m) => mirrorRows(where, m)),
    ];
  });
}

/** /products: each product's value as printed, its stated changes, and its share of the flow it is part of (derived). */
export function productRows(partner: Partner, period: Period, views: readonly ProductView[]): CsvRow[] {
  const where: Where = { place: partner.name, placeId: partner.id, period };
  return views.flatMap((v) => {
    const product = { product: v.product };
    const rows: CsvRow[] = [valueRow(where, v.flow, v.value, { ...product, ...(v.record.note ? { note: v.record.note } : {}) })];
    rows.push(...sameChanges(v.changes).map((alike) => statedChangeRow(where, v.flow, alike, product)));
    rows.push(
      v.share && v.flowValue
        ? ratioRow(where, 'share', v.share, v.flow, 100, product)
        : {
            ...where,
            ...product,
            reporter: 'china',
            flow: 'share',
            of: v.flow,
            unit: 'percent',
            provenance: 'not reported',
            citations: [],
          },
    );
    return rows;
  });
}

// ---- Writing ----

/** Dollars and yuan as whole units (no source writes cents: 48.7 bn is 48700000000); percents to 0.01. */
function numberText(n: number | undefined, unit: CsvUnit): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  if (unit === 'percent') return String(Math.round(n * 100) / 100);
  return Math.round(n).toFixed(0);
}

/** One field as RFC 4180 writes it: quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines joined with CRLF, as RFC 4180 says, the last one ended too. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A row's fields in column order, sources named from the model. */
export function rowFields(model: TradeModel, row: CsvRow): Record<CsvColumn, string> {
  const urls = [...new Set(row.citations.map((c) => model.sources.get(c.source)?.url).filter((u): u is string => Boolean(u)))];
  return {
    rank: row.rank === undefined ? '' : String(row.rank),
    place: row.place,
    place_id: row.placeId,
    period: periodLabel(row.period),
    period_key: periodKey(row.period),
    reporter: row.reporter,
    reporter_name: row.reporterName ?? '',
    flow: row.flow,
    of: row.of ?? '',
    product: row.product?.id ?? '',
    hs: row.product?.hs ?? '',
    value: numberText(row.value, row.unit),
    unit: row.unit,
    provenance: row.value === undefined ? NOT_REPORTED : row.provenance,
    hedge: row.hedge ?? '',
    low: numberText(row.low, row.unit),
    high: numberText(row.high, row.unit),
    valuation: row.valuation ?? '',
    note: row.note ?? '',
    sources: urls.join('; '),
    source_names: [...new Set(row.citations.map((c) => sourceName(model, c.source, c.citing)))].join('; '),
  };
}

/** The file's text: a header row, then a row per figure (UTF-8, CRLF). */
export function writeCsv(model: TradeModel, rows: readonly CsvRow[]): string {
  return csvText([[...CSV_COLUMNS], ...rows.map((r) => CSV_COLUMNS.map((c) => rowFields(model, r)[c]))]);
}

/** "trade-kazakhstan-2025.csv": the command, the place or scope, the period key; safe on every file system. */
export function csvFileName(parts: readonly string[]): string {
  const name = parts
    .map((p) =>
      p
        .toLowerCase()
        .replace(/[^a-z0-9.]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((p) => p.length > 0)
    .join('-');
  return `${name}.csv`;
}

/** The CSV of a reply's figures, as a file to attach. */
export function csvFile(model: TradeModel, nameParts: readonly string[], rows: readonly CsvRow[]): ReplyFile {
  return {
    name: csvFileName(nameParts),
    data: Buffer.from(writeCsv(model, rows), 'utf8'),
    description: `The figures of this reply as CSV (${rows.length} rows)`,
  };
}
