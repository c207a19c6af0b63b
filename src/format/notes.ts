import { periodLabel, type Period } from '../model/period.js';
import type { Flow } from '../model/schema.js';
import { isLowerBound, reported } from '../model/value.js';
import type { DataNote } from '../model/views.js';
import { formatGrowth, formatStatedPercent, formatUsd, formatUsdAsWritten } from './numbers.js';

function stated(note: Extract<DataNote, { kind: 'change-disagrees' }>): string {
  const c = note.reported;
  if (c.percent !== undefined) {
    const words = c.qualifier ? `${c.qualifier} ${Math.abs(c.percent)}%` : formatStatedPercent(c.percent, undefined);
    return c.percent < 0 && c.qualifier ? `a fall of ${words}` : words;
  }
  return c.usd ? formatUsd(c.usd, { signed: true }) : '?';
}

function flowWith(flow: Flow, place: string): string {
  if (flow === 'china-exports') return `China's exports to ${place}`;
  if (flow === 'china-imports') return `China's imports from ${place}`;
  return `China's total trade with ${place}`;
}

/** One sentence a reader can check with a calculator. */
export function describeNote(
  note: DataNote,
  placeName: string,
  period: Period,
  sourceName: (id: string, citing?: string) => string,
): string {
  const when = periodLabel(period);
  const by = (sources: readonly string[]) => sources.map((id) => sourceName(id)).join(', ');
  switch (note.kind) {
    case 'change-disagrees': {
      const what = flowWith(note.flow, placeName);
      const computed =
        note.reported.percent !== undefined ? formatGrowth(note.computedPercent) : formatUsd(note.computedUsd, { signed: true });
      return (
        `${sourceName(note.reported.source, note.reported.citing)} gives the ${when} change in ${what} as ${stated(note)}, ` +
        `but ${formatUsdAsWritten(note.current)} against ${formatUsdAsWritten(note.previous)} in ${periodLabel(note.previousPeriod)} is ${computed} (derived).`
      );
    }
    case 'parts-disagree':
      return (
        `China's exports (${formatUsdAsWritten(note.exports)}) and imports (${formatUsdAsWritten(note.imports)}) ` +
        `add up to ${partsSum(note)}, not the reported total of ${formatUsdAsWritten(note.total)}.`
      );
    case 'members-exceed-region':
      return `The itemised partners add up to ${formatUsd(note.members)}, more than the reported total of ${formatUsd(note.total)}.`;
    case 'sources-disagree':
      return (
        `Sources differ on ${flowWith(note.flow, placeName)} in ${when}: ${formatUsdAsWritten(note.value)} (${by(note.value.sources)}) ` +
        `against ${formatUsdAsWritten(note.other)} (${by(note.other.sources)}). Both are shown; neither is corrected.`
      );
    case 'cumulative-falls':
      return (
        `${capitalise(note.longer.reporter)} gives ${periodLabel(note.longer.period)} as ${formatUsdAsWritten(note.longer.value)} (${by(note.longer.value.sources)}), ` +
        `less than the ${formatUsdAsWritten(note.shorter.value)} that ${note.shorter.reporter} gives for ${periodLabel(note.shorter.period)} (${by(note.shorter.value.sources)}): ` +
        `a total for more months cannot be smaller, so the two are not on the same basis.`
      );
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The sum of a total's parts, derived: "about $9.1 bn (derived)", or, where a part is only a lower
 * bound ("over $8.1bn"), "at least $8.9 bn (derived)", to the digits of the coarsest part.
 */
function partsSum({ exports, imports, sum }: Extract<DataNote, { kind: 'parts-disagree' }>): string {
  const bounded = [exports, imports].some((v) => isLowerBound(v.qualifier));
  if (!bounded) return `${formatUsd(sum)} (derived)`;
  const unit = Math.max(...[exports, imports].map((v) => 2 * (v.halfUnit ?? 0)));
  const least = unit > 0 ? Math.round(sum.usd / unit) * unit : sum.usd;
  return `at least ${formatUsdAsWritten(reported({ usd: least, halfUnit: unit / 2 }, undefined, sum.sources))} (derived)`;
}
