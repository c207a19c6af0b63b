import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.js';
import { keyPointsMessage } from '../commands/keypoints.js';
import { createApp } from './app/createApp.js';
import { loadChartService } from './charts/service.js';
import { loadConfigOrExit } from './config/index.js';
import { runConsole } from './console/runConsole.js';
import { CONSOLE_BANNER } from './console/banner.js';
import { createRestPoster, openDigestStore, startDigestRunner, type DigestRunner } from './digest/index.js';
import { followManager, isShardProcess, ownGuildFilter, runShards, shardLogger } from './discord/sharding.js';
import { startDiscordBot } from './discord/startDiscordBot.js';
import { createLogger } from './log/logger.js';
import { DataError } from './model/dataset.js';
import { FiguresStore } from './model/figuresStore.js';
import { loadModel } from './model/loadFiles.js';
import { watchDataDir } from './model/watchData.js';

const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

const config = loadConfigOrExit();
const log = shardLogger(createLogger({ level: config.logLevel, secrets: [config.discord.token] }));

// SHARD_COUNT set: this process manages the shards (no login, no data, no digest store) and each
// shard runs this file again as its own process, which takes the Discord path below.
if (config.sharding && !isShardProcess()) {
  process.exit(await runShards({ config, file: fileURLToPath(import.meta.url), logger: log }));
}
const manager = isShardProcess() ? followManager(log) : undefined;

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
const charts = await loadChartService({ mode: config.charts, quickchartUrl: config.quickchartUrl });

/** Reloads data/ on SIGHUP or a file change; a bad file keeps the figures in use. */
function reloadOnChange(announce: (summary: string) => Promise<unknown>) {
  const reload = async () => {
    const result = await figures.reload();
    if (!result.ok) {
      log.error('data/ changed but was not loaded; keeping the figures in use', { problems: result.problems.join(' | ') });
      return;
    }
    log.info('figures reloaded', { changes: result.summary || 'none' });
    if (result.summary) await announce(result.summary);
  };
  const run = () => void reload().catch((err: unknown) => log.error('reload failed', { err }));
  process.on('SIGHUP', run);
  return watchDataDir(DATA_DIR, run);
}

if (config.discord.token === undefined) {
  const app = createApp({ commands, model: () => figures.current(), charts });
  const watcher = reloadOnChange(async () => undefined);
  await runConsole({
    app,
    input: process.stdin,
    output: process.stdout,
    json: process.argv.includes('--json'),
    filesDir: 'var/charts',
    banner: CONSOLE_BANNER,
    log: (line) => log.error(line),
  });
  watcher.close();
} else {
  const digests = openDigestStore(config.databasePath);
  const app = createApp({ commands, model: () => figures.current(), charts, digests });
  let runner: DigestRunner | undefined;
  let watcher: { close(): void } | undefined;
  try {
    const bot = await startDiscordBot({
      config,
      app,
      logger: log,
      // Before the drain, so that no digest starts while the last replies go out.
      onStopping: () => runner?.stop(),
      onStop: async () => {
        watcher?.close();
        await runner?.stop();
        digests.close();
      },
    });
    runner = startDigestRunner({
      store: digests,
      now: () => new Date(),
      post: createRestPoster(bot.client.rest),
      buildMessage: (region) => keyPointsMessage(figures.current(), region),
      log,
      ...(bot.client.shard ? { shardFilter: ownGuildFilter(bot.client) } : {}),
    });
    manager?.setStop(bot.stop);
    watcher = reloadOnChange((summary) => runner!.announceFiguresUpdated(summary));
  } catch {
    // startDiscordBot has logged why (a refused token, an unreachable API).
    digests.close();
    process.exit(1);
  }
}
