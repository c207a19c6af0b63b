import type { ReplyFile } from '../core/reply.js';
import { normalizeSpec } from './normalize.js';
import { renderChartPng } from './render.js';
import { CHART_FILE_NAME, chartDescription, failure, type ChartService, type ChartServiceOptions } from './image.js';
import { DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from './size.js';

/** Charts rendered here to PNG and uploaded with the reply as attachment://chart.png; `image` never throws. */
export function createAttachService(options: Omit<ChartServiceOptions, 'mode'>): ChartService {
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const height = options.height ?? DEFAULT_CHART_HEIGHT;
  return {
    image(spec) {
      try {
        const normalized = normalizeSpec(spec);
        if (!normalized.ok) return { kind: 'omitted', reason: normalized.reason };
        const data = renderChartPng(normalized.spec, { width, height });
        const file: ReplyFile = { name: CHART_FILE_NAME, data, description: chartDescription(normalized.spec) };
        return { kind: 'attachment', url: `attachment://${CHART_FILE_NAME}`, file };
      } catch (error) {
        return failure(error);
      }
    },
  };
}
