import { describe, expect, it } from 'vitest';
import { chooseUnit, roundSignificant, sharesPercent } from '../../src/charts/numbers.js';
import { isResidualLabel } from '../../src/charts/palette.js';
import { normalizeSpec, numberOf } from '../../src/charts/normalize.js';

describe('chart numbers', () => {
  it('rounds to significant digits, so small values keep their size', () => {
    expect(roundSignificant(24.7e9 / 1e9, 3)).toBe(24.7);
    expect(roundSignificant(0.0612345, 3)).toBe(0.0612);
    expect(roundSignificant(0.0612345, 2)).toBe(0.061);
    expect(roundSignificant(43.849, 2)).toBe(44);
    expect(roundSignificant(0.1 + 0.2, 3)).toBe(0.3);
  });

  it('uses billions unless every figure is under $1 bn', () => {
    expect(chooseUnit([24.7e9, 61e6]).label).toBe('$ bn');
    expect(chooseUnit([610e6, null, 61e6]).label).toBe('$ m');
    expect(chooseUnit([null]).label).toBe('$ bn');
  });

  it('turns values into whole-percent shares, one decimal under 1 %, ignoring gaps', () => {
    expect(sharesPercent([5, 4, 2, 9])).toEqual([25, 20, 10, 45]);
    expect(sharesPercent([995, 5, null])).toEqual([100, 0.5, null]);
  });

  it('recognises residual labels such as "not itemised" but not real categories', () => {
    for (const l of ['not itemised', 'Not itemized', 'Other', 'others', 'unspecified goods']) expect(isResidualLabel(l)).toBe(true);
    for (const l of ['Machinery', 'Other machinery', 'Kazakhstan']) expect(isResidualLabel(l)).toBe(false);
  });
});

describe('normalizeSpec', () => {
  it('turns NaN and Infinity into gaps and pads ragged series to one value per label', () => {
    const n = normalizeSpec({
      kind: 'bar',
      title: 't',
      labels: ['a', 'b', 'c'],
      series: [{ label: 's', values: [Number.NaN, Infinity, 5, 6] }],
      source: 's',
    });
    expect(n.ok && n.spec.series[0]?.values.map(numberOf)).toEqual([null, null, 5]);
    expect(n.ok && n.spec.series[0]?.values[0]).toEqual({ value: null, missing: 'not reported' });
  });

  it('says why a spec cannot be drawn', () => {
    expect(normalizeSpec(null)).toMatchObject({ ok: false, reason: expect.stringMatching(/^Chart left out/) });
    expect(normalizeSpec({ kind: 'bar', labels: ['a'], series: [{ label: 's', values: [null] }] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not reported|none/),
    });
  });
});
