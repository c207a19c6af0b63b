/**
 * No derived value shows more digits than its inputs support: checked for every derived dollar
 * figure the model can produce from data/ (totals, balances, changes, gaps), as formatUsd shows it.
 */
import { describe, expect, it } from 'vitest';
import { formatUsd, TOO_CLOSE } from '../../src/format/numbers.js';
import type { Value } from '../../src/model/value.js';
import { figures } from '../helpers/app.js';

const { model } = figures;

function derivedValues(): { what: string; value: Value }[] {
  const out: { what: string; value: Value }[] = [];
  const add = (what: string, value: Value | undefined) => {
    if (value?.provenance === 'derived') out.push({ what, value });
  };
  for (const place of [...model.partners, ...model.regions]) {
    for (const year of model.years(place.id)) {
      const py = model.partnerYear(place.id, year) ?? model.regionYear(place.id, year);
      if (!py) continue;
      for (const view of Object.values(py.flows)) {
        add(`${place.id} ${year} ${view.flow}`, view.value);
        add(`${place.id} ${year} ${view.flow} change`, view.computedChange?.usd);
      }
      add(`${place.id} ${year} balance`, py.balance);
      for (const m of 'mirror' in py ? py.mirror : []) add(`${place.id} ${year} gap`, m.gap);
    }
  }
  return out;
}

/** The numbers a shown amount names, signed, in dollars, each with the unit of its last digit ("$500 m": 100 m). */
function shownNumbers(text: string): { usd: number; unit: number }[] {
  return [...text.matchAll(/([−+]?)\$([\d,]+)(?:\.(\d+))? (bn|m)/g)].map((m) => {
    const scale = m[4] === 'bn' ? 1e9 : 1e6;
    const whole = m[2]!.replace(/,/g, '');
    const unit = m[3] !== undefined ? 10 ** -m[3].length : 10 ** (whole.length - whole.replace(/0+$/, '').length || 0);
    const usd = Number(`${whole}.${m[3] ?? '0'}`) * scale * (m[1] === '−' ? -1 : 1);
    return { usd, unit: unit * scale };
  });
}

describe('derived dollar figures', () => {
  const values = derivedValues();

  it('are many: balances, gaps, changes and unitemised totals', () => {
    expect(values.length).toBeGreaterThan(30);
  });

  it.each(values)('$what is shown no more precisely than its range allows, and within it', ({ value }) => {
    const text = formatUsd(value, { signed: true });
    if (text === TOO_CLOSE) {
      expect(value.lo <= 0 && value.hi >= 0).toBe(true);
      return;
    }
    const width = value.hi - value.lo;
    const shown = shownNumbers(text);
    // A point at the leading digit of the range's width ("about 19.7", never "19.72" for 19.72 ± 0.055);
    // a range's ends one digit finer, so that the range stays readable ("+$70 m to +$290 m").
    for (const n of shown) expect(n.unit, text).toBeGreaterThanOrEqual(width / (shown.length === 2 ? 100 : 20));
    if (shown.length === 2) {
      // A range covers every value the inputs allow.
      expect(shown[0]!.usd, text).toBeLessThanOrEqual(value.lo);
      expect(shown[1]!.usd, text).toBeGreaterThanOrEqual(value.hi);
    } else {
      // A point, read with its own rounding, is a value the inputs allow.
      expect(shown[0]!.usd + shown[0]!.unit / 2, text).toBeGreaterThanOrEqual(value.lo);
      expect(shown[0]!.usd - shown[0]!.unit / 2, text).toBeLessThanOrEqual(value.hi);
    }
  });
});
