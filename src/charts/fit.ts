import { chartConfig, compactionSteps } from './config.js';
import { fitsEmbedImageUrl } from './limits.js';
import { normalizeSpec } from './normalize.js';
import { quickchartUrl, type ChartUrlOptions } from './quickchart.js';
import type { ChartSpec } from './spec.js';

export type ChartLink = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'omitted'; readonly reason: string };

/**
 * The chart link for a spec, at most Discord's embed image URL length: the full chart if it
 * fits, otherwise the first smaller version that does (plain styling, fewer digits, shorter
 * labels), otherwise `omitted` with a reason a user can read. Pure.
 */
export function chartLink(spec: ChartSpec, options: ChartUrlOptions): ChartLink {
  const normalized = normalizeSpec(spec);
  if (!normalized.ok) return { kind: 'omitted', reason: normalized.reason };
  for (const step of compactionSteps) {
    const url = quickchartUrl(chartConfig(normalized.spec, step), options);
    if (fitsEmbedImageUrl(url)) return { kind: 'url', url };
  }
  const { labels, series } = normalized.spec;
  const points = series.length > 1 ? `${labels.length} × ${series.length} figures` : `${labels.length} figures`;
  return { kind: 'omitted', reason: `Chart left out: too many data points for a chart link (${points}).` };
}
