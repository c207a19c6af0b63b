import { describe, expect, it } from 'vitest';
import { parsePeriod, parseUsd } from '../../src/import/values.js';

describe('dollar values as Comtrade writes them', () => {
  it('keeps every digit, as a string, never through a float', () => {
    expect(parseUsd('15338541000')).toEqual({ ok: '15338541000' });
    expect(parseUsd('123456789012345678')).toEqual({ ok: '123456789012345678' });
    expect(parseUsd('1234567.50')).toEqual({ ok: '1234567.5' });
    expect(parseUsd(' 0042 ')).toEqual({ ok: '42' });
  });

  it('turns scientific notation into plain digits exactly', () => {
    expect(parseUsd('1.5338541E+10')).toEqual({ ok: '15338541000' });
    expect(parseUsd('2.5e-1')).toEqual({ ok: '0.25' });
  });

  it('says an empty cell has no value, and that text or a negative value is not a dollar amount', () => {
    expect(parseUsd('')).toEqual({ problem: 'no value' });
    expect(parseUsd('12a')).toEqual({ problem: 'value "12a" is not a number' });
    expect(parseUsd('1,234')).toEqual({ problem: 'value "1,234" is not a number' });
    expect(parseUsd('.')).toEqual({ problem: 'value "." is not a number' });
    expect(parseUsd('-5')).toEqual({ problem: 'value "-5" is negative' });
  });
});

describe('periods', () => {
  it('writes a year as "2023" and a month as "2023-03"', () => {
    expect(parsePeriod('2023', 'A')).toEqual({ ok: '2023' });
    expect(parsePeriod('202303', 'M')).toEqual({ ok: '2023-03' });
  });

  it('tells a legacy year from a month by its length', () => {
    expect(parsePeriod('2018', undefined)).toEqual({ ok: '2018' });
    expect(parsePeriod('201903', undefined)).toEqual({ ok: '2019-03' });
  });

  it('rejects a month 13, a period that does not match its frequency, and another frequency', () => {
    expect(parsePeriod('202313', 'M')).toEqual({ problem: 'period "202313" does not parse (expected YYYYMM)' });
    expect(parsePeriod('2023', 'M')).toEqual({ problem: 'period "2023" does not parse (expected YYYYMM)' });
    expect(parsePeriod('202303', 'A')).toEqual({ problem: 'period "202303" does not parse (expected YYYY)' });
    expect(parsePeriod('2023-3', undefined)).toEqual({ problem: 'period "2023-3" does not parse (expected YYYY or YYYYMM)' });
    expect(parsePeriod('2023Q1', 'Q')).toEqual({ problem: 'frequency "Q" is neither A (annual) nor M (monthly)' });
  });
});
