import { describe, expect, it } from 'vitest';
import { chartConfig, compactionSteps, shorten, unitFor, wrap } from '../../src/charts/config.js';
import { toLiteral } from '../../src/charts/literal.js';
import { NEUTRAL_GREY, PALETTE } from '../../src/charts/palette.js';
import { centralAsiaRanked, kazakhstanByYear, kazakhstanWithGap, productShares, southCaucasusSmall } from './fixtures.js';

type Json = Record<string, any>;
const json = (spec: Parameters<typeof chartConfig>[0], step = {}) => chartConfig(spec, step) as unknown as Json;

describe('chartConfig', () => {
  it('draws exports and imports by year as grouped vertical bars in $ bn', () => {
    const c = json(kazakhstanByYear);
    expect(c.type).toBe('bar');
    expect(c.options.indexAxis).toBeUndefined();
    expect(c.data.labels).toEqual(['2023', '2024']);
    expect(c.data.datasets.map((d: Json) => d.data)).toEqual([
      [24.7, 28],
      [16.3, 15.9],
    ]);
    expect(c.data.datasets.map((d: Json) => d.label)).toEqual(["China's exports", "China's imports"]);
    expect(c.options.scales.y.title).toEqual({ display: true, text: '$ bn' });
  });

  it('gives each series its own colour from the colour-blind-safe palette', () => {
    const colours = json(kazakhstanByYear).data.datasets.map((d: Json) => d.backgroundColor);
    expect(colours).toEqual([PALETTE[0], PALETTE[1]]);
  });

  it('keeps a figure that is not reported as null, never 0', () => {
    expect(json(kazakhstanWithGap).data.datasets[1].data).toEqual([16.3, null]);
  });

  it('prints the title on top and the source at the bottom of the chart', () => {
    const { title, subtitle } = json(kazakhstanByYear).options.plugins;
    expect(title).toMatchObject({ display: true, text: 'China–Kazakhstan trade, 2023–2024' });
    expect(subtitle).toMatchObject({ display: true, position: 'bottom', text: "Source: China's General Administration of Customs (GACC)" });
  });

  it('draws horizontal bars in the given order with the value axis along x', () => {
    const c = json(centralAsiaRanked);
    expect(c.options.indexAxis).toBe('y');
    expect(c.data.labels).toEqual(centralAsiaRanked.labels);
    expect(c.options.scales.x.title.text).toBe('$ bn');
  });

  it('keeps a $61 m figure as 0.061 bn and gives every bar a minimum length so it stays visible', () => {
    const c = json(centralAsiaRanked);
    expect(c.data.datasets[0].data.at(-1)).toBe(0.061);
    expect(c.options.datasets.bar.minBarLength).toBeGreaterThanOrEqual(2);
  });

  it('switches to $ m when every figure is under $1 bn', () => {
    expect(unitFor(southCaucasusSmall).label).toBe('$ m');
    const c = json(southCaucasusSmall);
    expect(c.options.scales.x.title.text).toBe('$ m');
    expect(c.data.datasets[0].data).toEqual([610, 380, 61]);
  });

  it('draws a percent spec (growth) as given on a "%" axis, negatives included', () => {
    const c = json({ ...centralAsiaRanked, unit: 'percent', series: [{ label: 'growth', values: [12.34, -3.5, null, 0.4, 150] }] });
    expect(c.options.scales.x.title.text).toBe('%');
    expect(c.data.datasets[0].data).toEqual([12.3, -3.5, null, 0.4, 150]);
  });

  it('draws shares as a doughnut with each slice labelled with its share, a residual slice in grey', () => {
    const c = json(productShares);
    expect(c.type).toBe('doughnut');
    expect(c.data.labels).toEqual(['Machinery 25%', 'Textiles 20%', 'Vehicles 10%', 'not itemised 45%']);
    const colours = c.data.datasets[0].backgroundColor;
    expect(colours.at(-1)).toBe(NEUTRAL_GREY);
    expect(colours.slice(0, 3)).toEqual([PALETTE[0], PALETTE[1], PALETTE[2]]);
  });

  it('labels a slice that is not reported instead of drawing it', () => {
    const c = json({ ...productShares, series: [{ label: '2024', values: [5e9, null, 2e9, 9e9] }] });
    expect(c.data.labels[1]).toBe('Textiles (not reported)');
    expect(c.data.datasets[0].data[1]).toBeNull();
  });

  it('contains only data: no functions, and it survives a trip through JSON unchanged', () => {
    for (const spec of [kazakhstanByYear, centralAsiaRanked, productShares]) {
      const c = chartConfig(spec);
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
      expect(toLiteral(c)).not.toMatch(/function|=>/);
    }
  });

  it('gets smaller at every compaction step', () => {
    const long = { ...centralAsiaRanked, labels: centralAsiaRanked.labels.map((l) => `${l} (Republic of ${l}, partner economy)`) };
    const sizes = compactionSteps.map((step) => toLiteral(chartConfig(long, step)).length);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThan(sizes[i - 1]!);
  });

  it('refuses a spec with nothing to draw, saying so', () => {
    expect(() => chartConfig({ ...kazakhstanByYear, series: [] })).toThrow(/Chart left out/);
  });
});

describe('text helpers', () => {
  it('shortens long labels with a final dot', () => {
    expect(shorten('Turkmenistan', 6)).toBe('Turkm.');
    expect(shorten('Kazakhstan', 20)).toBe('Kazakhstan');
  });

  it('wraps a long title into lines at spaces', () => {
    expect(wrap('short', 70)).toBe('short');
    const lines = wrap('a '.repeat(60).trim(), 20);
    expect(Array.isArray(lines) && lines.every((l) => l.length <= 20)).toBe(true);
  });
});
