import QuickChartModule from 'quickchart-js';
import { describe, expect, it } from 'vitest';
import { chartConfig, compactionSteps } from '../../src/charts/config.js';
import { toLiteral } from '../../src/charts/literal.js';
import { CHART_BACKGROUND } from '../../src/charts/palette.js';
import { parseChartHost, quickchartUrl, type ChartUrlOptions } from '../../src/charts/quickchart.js';
import { allFixtures, generatedSpec } from './fixtures.js';

const QuickChart = ((QuickChartModule as unknown as { default?: unknown }).default ?? QuickChartModule) as typeof QuickChartModule.default;

/**
 * How links were built before they were written out as strings: quickchart-js's URL object,
 * then its `ref` marker deleted and `devicePixelRatio=1` set through URL's query rewriting.
 */
function throughUrlRewriting(config: string, options: ChartUrlOptions): string {
  const chart = new QuickChart()
    .setVersion('4')
    .setScheme(options.host.scheme)
    .setHost(options.host.host)
    .setWidth(options.width)
    .setHeight(options.height)
    .setDevicePixelRatio(1)
    .setBackgroundColor(options.background ?? CHART_BACKGROUND)
    .setConfig(config);
  const url = new URL(chart.getUrl());
  url.searchParams.delete('ref');
  url.searchParams.set('devicePixelRatio', '1');
  return url.href;
}

const HOSTS = [
  'https://quickchart.io',
  'http://charts.internal:3400/some/prefix/',
  'HTTPS://QuickChart.Example:443/qc',
  'http://127.0.0.1:8080',
  'https://bücher.example/ü ber',
].map(parseChartHost);

const SIZES = [
  { width: 800, height: 450 },
  { width: 1, height: 2048 },
];

// Configs as the commands make them, at every compaction step, and text that URL's form encoding
// treats specially: spaces, the characters encodeURIComponent keeps, non-ASCII, a lone surrogate.
const configs = [
  ...Object.values(allFixtures).flatMap((spec) => compactionSteps.map((step) => toLiteral(chartConfig(spec, step)))),
  ...[1, 2, 3, 4, 5].map((seed) => toLiteral(chartConfig(generatedSpec(seed)))),
  "{title:'China–Kazakhstan trade, 2024 (≈ $43.82 bn)'}",
  '{a:"!\'()*~-._ %+&=#?/\\\\"}',
  '{label:"\uD83C\uDDF0\uD83C\uDDFF 🇬🇪 ქართული Қазақстан"}',
  '{broken:"\uD800 alone"}',
  '',
];

describe('chart links written as strings', () => {
  it('are byte for byte the links that quickchart-js and URL query rewriting made', () => {
    let compared = 0;
    for (const host of HOSTS) {
      for (const size of SIZES) {
        for (const background of [undefined, '#ffffff', 'rgb(255, 255, 255)', 'transparent']) {
          const options: ChartUrlOptions = { host, ...size, ...(background !== undefined ? { background } : {}) };
          for (const config of configs) {
            if (config === '') continue; // quickchart-js refuses an empty config
            expect(quickchartUrl(config, options)).toBe(throughUrlRewriting(config, options));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('take a Chart.js config object as its literal, as before', () => {
    const options = { host: HOSTS[0]!, width: 800, height: 450 };
    const config = chartConfig(allFixtures.kazakhstanByYear);
    expect(quickchartUrl(config, options)).toBe(throughUrlRewriting(toLiteral(config), options));
  });
});
