import { describe, expect, it } from 'vitest';
import { createAttachService } from '../../src/charts/attach.js';
import type { ChartImage } from '../../src/charts/image.js';
import { createLinkService, loadChartService } from '../../src/charts/service.js';
import { decodeChartUrl } from '../../src/charts/quickchart.js';
import type { ChartSpec } from '../../src/charts/spec.js';
import { decodePng } from './pixels.js';
import { generatedSpec, kazakhstanByYear, productShares } from './fixtures.js';

const urlService = createLinkService({ quickchartUrl: 'https://quickchart.io' });
const attachService = createAttachService({ width: 640, height: 360 });

const garbage: unknown[] = [
  null,
  undefined,
  42,
  'bar',
  {},
  { kind: 'line', title: 't', labels: ['a'], series: [{ label: 's', values: [1] }], source: '' },
  { kind: 'bar', title: 't', labels: [], series: [], source: '' },
  { kind: 'bar', title: 't', labels: ['a', 'b'], series: [], source: '' },
  { kind: 'bar', title: 't', labels: ['a', 'b'], series: [{ label: 's', values: [] }], source: '' },
  { kind: 'bar', title: 't', labels: ['a', 'b'], series: [{ label: 's', values: [Number.NaN, Number.NaN] }], source: '' },
  { kind: 'hbar', title: 't', labels: ['a', 'b'], series: [{ label: 's', values: [Infinity, -Infinity] }], source: '' },
  { kind: 'pie', title: 't', labels: ['a', 'b'], series: [{ label: 's', values: [-5, -1] }], source: '' },
  { kind: 'bar', title: 't', labels: ['a', 'b'], series: [{ label: 's', values: ['12', { n: 1 }] }], source: '' },
  { kind: 'bar', title: null, labels: 'ab', series: 'x', source: 7 },
  { kind: 'bar', title: 't', labels: [null, 3, {}], series: [null, { values: [1, 2, 3] }], source: undefined },
  { kind: 'pie', title: 't', labels: ['a'], series: [{ label: 's', values: [Number.MAX_VALUE] }], source: 's' },
  { kind: 'bar', title: 't', labels: ['a'], series: [{ label: 's', values: [Number.MIN_VALUE] }], source: 's' },
];

function expectValidImage(image: ChartImage): void {
  expect(['url', 'attachment', 'omitted']).toContain(image.kind);
  if (image.kind === 'omitted') expect(image.reason).toMatch(/^Chart left out: .+\.$/);
  if (image.kind === 'url') expect(image.url.length).toBeLessThanOrEqual(2048);
}

describe('ChartService in url mode', () => {
  it('returns a QuickChart link for a chart, at once (no network)', () => {
    const image = urlService.image(kazakhstanByYear);
    expect(image).not.toBeInstanceOf(Promise);
    expect(image.kind).toBe('url');
    if (image.kind === 'url') expect((decodeChartUrl(image.url).config as { type: string }).type).toBe('bar');
  });

  it('uses a self-hosted QuickChart when configured', () => {
    const service = createLinkService({ quickchartUrl: 'http://charts.internal:3400/some/prefix' });
    const image = service.image(productShares);
    expect(image.kind === 'url' && image.url.startsWith('http://charts.internal:3400/some/prefix/chart?c=')).toBe(true);
  });

  it('refuses at start-up a QuickChart URL that is not one, with a message naming it', async () => {
    await expect(loadChartService({ mode: 'url', quickchartUrl: 'quickchart' })).rejects.toThrow(/QuickChart URL/);
  });

  it('never throws on garbage: NaN, Infinity, empty series, wrong types', () => {
    for (const spec of garbage) {
      let image: ChartImage | undefined;
      expect(() => (image = urlService.image(spec as ChartSpec))).not.toThrow();
      expectValidImage(image!);
    }
  });

  it('says in words why a chart with nothing reported is left out', () => {
    const image = urlService.image({ ...kazakhstanByYear, series: [{ label: 'x', values: [null, null] }] });
    expect(image).toEqual({ kind: 'omitted', reason: 'Chart left out: none of these figures is reported.' });
  });
});

describe('ChartService in attach mode', () => {
  it('renders a PNG attachment named chart.png, referenced as attachment://chart.png, with alt text', async () => {
    const image = attachService.image(kazakhstanByYear);
    expect(image.kind).toBe('attachment');
    if (image.kind !== 'attachment') return;
    expect(image.url).toBe('attachment://chart.png');
    expect(image.file.name).toBe('chart.png');
    expect(image.file.description).toBe(
      "Bar chart: China–Kazakhstan trade, 2023–2024 ($ bn). Source: China's General Administration of Customs (GACC)",
    );
    const p = await decodePng(image.file.data);
    expect([p.width, p.height]).toEqual([640, 360]);
    expect(p.distinctColours()).toBeGreaterThan(50);
  });

  it('never throws on garbage either', () => {
    for (const spec of garbage) {
      let image: ChartImage | undefined;
      expect(() => (image = attachService.image(spec as ChartSpec))).not.toThrow();
      expectValidImage(image!);
    }
  });

  it('draws generated specs of every shape without failing', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const image = attachService.image(generatedSpec(seed));
      expectValidImage(image);
    }
  });
});
