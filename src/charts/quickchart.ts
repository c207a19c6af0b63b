import type { ChartConfig } from './config.js';
import { parseLiteral, toLiteral } from './literal.js';
import { CHART_BACKGROUND } from './palette.js';

/** Where QuickChart runs: scheme, and host with any port and path prefix ("charts.internal:3400/qc"). */
export interface ChartHost {
  readonly scheme: 'http' | 'https';
  readonly host: string;
}

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

// application/x-www-form-urlencoded, as URLSearchParams writes a query: encodeURIComponent
// keeps !'()~ (the form encoding escapes them) and writes a space as %20 (the form writes +).
const FORM_DIFFERENT = /[!'()~]|%20/g;
const FORM_ESCAPES: Readonly<Record<string, string>> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '~': '%7E', '%20': '+' };
// A lone surrogate, which URLSearchParams writes as U+FFFD and encodeURIComponent refuses.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function formEncode(value: string): string {
  const encoded = encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  return encoded.replace(FORM_DIFFERENT, (c) => FORM_ESCAPES[c]!);
}

// `${scheme}://${host}/chart` as a URL would write it (host case, default port, path escapes):
// parsed once per host, not once per link.
const chartBases = new Map<string, string>();
function chartBase(host: ChartHost): string {
  const raw = `${host.scheme}://${host.host}/chart`;
  let base = chartBases.get(raw);
  if (base === undefined) chartBases.set(raw, (base = new URL(raw).href));
  return base;
}

/**
 * The QuickChart link for a config (Chart.js 4, explicit size, background and pixel ratio 1; the
 * service defaults to transparent and 2), written out as a string with the parameters in the
 * order quickchart-js gave them, without its `ref=qc-js` marker. A host of "name:port/prefix"
 * carries a port and a path prefix. Built by hand: quickchart-js's URL object and the query
 * rewriting after it cost 50-90 µs per uncached /compare (tests/charts/urlString.test.ts shows
 * the links are byte for byte the same).
 */
export function quickchartUrl(config: ChartConfig | string, options: ChartUrlOptions): string {
  const chart = typeof config === 'string' ? config : toLiteral(config);
  if (chart === '') throw new Error('You must call setConfig before getUrl');
  const background = options.background ?? CHART_BACKGROUND;
  return (
    `${chartBase(options.host)}?c=${formEncode(chart)}&w=${formEncode(String(options.width))}&h=${formEncode(String(options.height))}` +
    `${background ? `&bkg=${formEncode(background)}` : ''}&f=png&v=4&devicePixelRatio=1`
  );
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
