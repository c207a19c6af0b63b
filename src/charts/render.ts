import { createCanvas } from '@napi-rs/canvas';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  SubTitle,
  Title,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { chartConfig, type ChartConfig } from './config.js';
import { ensureFonts, RENDER_FONT_FAMILY } from './fonts.js';
import { CHART_BACKGROUND } from './palette.js';
import { DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH } from './size.js';
import type { ChartSpec } from './spec.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  PieController,
  LineController,
  LineElement,
  PointElement,
  ArcElement,
  Title,
  SubTitle,
  Legend,
);

export { DEFAULT_CHART_HEIGHT, DEFAULT_CHART_WIDTH };

export interface RenderOptions {
  readonly width?: number;
  readonly height?: number;
  readonly background?: string;
}

/** The part of a 2D canvas context the background plugin uses. */
interface BackgroundContext {
  save(): void;
  restore(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  globalCompositeOperation: string;
  fillStyle: string;
}

/** A canvas is transparent; QuickChart's `bkg` parameter has no Chart.js equivalent, so this plugin paints it. */
function backgroundPlugin(colour: string): Plugin {
  return {
    id: 'chartBackground',
    beforeDraw(chart) {
      // The project builds without the DOM lib, so chart.js's CanvasRenderingContext2D type does not
      // resolve here; the canvas is @napi-rs/canvas's, and these four calls are all the plugin makes.
      const ctx = chart.ctx as unknown as BackgroundContext;
      const { width, height } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

function isConfig(input: ChartSpec | ChartConfig): input is ChartConfig {
  return 'type' in input && 'data' in input;
}

function size(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 16 && value <= 4096 ? Math.round(value) : fallback;
}

/**
 * Renders a spec (through `chartConfig`) or a ready Chart.js config to a PNG, in Node, the way
 * QuickChart would draw the same config: chart.js 4 on @napi-rs/canvas, pixel ratio 1, no
 * animation, fixed size, painted background. Throws if Chart.js cannot draw it.
 */
export function renderChartPng(input: ChartSpec | ChartConfig, options: RenderOptions = {}): Buffer {
  const width = size(options.width, DEFAULT_CHART_WIDTH);
  const height = size(options.height, DEFAULT_CHART_HEIGHT);
  ensureFonts();
  const config = isConfig(input) ? input : chartConfig(input);
  // A copy: Chart.js writes into the config it is given.
  const copy = structuredClone(config) as ChartConfiguration;
  const canvas = createCanvas(width, height);
  const previousFamily = Chart.defaults.font.family;
  Chart.defaults.font.family = RENDER_FONT_FAMILY;
  let chart: Chart | undefined;
  try {
    chart = new Chart(canvas, {
      ...copy,
      options: {
        ...copy.options,
        responsive: false,
        maintainAspectRatio: false,
        animation: false,
        devicePixelRatio: 1,
        events: [],
      },
      plugins: [...(copy.plugins ?? []), backgroundPlugin(options.background ?? CHART_BACKGROUND)],
    });
    return canvas.toBuffer('image/png');
  } finally {
    chart?.destroy();
    Chart.defaults.font.family = previousFamily;
  }
}
