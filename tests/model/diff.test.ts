import { describe, expect, it } from 'vitest';
import { describeNewPeriods, describeReload, newPeriods } from '../../src/model/diff.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { TradeModel } from '../../src/model/model.js';
import { parsePeriod, periodLabel, type Period } from '../../src/model/period.js';
import type { FigureRecord } from '../../src/model/schema.js';

const { model } = await loadModel('data');

/** The model with some of its figures copied to another period, as a new release would bring them. */
function withRelease(from: string, to: string, partners?: readonly string[]): TradeModel {
  const source = parsePeriod(from)!;
  const period: Period = parsePeriod(to)!;
  const copies: FigureRecord[] = model.dataset.figures
    .filter((f) => periodLabel(f.period) === periodLabel(source) && (partners === undefined || partners.includes(f.partner)))
    .map((f) => ({ ...f, period }));
  return new TradeModel({ ...model.dataset, figures: [...model.dataset.figures, ...copies] });
}

describe('the periods a reload brings', () => {
  it('are none when the figures are the same, or new ones are for periods the data already had', () => {
    expect(newPeriods(model, model)).toEqual([]);
    expect(describeNewPeriods(newPeriods(model, withRelease('2025', '2024', ['uzbekistan'])))).toBe('');
  });

  it('names a new part-year with how many places have figures for it', () => {
    const after = withRelease('Jan-Oct 2025', 'Jan-Nov 2026', ['kazakhstan', 'kyrgyzstan', 'uzbekistan', 'tajikistan', 'turkmenistan']);
    const found = newPeriods(model, after);
    expect(found.map((p) => periodLabel(p.period))).toEqual(['Jan–Nov 2026']);
    expect(found[0]!.places.map((p) => p.id)).toEqual(['kazakhstan', 'kyrgyzstan', 'uzbekistan', 'turkmenistan', 'tajikistan']);
    expect(describeNewPeriods(found)).toBe('Jan–Nov 2026 for five partners');
  });

  it('names one or two partners, regions by name first, and each new period, oldest first', () => {
    expect(describeNewPeriods(newPeriods(model, withRelease('Jan-Oct 2025', 'Nov 2026', ['kazakhstan'])))).toBe('Nov 2026 for Kazakhstan');
    // 2025's file has Central Asia and six partners (Uzbekistan's own statistics do not make another place).
    const year = withRelease('2025', '2026');
    expect(describeNewPeriods(newPeriods(model, year))).toBe('2026 for Central Asia and six partners');
    const both = new TradeModel({
      ...year.dataset,
      figures: [...year.dataset.figures, ...withRelease('Jan-Oct 2025', 'Jan-Jun 2026', ['kyrgyzstan', 'tajikistan']).dataset.figures],
    });
    expect(describeNewPeriods(newPeriods(model, both))).toBe(
      'Jan–Jun 2026 for Kyrgyzstan and Tajikistan; 2026 for Central Asia and six partners',
    );
  });

  it('comes before the per-figure summary in what a reload reports, which is unchanged without a new period', () => {
    const after = withRelease('Jan-Oct 2025', 'Jan-Nov 2026', ['kazakhstan']);
    expect(describeReload(model, after)).toBe('Jan–Nov 2026 for Kazakhstan. Kazakhstan Jan–Nov 2026 total added');
    // Tajikistan's 2025 total written over its 2024 one: a changed figure, no new period.
    expect(describeReload(model, withRelease('2025', '2024', ['tajikistan']))).toBe('Tajikistan 2024 total changed');
    expect(describeReload(model, model)).toBe('');
  });
});
