/**
 * A period is read the way analysts and sources write it, in any case, and stored by one key;
 * a change is only ever measured on the same months a year before. What is not a period reads as
 * nothing, so that a command can say which periods exist instead of guessing.
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod, periodKey, periodLabel, previousPeriod, isFullYear } from '../../src/model/period.js';

/** Each form the period option accepts (issue 12 §2), with case and dash variants, and the key it reads as. */
const ACCEPTED: readonly (readonly [string, string])[] = [
  ['2025', '2025'],
  [' 2025 ', '2025'],
  ['Jan-Oct 2025', '2025-01..10'],
  ['jan-oct 2025', '2025-01..10'],
  ['JAN-OCT 2025', '2025-01..10'],
  ['Jan–Oct 2025', '2025-01..10'],
  ['Jan—Oct 2025', '2025-01..10'],
  ['Jan - Oct 2025', '2025-01..10'],
  ['January–October 2025', '2025-01..10'],
  ['january-october 2025', '2025-01..10'],
  ['JANUARY–OCTOBER 2025', '2025-01..10'],
  ['H1 2024', '2024-01..06'],
  ['h1 2024', '2024-01..06'],
  ['H2 2024', '2024-07..12'],
  ['2024-H1', '2024-01..06'],
  ['2024-h1', '2024-01..06'],
  ['2024-H2', '2024-07..12'],
  ['2025-01..10', '2025-01..10'],
  ['2025-01..06', '2025-01..06'],
  ['2025-01..12', '2025'],
  ['2025-03', '2025-03'],
  ['Mar 2025', '2025-03'],
  ['MARCH 2025', '2025-03'],
  ['march 2025', '2025-03'],
  ['Jan 2026', '2026-01'],
  ['Jan-Jul 2025', '2025-01..07'],
  ['Jan-May 2025', '2025-01..05'],
];

const REJECTED = [
  '2025-13',
  'Oct-Jan 2025',
  'H3 2024',
  'autumn 2025',
  '1989',
  '',
  '   ',
  '2025-00',
  '2025-10..01',
  '2025-01..13',
  'H0 2024',
  'Smarch 2025',
  '25',
  'Jan-Oct',
  'October',
  '2025 2026',
];

describe('parsePeriod', () => {
  it.each(ACCEPTED)('reads %j as the period keyed %j', (text, key) => {
    const period = parsePeriod(text);
    expect(period, text).toBeDefined();
    expect(periodKey(period!)).toBe(key);
  });

  it.each(REJECTED)('reads %j as no period at all', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });

  it('reads every key it writes back as the same period', () => {
    for (const [text] of ACCEPTED) {
      const period = parsePeriod(text)!;
      expect(parsePeriod(periodKey(period)), text).toEqual(period);
      expect(parsePeriod(periodLabel(period)), text).toEqual(period);
    }
  });
});

describe('periodLabel', () => {
  it.each([
    ['2025-01..10', 'Jan–Oct 2025'],
    ['2025-03', 'Mar 2025'],
    ['2025', '2025'],
    ['H1 2024', 'Jan–Jun 2024'],
    ['2024-H2', 'Jul–Dec 2024'],
    ['2025-01..12', '2025'],
  ])('writes %j as %j', (text, label) => {
    expect(periodLabel(parsePeriod(text)!)).toBe(label);
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2025', '2024'],
    ['Jan-Oct 2025', '2024-01..10'],
    ['H1 2024', '2023-01..06'],
    ['2024-H2', '2023-07..12'],
    ['2025-03', '2024-03'],
    ['Jan 2026', '2025-01'],
  ])('compares %j with the same months a year before (%j)', (text, key) => {
    const period = parsePeriod(text)!;
    const before = previousPeriod(period);
    expect(periodKey(before)).toBe(key);
    expect(before.year).toBe(period.year - 1);
    expect([before.first, before.last]).toEqual([period.first, period.last]);
  });

  it('never compares a part of a year with a full year, nor a full year with a part', () => {
    for (const [text] of ACCEPTED) {
      const period = parsePeriod(text)!;
      expect(isFullYear(previousPeriod(period)), text).toBe(isFullYear(period));
    }
  });
});
