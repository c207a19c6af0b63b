import { describe, expect, it } from 'vitest';
import { chartConfig } from '../../src/charts/config.js';
import { NEUTRAL_GREY, PALETTE } from '../../src/charts/palette.js';
import { renderChartPng } from '../../src/charts/render.js';
import { decodePng } from './pixels.js';
import {
  centralAsiaGrouped,
  centralAsiaRanked,
  kazakhstanByYear,
  kazakhstanWithGap,
  productShares,
  southCaucasusSmall,
} from './fixtures.js';

const [BLUE, ORANGE, GREEN] = [PALETTE[0], PALETTE[1], PALETTE[2]];

describe('renderChartPng', () => {
  it('draws exports and imports by year as a PNG of the asked size, on an opaque white background', async () => {
    const png = renderChartPng(kazakhstanByYear, { width: 800, height: 450 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const p = await decodePng(png);
    expect([p.width, p.height]).toEqual([800, 450]);
    for (const [x, y] of [
      [0, 0],
      [799, 0],
      [0, 449],
      [799, 449],
    ] as const)
      expect(p.at(x, y)).toEqual([255, 255, 255, 255]);
    expect(p.distinctColours()).toBeGreaterThan(50);
    expect(p.count(BLUE)).toBeGreaterThan(5000);
    expect(p.count(ORANGE)).toBeGreaterThan(5000);
  });

  it('draws the title, axis and source text (a font is available)', async () => {
    const p = await decodePng(renderChartPng(kazakhstanByYear));
    expect(p.textPixels({ x: 200, y: 0, w: 400, h: 35 })).toBeGreaterThan(100); // title
    expect(p.textPixels({ x: 200, y: 430, w: 400, h: 20 })).toBeGreaterThan(50); // source line
    expect(p.textPixels({ x: 0, y: 60, w: 45, h: 360 })).toBeGreaterThan(50); // value axis
  });

  it('leaves a gap where a figure is not reported, drawing no bar at all there', async () => {
    const p = await decodePng(renderChartPng(kazakhstanWithGap));
    const left = { x: 0, y: 0, w: 400, h: 450 };
    const right = { x: 400, y: 0, w: 400, h: 450 };
    expect(p.count(ORANGE, left)).toBeGreaterThan(5000);
    // Below the legend (whose orange swatch is in the right half), no orange: not even a minimum-length bar.
    expect(p.count(ORANGE, { ...right, y: 80, h: 340 })).toBe(0);
    expect(p.count(BLUE, right)).toBeGreaterThan(5000);
  });

  it('draws five partners grouped, two colours', async () => {
    const p = await decodePng(renderChartPng(centralAsiaGrouped));
    expect(p.count(BLUE)).toBeGreaterThan(3000);
    expect(p.count(ORANGE)).toBeGreaterThan(1000);
  });

  it('draws horizontal bars in the given order, longest first, and the $61 m bar still shows', async () => {
    const p = await decodePng(renderChartPng(centralAsiaRanked));
    // Walk down the first column right of the axis that has blue in it: each bar is one run of blue.
    const blue = (x: number, y: number) => p.near(x, y, BLUE, 40);
    let axisX = -1;
    for (let x = 0; x < 300 && axisX < 0; x++)
      for (let y = 80; y < 400; y++)
        if (blue(x, y)) {
          axisX = x;
          break;
        }
    expect(axisX).toBeGreaterThan(0);
    const runs: { y: number; length: number }[] = [];
    for (let y = 70; y < 420; y++) {
      if (blue(axisX, y) && !blue(axisX, y - 1)) {
        let length = 0;
        while (blue(axisX + length, y + 3)) length++;
        runs.push({ y, length });
      }
    }
    expect(runs).toHaveLength(5);
    const lengths = runs.map((r) => r.length);
    expect([...lengths].sort((a, b) => b - a)).toEqual(lengths);
    expect(lengths.at(-1)).toBeGreaterThanOrEqual(2);
  });

  it('draws the shares as a doughnut, the "not itemised" slice in grey', async () => {
    const p = await decodePng(renderChartPng(productShares));
    expect(p.at(0, 0)).toEqual([255, 255, 255, 255]);
    for (const colour of [BLUE, ORANGE, GREEN]) expect(p.count(colour)).toBeGreaterThan(2000);
    expect(p.count(NEUTRAL_GREY)).toBeGreaterThan(p.count(BLUE)); // 45 % against 25 %
  });

  it('draws small figures in $ m', async () => {
    const p = await decodePng(renderChartPng(southCaucasusSmall));
    expect(p.count(BLUE)).toBeGreaterThan(3000);
  });

  it('renders a ready Chart.js config at another size', async () => {
    const p = await decodePng(renderChartPng(chartConfig(kazakhstanByYear), { width: 400, height: 300 }));
    expect([p.width, p.height]).toEqual([400, 300]);
    expect(p.count(BLUE)).toBeGreaterThan(1000);
  });

  it('does not change the config it is given', () => {
    const config = chartConfig(kazakhstanByYear);
    const before = JSON.stringify(config);
    renderChartPng(config);
    expect(JSON.stringify(config)).toBe(before);
  });
});
