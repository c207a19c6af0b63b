/**
 * /products through the same app Discord uses: each product figure as printed, with its reported
 * change and sources, and its share of China's figure for the flow it is part of where that
 * figure exists; where it does not, "not reported, so no share", never a remainder.
 */
import { describe, expect, it } from 'vitest';
import { decodeChartUrl } from '../../src/charts/quickchart.js';
import { payloadProblems } from '../../src/format/limits.js';
import type { CommandResult } from '../../src/core/reply.js';
import { app, citedBy, DM, embedOf, field, isEphemeral, model, textOf } from '../helpers/app.js';

async function products(options: Record<string, string>): Promise<CommandResult> {
  const outcome = await app.handle('products', options, DM);
  if (outcome.kind !== 'ok') throw new Error(`/products ${JSON.stringify(options)}: ${outcome.kind} ${outcome.result.data.content}`);
  return outcome.result;
}

const GAS = 'Pipeline natural gas (HS 271121), part of ';
const chartData = (result: CommandResult) =>
  (decodeChartUrl(embedOf(result).image!.url).config as { data: { labels: string[]; datasets: { data: (number | null)[] }[] } }).data;

describe('/products country:turkmenistan', async () => {
  const result = await products({ country: 'turkmenistan' });
  const gas = field(result, `${GAS}China's imports from Turkmenistan`);

  it('answers for 2025, the latest period with product figures, and names the others', () => {
    expect(embedOf(result).title).toBe("Products in China's trade with Turkmenistan, 2025");
    expect(embedOf(result).description).toContain('Other periods with product figures: Jan–Jun 2023, 2024');
  });

  it('shows pipeline gas at $8.41 bn with its reported −12.1% on 2024, both marked with Fergana', () => {
    const [value, change] = gas.split('\n');
    expect(value).toBe('$8.41 bn [1]');
    expect(change).toBe('On 2024: −12.1% [1]');
    expect(citedBy(result, value!)).toEqual(['Fergana, 2026']);
  });

  it("says China's imports from Turkmenistan in 2025 are not reported, so there is no share and no remainder", () => {
    expect(gas).toContain("China's imports from Turkmenistan in 2025: not reported, so no share");
    expect(textOf(result)).not.toMatch(/%\s*\(derived\)/);
    expect(textOf(result).match(/\$[\d.,]+ (bn|m)/g)).toEqual(['$8.41 bn']);
    expect(chartData(result).datasets[0]!.data).toEqual([8.41, null]);
  });

  it("fits Discord's limits", () => {
    expect(payloadProblems(result.data)).toEqual([]);
  });
});

describe('/products country:turkmenistan period:Jan-Jun 2023', async () => {
  const result = await products({ country: 'turkmenistan', period: 'Jan-Jun 2023' });
  const gas = field(result, `${GAS}China's imports from Turkmenistan`);

  it("shows gas at $5.058 bn of China's imports of $5.076 bn, the share derived to the digits the two support", () => {
    const share = model.productFigures('turkmenistan', { year: 2023, first: 1, last: 6 })[0]!.share!;
    expect(share.value).toBeCloseTo(5.058 / 5.076, 6);
    expect(gas.split('\n')[0]).toBe('$5.058 bn [1]');
    expect(gas).toMatch(/^Share of China's imports from Turkmenistan \(\$5\.076 bn \[1\]\): about 99\.6\d?% \(derived\) \[1\]$/m);
  });

  it("draws the gas beside all of China's imports, both as reported", () => {
    const data = chartData(result);
    expect(data.labels).toEqual(['Pipeline natural gas', "All of China's imports"]);
    expect(data.datasets[0]!.data).toEqual([5.06, 5.08]);
  });

  it('reads the period in the forms analysts write it', async () => {
    for (const period of ['H1 2023', '2023-H1', 'January–June 2023', '2023-01..06'])
      expect(embedOf(await products({ country: 'turkmenistan', period })).title).toBe(
        "Products in China's trade with Turkmenistan, Jan–Jun 2023",
      );
  });
});

describe('/products for the other partners', () => {
  it('keeps the source’s hedge on Uzbekistan’s 2025 gas: "about $773 m"', async () => {
    const result = await products({ country: 'uzbekistan', period: '2025' });
    const gas = field(result, `${GAS}China's imports from Uzbekistan`);
    expect(gas.split('\n')[0]).toBe('about $773 m [1]');
    expect(gas).toContain("China's imports from Uzbekistan in 2025: not reported, so no share");
  });

  it("gives Kazakhstan's 2025 gas a derived share of China's $19 bn of imports from it", async () => {
    const gas = field(await products({ country: 'kazakhstan' }), `${GAS}China's imports from Kazakhstan`);
    expect(gas).toMatch(/^\$1\.13 bn \[1\]$/m);
    expect(gas).toMatch(/^Share of China's imports from Kazakhstan \(\$19 bn \[\d, \d\]\): about 5\.9% \(derived\) \[1, \d, \d\]$/m);
  });

  it('refuses Georgia privately, naming the partners and periods that have product figures', async () => {
    const outcome = await app.handle('products', { country: 'georgia' }, DM);
    expect(outcome.kind).toBe('user-error');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(outcome.result.data.content).toBe(
      'No product figures for Georgia in the data. Product figures in the data: Kazakhstan (2024, 2025), Uzbekistan (2024, 2025), Turkmenistan (Jan–Jun 2023, 2024, 2025).',
    );
  });

  it('refuses a period without product figures, listing those with them', async () => {
    const outcome = await app.handle('products', { country: 'kazakhstan', period: 'Jan-Oct 2025' }, DM);
    expect(outcome.kind).toBe('user-error');
    expect(outcome.result.data.content).toBe('No figures for products of Kazakhstan in Jan–Oct 2025. Periods with figures: 2024, 2025.');
  });

  it('answers an unknown country with the usual private suggestion', async () => {
    const outcome = await app.handle('products', { country: 'Turkmenstan' }, DM);
    expect(outcome.kind).toBe('user-error');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(outcome.result.data.content).toBe(
      `No figures for “Turkmenstan”. Did you mean Turkmenistan? Covered: ${model.partners.map((p) => p.name).join(', ')}.`,
    );
  });

  it('autocompletes the period with the periods that have product figures for the country named', () => {
    const choices = app.autocomplete('products', { name: 'period', value: '' }, { country: 'turkmenistan' }, DM);
    expect(choices.map((c) => c.name)).toEqual(['2025', '2024', 'Jan–Jun 2023']);
    const any = app.autocomplete('products', { name: 'period', value: '' }, {}, DM);
    expect(any.map((c) => c.name)).toEqual(['2025', '2024', 'Jan–Jun 2023']);
  });

  it("fits Discord's limits for every partner and period with product figures", async () => {
    for (const p of model.partners)
      for (const period of model.periods(p.id).filter((x) => model.productFigures(p.id, x).length > 0)) {
        const result = await products({
          country: p.id,
          period: `${period.year}-${String(period.first).padStart(2, '0')}..${String(period.last).padStart(2, '0')}`,
        });
        expect(payloadProblems(result.data), `${p.name}`).toEqual([]);
      }
  });
});
