import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/model/amount.js';
import { growth, minus, reported, type Value } from '../../src/model/value.js';
import { formatGrowth, formatShare, formatUsd, precisionOf, TOO_CLOSE } from '../../src/format/numbers.js';
import { ratio } from '../../src/model/value.js';
import type { Qualifier } from '../../src/model/schema.js';

const as = (written: string, qualifier?: Qualifier): Value => reported(parseAmount(written)!, qualifier, ['test']);

describe('a reported amount', () => {
  it('is shown with exactly the digits its source wrote, never rounded to a number no source printed', () => {
    expect(formatUsd(as('28 bn'))).toBe('$28 bn');
    expect(formatUsd(as('43.82 bn'))).toBe('$43.82 bn');
    expect(formatUsd(as('10.65 bn'))).toBe('$10.65 bn');
    expect(formatUsd(as('2.0 bn'))).toBe('$2.0 bn');
    expect(formatUsd(as('61 m'))).toBe('$61 m');
    expect(formatUsd(as('1.916 bn'))).toBe('$1.916 bn');
  });

  it('keeps the words its source hedged with', () => {
    expect(formatUsd(as('2.5 bn', 'nearly'))).toBe('nearly $2.5 bn');
    expect(formatUsd(as('1 bn', 'just over'))).toBe('just over $1 bn');
    expect(formatUsd(as('-260 m'), { signed: true })).toBe('−$260 m');
  });
});

describe('a derived amount', () => {
  it('is shown only to the digits its inputs support: $28 bn is ±$0.5 bn, so the balance is about $12 bn', () => {
    const balance = minus(as('28 bn'), as('15.9 bn'), 'exports − imports');
    expect(formatUsd(balance, { magnitude: true })).toBe('about $12 bn');
  });

  it('says "too close to call" when it could be either sign', () => {
    // Tajikistan: $3.86 bn against a 2023 figure rounded to $0.1 bn.
    expect(formatUsd(minus(as('3.86 bn'), as('3.9 bn'), 'change'), { signed: true })).toBe(TOO_CLOSE);
    expect(formatGrowth(growth(as('3.86 bn'), as('3.9 bn')))).toBe(TOO_CLOSE);
    expect(formatGrowth(growth(as('9.6 bn'), as('9.6 bn')))).toBe(TOO_CLOSE);
  });

  it('is shown as a range when its inputs allow a wide one, not as a precise-looking point', () => {
    // Uzbekistan's imports: $2.0 bn against $1.6 bn is +18% to +33%, not "+25.0%".
    expect(formatGrowth(growth(as('2.0 bn'), as('1.6 bn')))).toBe('+18% to +33%');
  });

  it('carries the hedge of its inputs into its range', () => {
    // Turkmenistan: "just over $1 billion" of exports against $9.6 bn of imports.
    expect(formatUsd(minus(as('1 bn', 'just over'), as('9.6 bn'), 'balance'), { magnitude: true })).toBe('about $8.6 bn');
  });

  it('as a growth or a share, has the digits the inputs allow', () => {
    expect(formatGrowth(growth(as('43.82 bn'), as('41.0 bn')))).toBe('about +6.9%');
    expect(formatShare(ratio(as('2.3 bn'), as('6.5 bn')))).toBe('about 35%');
  });
});

describe('the precision rule', () => {
  it('rounds to the leading digit of the range, says about, and spans zero only as too close to call', () => {
    expect(precisionOf(19.72, 19.665, 19.775, false)).toEqual({ kind: 'point', value: 19.72, unit: 0.1, about: true });
    expect(precisionOf(0.04, -0.01, 0.09, true)).toEqual({ kind: 'too-close' });
    expect(precisionOf(5, 5, 5, true)).toEqual({ kind: 'point', value: 5, unit: 0, about: false });
  });
});
