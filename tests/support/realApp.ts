/** The bot's real app, built as src/main.ts builds it, on the bundled figures. */
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import type { App } from '../../src/app/types.js';
import { createChartService } from '../../src/charts/index.js';
import { loadModel } from '../../src/model/loadFiles.js';

const figures = await loadModel('data');

export function realApp(mode: 'url' | 'attach' = 'url'): App {
  const charts = createChartService({ mode, quickchartUrl: 'https://quickchart.io' });
  return createApp({ commands, figures: () => figures, charts });
}
