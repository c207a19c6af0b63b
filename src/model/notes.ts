import type { FigureIndex } from './figureIndex.js';
import { covers, type Period } from './period.js';
import { REPORTERS, type Flow, type Qualifier, type Reporter } from './schema.js';
import { plus, reported, type Value } from './value.js';
import type { DataNote, FlowView } from './views.js';

function decimals(n: number): number {
  const text = String(Math.abs(n));
  return text.includes('.') ? text.split('.')[1]!.length : 0;
}

/** The range a stated percentage allows: its rounding, widened in the direction its hedge points. */
export function statedPercentRange(percent: number, qualifier: Qualifier | undefined): [number, number] {
  const half = 0.5 * 10 ** -decimals(percent);
  const slack = Math.max(1, Math.abs(percent) * 0.1);
  const m = Math.abs(percent);
  let lo = m - half;
  let hi = m + half;
  if (qualifier === 'nearly' || qualifier === 'almost') lo = m - slack;
  else if (qualifier === 'about' || qualifier === 'roughly') [lo, hi] = [m - slack, m + slack];
  else if (qualifier === 'just over' || qualifier === 'over' || qualifier === 'more than') hi = m + slack;
  return percent < 0 ? [-hi, -lo] : [lo, hi];
}

const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] <= b[1] && b[0] <= a[1];

/** Checks one place-period's flows against each other, against other sources and against the same months a year before. */
export function findDataNotes(flows: Readonly<Record<Flow, FlowView>>): DataNote[] {
  const notes: DataNote[] = [];
  for (const view of Object.values(flows)) {
    const computed = view.computedChange;
    if (!computed || !view.value) continue;
    for (const change of view.reportedChanges) {
      const agrees =
        change.percent !== undefined
          ? overlaps(statedPercentRange(change.percent, change.qualifier), [computed.percent.lo, computed.percent.hi])
          : change.usd
            ? overlaps([change.usd.lo, change.usd.hi], [computed.usd.lo, computed.usd.hi])
            : true;
      if (!agrees) {
        notes.push({
          kind: 'change-disagrees',
          flow: view.flow,
          reported: change,
          current: view.value,
          previous: computed.previous,
          previousPeriod: computed.previousPeriod,
          computedPercent: computed.percent,
          computedUsd: computed.usd,
        });
      }
    }
  }
  for (const view of Object.values(flows)) {
    if (view.value?.provenance !== 'reported') continue;
    for (const other of view.alsoReported) {
      // "over $48.6 bn" beside "$48.7 bn" is the same figure, hedged, and Comtrade's exact $24,698,950,000
      // is $24.7 bn rounded; but two reports rounding alike that print $71.2 bn and $71.3 bn disagree.
      const apart = other.hi < view.value.lo || view.value.hi < other.lo;
      const sameRounding = !view.value.qualifier && !other.qualifier && other.halfUnit === view.value.halfUnit;
      if (apart || (sameRounding && other.usd !== view.value.usd))
        notes.push({ kind: 'sources-disagree', flow: view.flow, value: view.value, other });
    }
  }
  const total = flows.total.value;
  const exports = flows['china-exports'].value;
  const imports = flows['china-imports'].value;
  if (
    total?.provenance === 'reported' &&
    exports?.provenance === 'reported' &&
    imports?.provenance === 'reported' &&
    !overlaps([total.lo, total.hi], [exports.lo + imports.lo, exports.hi + imports.hi])
  ) {
    notes.push({ kind: 'parts-disagree', total, exports, imports, sum: plus(exports, imports, "China's exports + China's imports") });
  }
  return notes;
}

const REPORTER_NAMES: Record<Reporter, string> = {
  china: "China's customs",
  partner: "the partner's statistics",
  'not-stated': 'a source that does not say whose figure it is',
};

/**
 * Cumulative totals of one year must grow with the months they cover, whoever reports them: where
 * a longer stretch is below a shorter one, the two cannot be on the same basis.
 */
const entry = ({ period, value, reporter }: { period: Period; value: Value; reporter: string }) => ({ period, value, reporter });

export function findBasisNotes(index: FigureIndex, id: string, period: Period): DataNote[] {
  const totals = (p: Period) =>
    REPORTERS.flatMap((reporter) => {
      const record = index.record(id, p, 'total', reporter);
      if (!record) return [];
      const value: Value = reported(record.usd, record.qualifier, record.sources, { citing: record.citing, record });
      return [{ period: p, value, kind: reporter, reporter: record.statedBy ?? record.agency ?? REPORTER_NAMES[reporter] }];
    });
  const here = totals(period);
  if (here.length === 0) return [];
  const notes: DataNote[] = [];
  for (const other of index.periods(id)) {
    const longer = covers(period, other) && other.first === period.first;
    const shorter = covers(other, period) && other.first === period.first;
    if (!longer && !shorter) continue;
    for (const a of here) {
      for (const b of totals(other)) {
        // China's and the partner's own figures differ by method, and the mirror gap shows it; a figure of unknown basis may be either.
        if (a.kind !== b.kind && a.kind !== 'not-stated' && b.kind !== 'not-stated') continue;
        const [big, small] = longer ? [a, b] : [b, a];
        // Touching ranges would mean no trade at all in the months between: still not one basis.
        if (big.value.hi <= small.value.lo) notes.push({ kind: 'cumulative-falls', longer: entry(big), shorter: entry(small) });
      }
    }
  }
  return notes;
}
