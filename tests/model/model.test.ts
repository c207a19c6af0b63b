import { describe, expect, it } from 'vitest';
import { fullYear } from '../../src/model/period.js';
import { model } from '../helpers/app.js';

const bn = (n: number) => n * 1e9;

describe('the trade model', () => {
  it("computes Kazakhstan's 2024 balance as China's surplus of $12.1 bn, marked derived", () => {
    const kz = model.partnerYear('kazakhstan', 2024)!;
    expect(kz.balance!.usd).toBeCloseTo(bn(12.1), -6);
    expect(kz.balance!.provenance).toBe('derived');
    expect(kz.surplus).toBe('china');
  });

  it('gives Turkmenistan the surplus: China imports more from it than it exports there', () => {
    const tm = model.partnerYear('turkmenistan', 2024)!;
    expect(tm.surplus).toBe('partner');
    expect(tm.balance!.usd).toBeCloseTo(bn(1 - 9.6), -6);
  });

  it('ranks Kazakhstan first of five in Central Asia with a 46.2% share against the 46% reported', () => {
    const kz = model.partnerYear('kazakhstan', 2024)!;
    expect(kz.rank).toEqual({ rank: 1, of: 5 });
    expect(kz.share!.computed.value * 100).toBeCloseTo(46.21, 1);
    expect(kz.share!.reportedPercent).toBe(46);
  });

  it('computes growth from the two years: Kazakhstan +6.9% on $41.0 bn', () => {
    const change = model.partnerYear('kazakhstan', 2024)!.flows.total.computedChange!;
    expect(change.previousPeriod).toEqual(fullYear(2023));
    expect(change.percent.value).toBeCloseTo(6.878, 2);
    expect(change.usd.usd).toBeCloseTo(bn(2.82), -6);
  });

  it("notes that the briefing's 'almost 5%' disagrees with $94.82 bn against $89.4 bn", () => {
    const notes = model.regionYear('central-asia', 2024)!.notes;
    expect(notes).toHaveLength(1);
    const note = notes[0]!;
    expect(note.kind).toBe('change-disagrees');
    if (note.kind === 'change-disagrees') {
      expect(note.reported.percent).toBe(5);
      expect(note.reported.qualifier).toBe('almost');
      expect(note.computedPercent.value).toBeCloseTo(6.06, 1);
    }
  });

  it("notes Kyrgyzstan's stated +3,270% against the +3,400% its rounded figures give", () => {
    const notes = model.partnerYear('kyrgyzstan', 2024)!.notes;
    expect(notes.map((n) => n.kind)).toEqual(['change-disagrees']);
    const note = notes[0]!;
    if (note.kind === 'change-disagrees') expect(Math.round(note.computedPercent.value)).toBe(3400);
  });

  it('takes rounding as rounding: no note for the nearly-7%, about-15% or $28 bn + $15.9 bn figures', () => {
    expect(model.partnerYear('kazakhstan', 2024)!.notes).toEqual([]);
    expect(model.regionYear('central-asia', 2023)!.notes).toEqual([]);
    for (const p of model.partners) {
      if (p.id !== 'kyrgyzstan') expect(model.partnerYear(p.id, 2024)!.notes, p.id).toEqual([]);
    }
  });

  it('derives Armenia as what remains of the South Caucasus total: ≈ $1.7 bn', () => {
    const am = model.partnerYear('armenia', 2024)!;
    const total = am.flows.total.value!;
    expect(total.provenance).toBe('derived');
    expect(total.usd).toBeCloseTo(bn(1.7), -6);
    expect(total.qualifier).toBeDefined();
    expect(total.derivation).toBe('South Caucasus total − Azerbaijan − Georgia');
    expect(am.flows['china-exports'].value).toBeUndefined();
    const sc = model.regionYear('south-caucasus', 2024)!;
    expect(sc.unitemisedMembers.map((p) => p.id)).toEqual(['armenia']);
    expect(sc.notItemised!.usd).toBeCloseTo(bn(1.7), -6);
  });

  it('places the Central Asian partners beside the reported region total, which they sum to', () => {
    const ca = model.regionYear('central-asia', 2024)!;
    expect(ca.members.map((m) => m.partner.id)).toEqual(['kazakhstan', 'kyrgyzstan', 'uzbekistan', 'turkmenistan', 'tajikistan']);
    expect(ca.itemisedSum!.usd).toBeCloseTo(bn(94.82), -6);
    expect(ca.notItemised).toBeUndefined();
  });

  it("sets Tajikistan's own ≈ $1.96 bn beside China's $3.86 bn, with a $1.9 bn gap", () => {
    const mirror = model.partnerYear('tajikistan', 2024)!.mirror;
    expect(mirror).toHaveLength(1);
    expect(mirror[0]!.theirs.usd).toBe(bn(1.96));
    expect(mirror[0]!.gap!.usd).toBeCloseTo(bn(1.9), -6);
  });

  it("keeps Uzbekistan's own 2023 statistics in China's directions: their exports to China are China's imports", () => {
    const mirror = model.partnerYear('uzbekistan', 2023)!.mirror;
    const byFlow = Object.fromEntries(mirror.map((m) => [m.flow, m.theirs.usd]));
    expect(byFlow).toEqual({ total: bn(13.7), 'china-exports': bn(11.2), 'china-imports': bn(2.5) });
  });

  it('ranks balances with Turkmenistan last, the only partner with a surplus', () => {
    const ranking = model.ranking('balance', 2024);
    expect(ranking.entries.at(-1)!.partner.id).toBe('turkmenistan');
    expect(ranking.entries.filter((e) => e.score < 0).map((e) => e.partner.id)).toEqual(['turkmenistan']);
    expect(ranking.notReported.map((p) => p.id)).toEqual(['armenia']);
  });

  it('shows only the top of a long ranking when asked, in the same order, and counts the rest', () => {
    const full = model.ranking('total', 2024);
    const top = model.ranking('total', 2024, undefined, 3);
    expect(top.entries.map((e) => e.partner.id)).toEqual(full.entries.slice(0, 3).map((e) => e.partner.id));
    expect(top.count).toBe(full.entries.length);
    expect(full.entries.map((e) => e.partner.id)).toEqual([
      'kazakhstan',
      'kyrgyzstan',
      'uzbekistan',
      'turkmenistan',
      'tajikistan',
      'azerbaijan',
      'georgia',
      'armenia',
    ]);
  });

  it.each([
    ['KZ', 'kazakhstan'],
    ['KAZ', 'kazakhstan'],
    ['kazakstan', 'kazakhstan'],
    ['Kazakh', 'kazakhstan'],
    ['Казахстан', 'kazakhstan'],
    ['Kirghizia', 'kyrgyzstan'],
    ['Kyrgyz Republic', 'kyrgyzstan'],
    ['Кыргызстан', 'kyrgyzstan'],
    ['TÜRKMENISTAN', 'turkmenistan'],
    ['Azərbaycan', 'azerbaijan'],
    ['tajik', 'tajikistan'],
    ['Грузия', 'georgia'],
    ['  uzbekistan ', 'uzbekistan'],
  ])('resolves %s to %s', (typed, id) => {
    const result = model.resolve(typed);
    expect(result.found && result.place.id).toBe(id);
  });

  it('suggests the nearest name for a near miss', () => {
    const result = model.resolve('Kazakstn');
    expect(result.found).toBe(false);
    if (!result.found) expect(result.suggestions[0]?.id).toBe('kazakhstan');
  });
});
