/** The charts module: specs in, Chart.js configs, QuickChart links or PNGs out. */
export type { ChartSeries, ChartSpec } from './spec.js';
import { createAttachService } from './attach.js';
import { createLinkService, type ChartService, type ChartServiceOptions } from './service.js';

export { createLinkService, loadChartService, chartDescription, CHART_FILE_NAME } from './service.js';
export { createAttachService } from './attach.js';

/** Either service at once, for tests and scripts that load everything anyway; the bot uses loadChartService. */
export function createChartService(options: ChartServiceOptions): ChartService {
  return options.mode === 'attach' ? createAttachService(options) : createLinkService(options);
}
export type { ChartImage, ChartService, ChartServiceOptions } from './service.js';
export { chartConfig, compactionSteps, unitFor, shorten, wrap } from './config.js';
export type { ChartConfig, ConfigOptions } from './config.js';
export { chartLink } from './fit.js';
export type { ChartLink } from './fit.js';
export { EMBED_IMAGE_URL_MAX, fitsEmbedImageUrl } from './limits.js';
export { quickchartUrl, decodeChartUrl, parseChartHost, DEFAULT_QUICKCHART_URL } from './quickchart.js';
export type { ChartHost, ChartUrlOptions, DecodedChartUrl } from './quickchart.js';
export { renderChartPng, DEFAULT_CHART_WIDTH, DEFAULT_CHART_HEIGHT } from './render.js';
export type { RenderOptions } from './render.js';
export { normalizeSpec } from './normalize.js';
export { PALETTE, NEUTRAL_GREY, CHART_BACKGROUND, isResidualLabel } from './palette.js';
export { chooseUnit, roundSignificant, BILLIONS, MILLIONS } from './numbers.js';
export type { ChartUnit } from './numbers.js';
