import type { Flow, Qualifier } from './schema.js';
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
  else if (qualifier === 'about') [lo, hi] = [m - slack, m + slack];
  else if (qualifier === 'just over' || qualifier === 'more than') hi = m + slack;
  return percent < 0 ? [-hi, -lo] : [lo, hi];
}

const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] <= b[1] && b[0] <= a[1];

/** Checks one place-year's flows against each other and against the previous year. */
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
          previousYear: computed.previousYear,
          computedPercent: computed.percent,
          computedUsd: computed.usd,
        });
      }
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
    notes.push({ kind: 'parts-disagree', total, exports, imports });
  }
  return notes;
}
