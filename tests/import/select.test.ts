import { describe, expect, it } from 'vitest';
import { commodityOf, isAggregateRow } from '../../src/import/aggregate.js';
import type { ComtradeRow, Place } from '../../src/import/row.js';
import { SKIP, selectFigure } from '../../src/import/select.js';

const CHINA: Place = { code: '156', iso: 'CHN', desc: 'China' };
const KAZAKHSTAN: Place = { code: '398', iso: 'KAZ', desc: 'Kazakhstan' };
const COLUMNS = { reporter: 'reporterCode', partner: 'partnerCode' };

function row(over: Partial<ComtradeRow>): ComtradeRow {
  return {
    period: '2023',
    flow: 'import',
    reporter: CHINA,
    partner: KAZAKHSTAN,
    partner2Code: '0',
    customsCode: 'C00',
    motCode: '0',
    classification: 'H6',
    cmdCode: 'TOTAL',
    cmdDesc: 'All Commodities',
    aggrLevel: '0',
    usd: '100',
    ...over,
  };
}
const draftOf = (r: ComtradeRow) => {
  const selected = selectFigure(r, COLUMNS);
  if (!('draft' in selected)) throw new Error(`not kept: ${JSON.stringify(selected)}`);
  return selected.draft;
};

describe("direction, from China's side", () => {
  it("China reporting imports from Kazakhstan is China's imports as China reports them, valued CIF", () => {
    expect(draftOf(row({ flow: 'import' }))).toMatchObject({ reporter: 'china', flow: 'china-imports', valuation: 'CIF' });
  });
  it("China reporting exports to Kazakhstan is China's exports as China reports them, valued FOB", () => {
    expect(draftOf(row({ flow: 'export' }))).toMatchObject({ reporter: 'china', flow: 'china-exports', valuation: 'FOB' });
  });
  it("Kazakhstan reporting imports from China is China's exports as Kazakhstan reports them (the mirror), valued CIF", () => {
    const d = draftOf(row({ flow: 'import', reporter: KAZAKHSTAN, partner: CHINA }));
    expect(d).toMatchObject({ reporter: 'partner', flow: 'china-exports', valuation: 'CIF' });
    expect(d.country.iso3).toBe('KAZ');
  });
  it("Kazakhstan reporting exports to China is China's imports as Kazakhstan reports them, valued FOB", () => {
    expect(draftOf(row({ flow: 'export', reporter: KAZAKHSTAN, partner: CHINA }))).toMatchObject({
      reporter: 'partner',
      flow: 'china-imports',
      valuation: 'FOB',
    });
  });
});

describe('rows that are not kept', () => {
  it('keeps re-exports and re-imports apart: skipped, never added to exports or imports', () => {
    expect(selectFigure(row({ flow: 're-export' }), COLUMNS)).toEqual({ skip: SKIP.reExports });
    expect(selectFigure(row({ flow: 're-import' }), COLUMNS)).toEqual({ skip: SKIP.reExports });
  });
  it('skips rows broken down by second partner, customs procedure or mode of transport', () => {
    expect(selectFigure(row({ partner2Code: '643' }), COLUMNS)).toEqual({ skip: SKIP.breakdown });
    expect(selectFigure(row({ customsCode: 'C01' }), COLUMNS)).toEqual({ skip: SKIP.breakdown });
    expect(selectFigure(row({ motCode: '3100' }), COLUMNS)).toEqual({ skip: SKIP.breakdown });
  });
  it('takes empty breakdown cells (older files) as the aggregate', () => {
    expect(isAggregateRow({ partner2Code: '', customsCode: '', motCode: '' })).toBe(true);
  });
  it("skips trade that is not China's, and China's trade with the world or an area", () => {
    const russia = { code: '643', iso: 'RUS', desc: 'Russian Federation' };
    expect(selectFigure(row({ reporter: KAZAKHSTAN, partner: russia }), COLUMNS)).toEqual({ skip: SKIP.notChina });
    expect(selectFigure(row({ partner: { code: '0', iso: 'W00', desc: 'World' } }), COLUMNS)).toEqual({ skip: SKIP.notCountry });
    expect(selectFigure(row({ partner: { code: '490', iso: 'S19', desc: 'Other Asia, nes' } }), COLUMNS)).toEqual({
      skip: SKIP.notCountry,
    });
  });
  it('names the column of a country code nobody knows', () => {
    expect(selectFigure(row({ partner: { code: '999', iso: 'XYZ', desc: 'Nowhere' } }), COLUMNS)).toEqual({
      problem: { column: 'partnerCode', message: 'unknown country code 999 (XYZ, Nowhere)' },
    });
  });
});

describe('commodities', () => {
  it('TOTAL is the flow itself, with no product', () => {
    expect(commodityOf(row({}))).toEqual({ total: true });
    expect('product' in draftOf(row({}))).toBe(false);
  });
  it('an HS chapter, heading or subheading is a product with its code and name', () => {
    const chapter = row({ cmdCode: '27', aggrLevel: '2', cmdDesc: 'Mineral fuels, mineral oils' });
    expect(draftOf(chapter).product).toEqual({ hs: '27', name: 'Mineral fuels, mineral oils' });
    expect(commodityOf(row({ cmdCode: '2709', aggrLevel: '4', cmdDesc: 'Crude' }))).toEqual({ product: { hs: '2709', name: 'Crude' } });
    expect(commodityOf(row({ cmdCode: '270900', aggrLevel: '6', cmdDesc: 'Crude' }))).toEqual({ product: { hs: '270900', name: 'Crude' } });
  });
  it('skips national 8-digit lines and other classifications', () => {
    expect(selectFigure(row({ cmdCode: '27090010', aggrLevel: '8' }), COLUMNS)).toEqual({ skip: SKIP.otherCommodities });
    expect(commodityOf(row({ classification: 'S4', cmdCode: '33', aggrLevel: '2' }))).toEqual({ other: true });
  });
});
