import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readComtradeFile } from '../../src/import/read.js';
import { SKIP } from '../../src/import/select.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const summaryOf = (d: {
  country: { iso3: string };
  period: string;
  reporter: string;
  flow: string;
  product?: { hs: string };
  usd: string;
}) => `${d.country.iso3} ${d.period} ${d.reporter} ${d.flow} ${d.product?.hs ?? 'TOTAL'} ${d.usd}`;

describe('reading a Comtrade Plus file', () => {
  it('reads past the byte-order mark and the quoted descriptions with commas', async () => {
    const read = await readComtradeFile(fixture('plus-annual.csv'));
    expect(read.problems).toEqual([]);
    expect(read.layout).toBe('plus');
    expect(read.rowsRead).toBe(22);
    const chapter = read.drafts.find((d) => d.product?.hs === '27');
    expect(chapter?.product?.name).toBe(
      'Mineral fuels, mineral oils and products of their distillation; bituminous substances; mineral waxes',
    );
    expect(chapter?.usd).toBe('5600000000.5');
  });

  it("keeps the aggregate row's value, not a sum with the rows broken down by transport, customs or second partner", async () => {
    const read = await readComtradeFile(fixture('plus-annual.csv'));
    const imports = read.drafts.filter(
      (d) => d.country.iso3 === 'KAZ' && d.reporter === 'china' && d.flow === 'china-imports' && !d.product,
    );
    expect(imports.map((d) => d.usd)).toEqual(['15338541000']);
    expect(read.skipped[SKIP.breakdown]).toBe(4);
  });

  it('counts every row it does not keep under its reason', async () => {
    const read = await readComtradeFile(fixture('plus-annual.csv'));
    expect(read.skipped).toEqual({
      [SKIP.breakdown]: 4,
      [SKIP.reExports]: 2,
      [SKIP.otherFlows]: 1,
      [SKIP.otherCommodities]: 1,
      [SKIP.notCountry]: 2,
      [SKIP.notChina]: 1,
      [SKIP.duplicates]: 1,
    });
    expect(read.drafts).toHaveLength(10);
    expect(read.rowsRead).toBe(read.drafts.length + 12);
  });

  it('reads a file whose columns are in another order, with a trailing comma on each line', async () => {
    const read = await readComtradeFile(fixture('plus-reordered.csv'));
    expect(read.problems).toEqual([]);
    expect(read.drafts.map(summaryOf)).toEqual([
      'KAZ 2021 china china-exports TOTAL 13970000000',
      'KAZ 2021 china china-imports TOTAL 11250000000',
    ]);
  });

  it('reads monthly rows as "2023-01", "2023-02", "2023-03"', async () => {
    const read = await readComtradeFile(fixture('plus-monthly.csv'));
    expect(read.problems).toEqual([]);
    expect(read.drafts.map(summaryOf)).toEqual([
      'UZB 2023-01 china china-exports TOTAL 512000000',
      'UZB 2023-01 china china-imports TOTAL 301000000',
      'UZB 2023-02 china china-exports TOTAL 487500000',
      'UZB 2023-02 china china-imports TOTAL 288000000',
      'UZB 2023-03 china china-exports TOTAL 601000000',
      'UZB 2023-03 china china-imports TOTAL 344000000',
      'GEO 2023-03 partner china-exports TOTAL 98000000',
      'GEO 2023-03 partner china-imports 26 41000000',
    ]);
    expect(read.skipped).toEqual({ [SKIP.breakdown]: 1 });
  });
});

describe('reading a legacy file', () => {
  it('reads trade flow codes 1 and 2, keeps 3 and 4 (re-exports, re-imports) apart, and China with the world out', async () => {
    const read = await readComtradeFile(fixture('legacy-annual.csv'));
    expect(read.problems).toEqual([]);
    expect(read.layout).toBe('legacy');
    expect(read.drafts.map(summaryOf)).toEqual([
      'KGZ 2018 china china-imports TOTAL 255000000',
      'KGZ 2018 china china-exports TOTAL 5560000000',
      'KGZ 2018 china china-exports 52 61000000',
      'KGZ 2018 partner china-exports TOTAL 1880000000',
      'KGZ 2018 partner china-imports TOTAL 78000000',
    ]);
    expect(read.skipped).toEqual({ [SKIP.reExports]: 2, [SKIP.notCountry]: 1 });
  });

  it('reads a later legacy file with breakdown columns: a month, and only the aggregate row', async () => {
    const read = await readComtradeFile(fixture('legacy-extra.csv'));
    expect(read.problems).toEqual([]);
    expect(read.drafts.map(summaryOf)).toEqual([
      'KAZ 2019-03 china china-imports TOTAL 700000000',
      'KAZ 2019-03 partner china-imports TOTAL 650000000',
    ]);
    expect(read.skipped).toEqual({ [SKIP.breakdown]: 4 });
  });
});

describe('a legacy file with its breakdown columns left empty', () => {
  it('takes the empty cells as the aggregate and reads the partner reporting its trade with China', async () => {
    const read = await readComtradeFile(fixture('legacy-variant.csv'));
    expect(read.problems).toEqual([]);
    expect(read.drafts.map(summaryOf)).toEqual(['KAZ 2016 partner china-exports 01 91128858', 'KAZ 2016 partner china-imports 01 1398835']);
    expect(read.skipped).toEqual({ [SKIP.reExports]: 1 });
  });
});

describe('a former country', () => {
  it('is skipped and counted, not an unknown country code: the USSR has no ISO code to file it under', async () => {
    const read = await readComtradeFile(fixture('legacy-former.csv'));
    expect(read.problems).toEqual([]);
    expect(read.drafts).toEqual([]);
    expect(read.skipped).toEqual({ [SKIP.former]: 1 });
  });
});

describe('a bad file', () => {
  it('lists every problem with its line and column, not only the first', async () => {
    const read = await readComtradeFile(fixture('bad-rows.csv'));
    expect(read.problems.map((p) => `${p.line} ${p.column}: ${p.message}`)).toEqual([
      '2 primaryValue: the row has no value',
      '3 primaryValue: value "12a" is not a number',
      '5 period: period "202313" does not parse (expected YYYYMM)',
      '6 partnerCode: unknown country code 999 (XYZ, Nowhere)',
    ]);
    expect(read.problems.every((p) => p.file === fixture('bad-rows.csv'))).toBe(true);
  });

  it('names a short row, the same figure given twice with two values, and a quote never closed', async () => {
    const read = await readComtradeFile(fixture('bad-structure.csv'));
    expect(read.problems.map((p) => `${p.line} ${p.column}: ${p.message}`)).toEqual([
      '3 (row): has 4 fields, the header has 47',
      '4 primaryValue: the same figure is on line 2 with another value (24698950000, here 24000000000)',
      '5 (csv): Quote Not Closed: the parsing is finished with an opening quote',
    ]);
  });

  it('names an unknown header on line 1', async () => {
    const read = await readComtradeFile(fixture('bad-header.csv'));
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatchObject({ line: 1, column: '(header)' });
    expect(read.problems[0]!.message).toMatch(/^unknown header/);
  });
});
