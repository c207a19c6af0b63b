import type { TradeModel } from '../model/model.js';
import { comparePeriods, isFullYear, periodKey, periodLabel, type Period } from '../model/period.js';
import type { Flow, Partner } from '../model/schema.js';
import type { Value } from '../model/value.js';
import type { PartnerYear, ProductView } from '../model/views.js';
import { gap, type ChartSeries, type ChartSpec } from './spec.js';
import { Drawing } from './tradeCharts.js';

/** The palette slot of each direction, so that a partner's own series takes the colour of China's figure for the same goods. */
const COLOUR: Readonly<Record<Flow, number>> = { 'china-exports': 0, 'china-imports': 1, total: 2 };

const CHINA_LABEL: Readonly<Record<Flow, string>> = {
  total: "China's total trade",
  'china-exports': "China's exports",
  'china-imports': "China's imports",
};

/** "China's exports to", "China's imports from", "China's total trade with". */
const TOWARDS: Readonly<Record<Flow, string>> = { total: 'with', 'china-exports': 'to', 'china-imports': 'from' };

/** The partner's own figure for a flow, in the partner's words: its imports from China are China's exports. */
function ownLabel(partner: Partner, flow: Flow): string {
  const what = flow === 'total' ? 'total trade' : flow === 'china-exports' ? 'imports from China' : 'exports to China';
  return `${partner.name}'s own statistics: ${what}`;
}

/**
 * Every period with a figure for a partner, oldest first: any reporter's, and the years a partner
 * China does not itemise has only as what remains of its region's total (Armenia).
 */
export function historyPeriods(model: TradeModel, partnerId: string): Period[] {
  const byKey = new Map<string, Period>();
  for (const p of [...model.periods(partnerId), ...model.chinaPeriods(partnerId)]) byKey.set(periodKey(p), p);
  return [...byKey.values()].sort(comparePeriods);
}

/** Every calendar year from the first full year with figures to the last, so a year missing from the data is a gap, not skipped. */
export function historyYears(model: TradeModel, partnerId: string): number[] {
  const years = historyPeriods(model, partnerId)
    .filter(isFullYear)
    .map((p) => p.year);
  if (years.length === 0) return [];
  const first = Math.min(...years);
  const last = Math.max(...years);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The flows a /history chart draws: the one asked, else China's exports and imports, or the total where China gives no split in any year. */
export function historyFlows(rows: readonly (PartnerYear | undefined)[], flow: Flow | undefined): Flow[] {
  if (flow) return [flow];
  const split = rows.some((r) => r?.flows['china-exports'].value || r?.flows['china-imports'].value);
  return split ? ['china-exports', 'china-imports'] : ['total'];
}

/**
 * `/history`: a line per flow of China's figures over the full years, solid; the partner's own
 * statistics for the same flows, where there are any, as dashed lines of the same colour. Never
 * added together: each reporter is its own line. A year without a figure is a break in the line.
 * Figures whose reporter is not stated are not drawn (they are in the reply's text).
 */
export function historyChart(model: TradeModel, partner: Partner, flow?: Flow): ChartSpec {
  const years = historyYears(model, partner.id);
  const rows = years.map((y) => model.partnerYear(partner.id, y));
  const d = new Drawing(model);
  const flows = historyFlows(rows, flow);
  const series: ChartSeries[] = flows.map((f) => ({
    label: CHINA_LABEL[f],
    values: rows.map((r) => d.usd(r?.flows[f].value)),
    colour: COLOUR[f],
  }));
  for (const f of flows) {
    const own = rows.map((r) => r?.mirror.find((m) => m.flow === f && m.reporter === 'partner')?.theirs);
    if (own.every((v) => v === undefined)) continue;
    series.push({ label: ownLabel(partner, f), values: own.map((v) => d.usd(v)), dashed: true, colour: COLOUR[f] });
  }
  const title = flow ? `${CHINA_LABEL[flow]} ${TOWARDS[flow]} ${partner.name} by year` : `China's trade with ${partner.name} by year`;
  return {
    kind: 'line',
    title,
    labels: years.map(String),
    series,
    sources: d.sources(),
  };
}

/** A product's name as a label: "Pipeline natural gas". */
export const productLabel = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

const FLOW_WHOLE: Readonly<Record<Flow, string>> = {
  total: 'All trade',
  'china-exports': "All of China's exports",
  'china-imports': "All of China's imports",
};

/**
 * `/products`: each product beside the whole flow it is part of, as horizontal bars, both as
 * reported. No remainder is computed or drawn: where China's figure for the flow is not reported,
 * its slot is a labelled gap and the product stands alone.
 */
export function productsChart(model: TradeModel, partner: Partner, period: Period, views: readonly ProductView[]): ChartSpec {
  const d = new Drawing(model);
  const labels = views.map((v) => productLabel(v.product.name));
  const values = views.map((v) => d.usd(v.value));
  const flows = [...new Set(views.map((v) => v.flow))];
  for (const f of flows) {
    const whole: Value | undefined = views.find((v) => v.flow === f)?.flowValue;
    labels.push(FLOW_WHOLE[f]);
    values.push(whole ? d.usd(whole) : gap());
  }
  const single = views.length === 1 && flows.length === 1;
  const title = single
    ? `${productLabel(views[0]!.product.name)} in ${CHINA_LABEL[flows[0]!]} ${TOWARDS[flows[0]!]} ${partner.name}, ${periodLabel(period)}`
    : `Products in China's trade with ${partner.name}, ${periodLabel(period)}`;
  return { kind: 'hbar', title, labels, series: [{ label: '', values }], sources: d.sources() };
}
