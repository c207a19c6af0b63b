import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/format/limits.js';
import { chartLink } from '../../src/charts/fit.js';
import { EMBED_IMAGE_URL_MAX, fitsEmbedImageUrl } from '../../src/charts/limits.js';
import { decodeChartUrl, parseChartHost, quickchartUrl } from '../../src/charts/quickchart.js';
import {
  allFixtures,
  centralAsiaGrouped,
  centralAsiaLabels,
  centralAsiaRanked,
  generatedSpec,
  kazakhstanByYear,
  kazakhstanWithGap,
  productShares,
} from './fixtures.js';
import type { ChartSpec } from '../../src/charts/spec.js';
import { numberOf } from '../../src/charts/normalize.js';

const quickchart = parseChartHost('https://quickchart.io');
const size = { width: 800, height: 450 };
const link = (spec: ChartSpec, host = quickchart) => chartLink(spec, { host, ...size });

function urlOf(spec: ChartSpec, host = quickchart): string {
  const l = link(spec, host);
  if (l.kind !== 'url') throw new Error(`expected a link, got: ${l.reason}`);
  return l.url;
}

type Json = Record<string, any>;

describe('QuickChart links', () => {
  it('uses the embed image URL limit from src/format (2048)', () => {
    expect(EMBED_IMAGE_URL_MAX).toBe(2048);
    expect(EMBED_IMAGE_URL_MAX).toBe(LIMITS.imageUrl);
    expect(fitsEmbedImageUrl('x'.repeat(2048))).toBe(true);
    expect(fitsEmbedImageUrl('x'.repeat(2049))).toBe(false);
  });

  it('asks for Chart.js 4, an explicit size, a white background and pixel ratio 1', () => {
    const d = decodeChartUrl(urlOf(kazakhstanByYear));
    expect(d).toMatchObject({ version: '4', width: 800, height: 450, devicePixelRatio: 1, background: '#ffffff', format: 'png' });
  });

  it('carries exactly the spec’s figures, in $ bn, and nulls as nulls', () => {
    for (const spec of [kazakhstanByYear, kazakhstanWithGap, centralAsiaGrouped, centralAsiaRanked, productShares]) {
      const config = decodeChartUrl(urlOf(spec)).config as Json;
      const datasets = config.data.datasets as Json[];
      expect(datasets).toHaveLength(spec.series.length);
      spec.series.forEach((s, i) => {
        const got = datasets[i]!.data as (number | null)[];
        expect(got).toHaveLength(s.values.length);
        s.values.map(numberOf).forEach((v, j) => {
          if (v === null) expect(got[j]).toBeNull();
          else expect(Math.abs(got[j]! * 1e9 - v) / v).toBeLessThan(0.005);
        });
      });
    }
  });

  it('keeps the labels, title and source of a typical chart unshortened', () => {
    const config = decodeChartUrl(urlOf(centralAsiaGrouped)).config as Json;
    expect(config.data.labels).toEqual(centralAsiaLabels);
    expect(config.options.plugins.title.text).toBe(centralAsiaGrouped.title);
    expect(config.options.plugins.subtitle.text).toBe('Source: GACC');
  });

  it('uses https://quickchart.io by default', () => {
    expect(urlOf(kazakhstanByYear).startsWith('https://quickchart.io/chart?c=')).toBe(true);
  });

  it('honours a self-hosted QuickChart: scheme, host, port and path prefix', () => {
    const host = parseChartHost('http://charts.internal:3400/some/prefix/');
    const url = urlOf(kazakhstanByYear, host);
    expect(url.startsWith('http://charts.internal:3400/some/prefix/chart?')).toBe(true);
    const d = decodeChartUrl(url);
    expect(d.base).toBe('http://charts.internal:3400/some/prefix');
    expect((d.config as Json).data.datasets[0].data).toEqual([24.7, 28]);
  });

  it('leaves credentials, query and fragment of the base URL out of public links', () => {
    const host = parseChartHost('https://user:secret@charts.example.org:8443/qc?key=1#x');
    expect(host).toEqual({ scheme: 'https', host: 'charts.example.org:8443/qc' });
  });

  it('refuses a base URL that is not http(s), with a message naming it', () => {
    expect(() => parseChartHost('charts.internal')).toThrow(/not a URL/);
    expect(() => parseChartHost('ftp://charts.internal')).toThrow(/http or https/);
  });

  it('sets devicePixelRatio=1 itself, since quickchart-js leaves out a ratio of 1 and the service defaults to 2', () => {
    const url = quickchartUrl('{type:"bar"}', { host: quickchart, ...size });
    expect(new URL(url).searchParams.get('devicePixelRatio')).toBe('1');
    expect(new URL(url).searchParams.get('ref')).toBeNull();
  });

  it('keeps typical charts well under the limit (measured lengths in the report)', () => {
    const lengths = Object.fromEntries(Object.entries(allFixtures).map(([name, spec]) => [name, urlOf(spec).length]));
    for (const n of Object.values(lengths)) expect(n).toBeLessThan(1200);
  });

  it('shortens labels and rounding to fit a long chart into a link', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `Partner economy number ${i + 1} of the region`);
    const spec: ChartSpec = {
      ...centralAsiaRanked,
      labels,
      series: [{ label: 'Total trade', values: labels.map((_, i) => (i + 1) * 1.234e9) }],
    };
    const url = urlOf(spec);
    expect(url.length).toBeLessThanOrEqual(2048);
    const config = decodeChartUrl(url).config as Json;
    expect(config.data.labels).toHaveLength(30);
    expect((config.data.labels as string[]).every((l) => l.length <= 18)).toBe(true);
    expect(config.options.plugins.subtitle.text).toMatch(/^Source: GACC/);
  });

  it("leaves out a chart of 200 long-named partners, saying why, rather than break Discord's 2048-character limit", () => {
    const labels = Array.from({ length: 200 }, (_, i) => `A partner with a very long official name, number ${i + 1}`);
    const spec: ChartSpec = { ...centralAsiaRanked, labels, series: [{ label: 'Total trade', values: labels.map((_, i) => i * 1e8) }] };
    const l = link(spec);
    if (l.kind === 'url') expect(l.url.length).toBeLessThanOrEqual(2048);
    else expect(l.reason).toBe('Chart left out: too many data points for a chart link (200 figures).');
  });

  it("keeps every chart link within Discord's 2048-character limit, over 400 generated specs", () => {
    const hosts = [
      quickchart,
      parseChartHost('http://charts.internal:3400/some/prefix'),
      parseChartHost('https://q.example.org/' + 'p'.repeat(300)),
    ];
    let links = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const spec = generatedSpec(seed);
      const l = link(spec, hosts[seed % hosts.length]);
      if (l.kind === 'url') {
        links++;
        expect(l.url.length, `seed ${seed}`).toBeLessThanOrEqual(2048);
        const config = decodeChartUrl(l.url).config as Json;
        expect(config.data.labels, `seed ${seed}`).toHaveLength(spec.labels.length);
      } else {
        expect(l.reason, `seed ${seed}`).toMatch(/^Chart left out: /);
      }
    }
    expect(links).toBeGreaterThan(100);
  });
});
