/** The bot's real app, built as src/main.ts builds it, on the bundled figures. */
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import type { App } from '../../src/app/types.js';
import { createAttachService } from '../../src/charts/attach.js';
import { createLinkService } from '../../src/charts/service.js';
import { loadModel } from '../../src/model/loadFiles.js';

const figures = await loadModel('data');

export function realApp(mode: 'url' | 'attach' = 'url'): App {
  const charts = mode === 'attach' ? createAttachService({}) : createLinkService({ quickchartUrl: 'https://quickchart.io' });
  return createApp({ commands, figures: () => figures, charts });
}
