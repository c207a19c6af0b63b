/**
 * The line chart of /history and the bar chart of /products, built from the real data and read
 * back out of the chart link as QuickChart would read it: every point is the model's number for
 * its year, another reporter's figures are a dashed line of their own, and a year without a figure
 * is a break in the line, never a 0.
 */
import { describe, expect, it } from 'vitest';
import { chartConfig, LINE_DASH } from '../../src/charts/config.js';
import { historyChart, historyYears, productsChart } from '../../src/charts/historyCharts.js';
import { tint } from '../../src/charts/marks.js';
import { PALETTE } from '../../src/charts/palette.js';
import { decodeChartUrl } from '../../src/charts/quickchart.js';
import { renderChartPng } from '../../src/charts/render.js';
import { createLinkService } from '../../src/charts/service.js';
import type { ChartSpec } from '../../src/charts/spec.js';
import { fullYear, type Period } from '../../src/model/period.js';
import type { Flow, Partner } from '../../src/model/schema.js';
import { model } from '../helpers/app.js';
import { decodePng } from './pixels.js';

type Json = Record<string, any>;

const urls = createLinkService({ quickchartUrl: 'https://quickchart.io' });
const partner = (id: string): Partner => model.partners.find((p) => p.id === id)!;

/** The config a chart link carries, decoded from the link itself. */
function decoded(spec: ChartSpec): Json {
  const image = urls.image(spec);
  if (image.kind !== 'url') throw new Error(`no chart link: ${image.kind === 'omitted' ? image.reason : image.kind}`);
  expect(image.url.length).toBeLessThanOrEqual(2048);
  return decodeChartUrl(image.url).config as Json;
}

const dataset = (config: Json, label: string): Json => {
  const found = config.data.datasets.find((d: Json) => d.label === label || d.label.startsWith(`${label} (`));
  if (!found) throw new Error(`no dataset ${label} in ${config.data.datasets.map((d: Json) => d.label).join(' | ')}`);
  return found;
};

/** China's figure for a flow and year, in $ bn to three significant digits as the chart draws it; null where there is none. */
const chinaBn = (id: string, year: number, flow: Flow) => {
  const v = model.partnerYear(id, year)?.flows[flow].value;
  return v ? Number((v.usd / 1e9).toPrecision(3)) : null;
};
const ownBn = (id: string, year: number, flow: Flow) => {
  const v = model.partnerYear(id, year)?.mirror.find((m) => m.flow === flow && m.reporter === 'partner')?.theirs;
  return v ? Number((v.usd / 1e9).toPrecision(3)) : null;
};

describe('the /history line chart', () => {
  const kazakhstan = decoded(historyChart(model, partner('kazakhstan')));

  it('is a line chart over every full year Kazakhstan has, 2022 to 2025', () => {
    expect(kazakhstan.type).toBe('line');
    expect(kazakhstan.data.labels.map((l: string | string[]) => (Array.isArray(l) ? l[0] : l))).toEqual(['2022', '2023', '2024', '2025']);
  });

  it("carries the model's figure for China's exports and imports in each year, and null (a break, not 0) where there is none", () => {
    for (const flow of ['china-exports', 'china-imports'] as const) {
      const label = flow === 'china-exports' ? "China's exports" : "China's imports";
      expect(dataset(kazakhstan, label).data).toEqual([2022, 2023, 2024, 2025].map((y) => chinaBn('kazakhstan', y, flow)));
    }
    expect(dataset(kazakhstan, "China's exports").data).toEqual([null, 24.7, 28, 29.7]);
    expect(kazakhstan.options.datasets.line.spanGaps).toBe(false);
  });

  it("draws Kazakhstan's own statistics as dashed lines, in the colour of China's figure for the same goods", () => {
    const own = dataset(kazakhstan, "Kazakhstan's own statistics: imports from China");
    expect(own.borderDash).toEqual([...LINE_DASH]);
    expect(own.data).toEqual([ownBn('kazakhstan', 2022, 'china-exports'), null, null, null]);
    expect(own.data[0]).toBe(11);
    expect(own.borderColor).toBe(dataset(kazakhstan, "China's exports").borderColor);
    // A lone year of the partner's statistics has no line to dash: its point is a triangle, China's are circles.
    expect(own.pointStyle).toBe('triangle');
    expect(dataset(kazakhstan, "China's exports").pointStyle).toBeUndefined();
    expect(dataset(kazakhstan, "Kazakhstan's own statistics: exports to China").data).toEqual([13.2, null, null, null]);
    expect(dataset(kazakhstan, "China's exports").borderDash).toBeUndefined();
    expect(dataset(kazakhstan, "China's imports").borderDash).toBeUndefined();
  });

  it('says under the 2022 label that China reports no split that year, and names the sources of exactly what is drawn', () => {
    expect(kazakhstan.data.labels[0]).toEqual(['2022', 'not reported']);
    const caption = [kazakhstan.options.plugins.subtitle.text].flat().join(' ');
    expect(caption).toMatch(/^Sources: /);
    expect(caption).toContain('Trend');
    expect(caption).toContain('A break in a line: not reported');
    expect(caption).toContain('Dashed, triangles: the partner’s own statistics');
  });

  it('marks a year whose value only the bot derived: a pale point and "derived" in the legend (Uzbekistan 2023 exports)', () => {
    const c = decoded(historyChart(model, partner('uzbekistan')));
    const exports = dataset(c, "China's exports");
    const at = c.data.labels.findIndex((l: string | string[]) => [l].flat()[0] === '2023');
    expect(model.partnerYear('uzbekistan', 2023)!.flows['china-exports'].value!.provenance).toBe('derived');
    expect(exports.label).toBe("China's exports (pale points: derived)");
    expect(exports.pointBackgroundColor[at]).toBe(tint(PALETTE[0]));
    expect(exports.data[at]).toBe(chinaBn('uzbekistan', 2023, 'china-exports'));
  });

  it("draws China's total and the partner's own total where a flow is asked for (flow:total)", () => {
    const c = decoded(historyChart(model, partner('uzbekistan'), 'total'));
    expect(dataset(c, "China's total trade").data).toEqual(historyYears(model, 'uzbekistan').map((y) => chinaBn('uzbekistan', y, 'total')));
    const own = dataset(c, "Uzbekistan's own statistics: total trade");
    expect(own.borderDash).toEqual([...LINE_DASH]);
    expect(own.data).toEqual([13.7, null, 17.2]);
  });

  it('renders to a non-blank PNG with its lines on it', async () => {
    const p = await decodePng(renderChartPng(historyChart(model, partner('kazakhstan'))));
    expect([p.width, p.height]).toEqual([800, 450]);
    expect(p.distinctColours()).toBeGreaterThan(50);
  });

  it('fits a chart link for every partner, each drawn in $ bn or $ m', () => {
    for (const p of model.partners) {
      const spec = historyChart(model, p);
      if (!spec.series.some((s) => s.values.some((v) => v !== null && (typeof v === 'number' || v.value !== null)))) continue;
      const config = chartConfig(spec) as unknown as Json;
      expect(config.type, p.name).toBe('line');
      expect(
        decoded(spec).data.datasets.map((d: Json) => d.data),
        p.name,
      ).toEqual(config.data.datasets.map((d: Json) => d.data));
    }
  });
});

describe('the /products chart', () => {
  const H1_2023: Period = { year: 2023, first: 1, last: 6 };

  it("draws Turkmenistan's pipeline gas beside all of China's imports from it in Jan–Jun 2023, both as reported", () => {
    const views = model.productFigures('turkmenistan', H1_2023);
    const c = decoded(productsChart(model, partner('turkmenistan'), H1_2023, views));
    expect(c.data.labels).toEqual(['Pipeline natural gas', "All of China's imports"]);
    expect(c.data.datasets[0].data).toEqual([5.06, 5.08]);
  });

  it("draws the gas alone in 2025, China's imports a labelled gap rather than an invented remainder", () => {
    const views = model.productFigures('turkmenistan', fullYear(2025));
    const c = decoded(productsChart(model, partner('turkmenistan'), fullYear(2025), views));
    expect(c.data.datasets[0].data).toEqual([8.41, null]);
    expect(c.data.labels[1]).toBe("All of China's imports (not reported)");
    expect(c.options.plugins.subtitle.text).toBe('Source: Fergana');
  });
});
