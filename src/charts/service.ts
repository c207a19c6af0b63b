import { LRUCache } from 'lru-cache';
import { chartLink } from './fit.js';
import { parseChartHost, DEFAULT_QUICKCHART_URL } from './quickchart.js';
import { failure, type ChartImage, type ChartService, type ChartServiceOptions } from './image.js';
import { DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from './size.js';

/** Links kept per spec: the same few charts are asked for again and again, and building one is a good part of a reply's cost. */
const LINK_CACHE_SIZE = 500;

/**
 * Charts as QuickChart links within Discord's 2048-character limit (or omitted, saying why).
 * Loads nothing for drawing, so a bot in url mode does not carry chart.js and a canvas in
 * memory. Throws at creation only, for a quickchartUrl that is not an http(s) URL.
 */
export function createLinkService(options: Omit<ChartServiceOptions, 'mode'>): ChartService {
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const height = options.height ?? DEFAULT_CHART_HEIGHT;
  const host = parseChartHost(options.quickchartUrl ?? DEFAULT_QUICKCHART_URL);
  const cache = new LRUCache<string, ChartImage>({ max: LINK_CACHE_SIZE });
  return {
    image(spec) {
      try {
        const key = JSON.stringify(spec);
        const hit = cache.get(key);
        if (hit) return hit;
        const made = chartLink(spec, { host, width, height });
        cache.set(key, made);
        return made;
      } catch (error) {
        return failure(error);
      }
    },
  };
}

/** The service for a mode; attach mode loads the renderer (chart.js, @napi-rs/canvas) only when chosen. */
export async function loadChartService(options: ChartServiceOptions): Promise<ChartService> {
  if (options.mode === 'url') return createLinkService(options);
  const { createAttachService } = await import('./attach.js');
  return createAttachService(options);
}
