import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import { createApp } from './app/createApp.js';
import { createChartService } from './charts/service.js';
import { loadConfigOrExit } from './config/index.js';
import { runConsole } from './console/runConsole.js';
import { CONSOLE_BANNER } from './console/banner.js';
import { createLogger } from './log/logger.js';
import { DataError } from './model/dataset.js';
import { FiguresStore } from './model/figuresStore.js';
import { loadModel } from './model/loadFiles.js';

const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

const config = loadConfigOrExit();
const log = createLogger({ level: config.logLevel, secrets: [config.discord.token] });

const load = () => loadModel(DATA_DIR);
let initial;
try {
  initial = await load();
} catch (error) {
  if (error instanceof DataError) {
    process.stderr.write(`${error.message}\nFix the files in data/ and start again.\n`);
    process.exit(1);
  }
  throw error;
}
const figures = new FiguresStore(initial, load);
const charts = createChartService({ mode: config.charts, quickchartUrl: config.quickchartUrl });
const app = createApp({ commands, model: () => figures.current(), charts });

if (config.discord.token === undefined) {
  await runConsole({
    app,
    input: process.stdin,
    output: process.stdout,
    json: process.argv.includes('--json'),
    filesDir: 'var/charts',
    banner: CONSOLE_BANNER,
    log: (line) => log.error(line),
  });
} else {
  log.error('Discord mode is not wired yet');
  process.exit(1);
}
