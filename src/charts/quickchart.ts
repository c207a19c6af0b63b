import QuickChartModule from 'quickchart-js';
import type { ChartConfig } from './config.js';
import { parseLiteral, toLiteral } from './literal.js';
import { CHART_BACKGROUND } from './palette.js';

/** Where QuickChart runs: scheme, and host with any port and path prefix ("charts.internal:3400/qc"). */
export interface ChartHost {
  readonly scheme: 'http' | 'https';
  readonly host: string;
}

// quickchart-js's types describe its CommonJS build, so under NodeNext the default import is typed
// as the module object; its ESM build (what Node loads) exports the class itself. Accept either.
const QuickChart = ((QuickChartModule as unknown as { default?: unknown }).default ?? QuickChartModule) as typeof QuickChartModule.default;

export const DEFAULT_QUICKCHART_URL = 'https://quickchart.io';

/**
 * Reads a QuickChart base URL such as `https://quickchart.io` or
 * `http://charts.internal:3400/some/prefix`. Throws on anything that is not an http(s) URL
 * (a configuration mistake, best found at start-up). Query, fragment and credentials are not
 * carried into chart links, which Discord shows to everyone.
 */
export function parseChartHost(base: string): ChartHost {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new Error(`QuickChart URL is not a URL: ${JSON.stringify(base)} (expected e.g. ${DEFAULT_QUICKCHART_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`QuickChart URL must be http or https, not ${url.protocol} (${JSON.stringify(base)})`);
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  return { scheme: url.protocol === 'http:' ? 'http' : 'https', host: `${url.host}${prefix}` };
}

export interface ChartUrlOptions {
  readonly host: ChartHost;
  readonly width: number;
  readonly height: number;
  readonly background?: string;
}

/**
 * The QuickChart link for a config, built by quickchart-js (Chart.js 4, explicit size,
 * background and pixel ratio). quickchart-js has no port or path setting, but it joins
 * `${scheme}://${host}/chart`, so a host of "name:port/prefix" carries both. It leaves out
 * `devicePixelRatio` when it is 1 (its own default), while the service's default is 2: we set
 * it explicitly. Its `ref=qc-js` marker is dropped to save space.
 */
export function quickchartUrl(config: ChartConfig | string, options: ChartUrlOptions): string {
  const chart = new QuickChart()
    .setVersion('4')
    .setScheme(options.host.scheme)
    .setHost(options.host.host)
    .setWidth(options.width)
    .setHeight(options.height)
    .setDevicePixelRatio(1)
    .setBackgroundColor(options.background ?? CHART_BACKGROUND)
    .setConfig(typeof config === 'string' ? config : toLiteral(config));
  const url = new URL(chart.getUrl());
  url.searchParams.delete('ref');
  url.searchParams.set('devicePixelRatio', '1');
  return url.href;
}

export interface DecodedChartUrl {
  /** Everything before `/chart`: scheme, host, port and path prefix. */
  readonly base: string;
  readonly config: unknown;
  readonly width: number | null;
  readonly height: number | null;
  readonly devicePixelRatio: number | null;
  readonly background: string | null;
  readonly version: string | null;
  readonly format: string | null;
}

/** Reads a chart link back into its Chart.js config and size parameters (tests, debugging). Throws on a link that is not one. */
export function decodeChartUrl(link: string): DecodedChartUrl {
  const url = new URL(link);
  if (!url.pathname.endsWith('/chart')) throw new Error(`not a QuickChart link (path ${url.pathname})`);
  const c = url.searchParams.get('c');
  if (c === null) throw new Error('not a QuickChart link (no c parameter)');
  const num = (name: string) => {
    const v = url.searchParams.get(name);
    return v === null ? null : Number(v);
  };
  return {
    base: `${url.protocol}//${url.host}${url.pathname.slice(0, -'/chart'.length)}`,
    config: parseLiteral(c),
    width: num('w'),
    height: num('h'),
    devicePixelRatio: num('devicePixelRatio'),
    background: url.searchParams.get('bkg'),
    version: url.searchParams.get('v'),
    format: url.searchParams.get('f'),
  };
}
