import type { Evaluator } from './evaluate.js';
import type { FigureIndex } from './figureIndex.js';
import { statedPercentRange } from './notes.js';
import { previousPeriod, type Period } from './period.js';
import type { Partner } from './schema.js';
import { citationsOf, type Ratio, type Value } from './value.js';
import type { Measure, RankEntry } from './views.js';

/**
 * A ranked partner's full figure on a measure: a Value, or for growth a percentage as a source
 * stated it, and computed from the same months a year before only where no source states one.
 */
export function rankEntry(
  values: Evaluator<Value, Ratio>,
  index: FigureIndex,
  partner: Partner,
  measure: Measure,
  period: Period,
): RankEntry | undefined {
  if (measure === 'growth') {
    const stated = index.statedGrowth(partner.id, period);
    if (stated?.percent !== undefined) {
      const [lo, hi] = statedPercentRange(stated.percent, stated.qualifier);
      const approximate = stated.qualifier !== undefined;
      return {
        partner,
        score: stated.percent,
        percent: {
          value: stated.percent,
          lo,
          hi,
          approximate,
          citations: citationsOf([stated.source], stated.citing ? { [stated.source]: stated.citing } : undefined),
        },
        approximate,
        derived: false,
        ...(stated.qualifier ? { qualifier: stated.qualifier } : {}),
        source: stated.source,
        ...(stated.citing ? { citing: stated.citing } : {}),
      };
    }
    const percent = values.growth(values.flow(partner.id, period, 'total'), values.flow(partner.id, previousPeriod(period), 'total'));
    if (!percent) return undefined;
    return { partner, score: percent.value, percent, approximate: percent.approximate, derived: true };
  }
  const value =
    measure === 'balance'
      ? values.balance(values.flow(partner.id, period, 'china-exports'), values.flow(partner.id, period, 'china-imports'))
      : values.flow(partner.id, period, measure);
  if (!value) return undefined;
  return {
    partner,
    score: value.usd,
    value,
    approximate: value.qualifier !== undefined,
    derived: value.provenance === 'derived',
  };
}
