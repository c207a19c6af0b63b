import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { commands } from '../commands/index.js';
import { keyPointsMessage } from '../commands/keypoints.js';
import { createApp } from './app/createApp.js';
import { loadChartService } from './charts/service.js';
import { loadConfigOrExit } from './config/index.js';
import { PROJECT_ROOT } from './config/runtime.js';
import { runConsole } from './console/runConsole.js';
import { CONSOLE_BANNER } from './console/banner.js';
import { createRestPoster, openDigestStoreOrExit, startDigestRunner, type DigestRunner } from './digest/index.js';
import { followManager, isShardProcess, ownGuildFilter, processShard } from './discord/shard.js';
import { startDiscordBot } from './discord/startDiscordBot.js';
import { createLogger, exitAfterFlush } from './log/logger.js';
import { DataError } from './model/dataset.js';
import { FiguresStore, createReloader } from './model/figuresStore.js';
import { loadModel, loadModelInWorker } from './model/loadFiles.js';
import { watchDataDir } from './model/watchData.js';

/** The one flag `npm start` takes; anything else is refused in one line rather than ignored. */
function readFlags(): { readonly json: boolean } {
  try {
    return parseArgs({ options: { json: { type: 'boolean', default: false } } }).values;
  } catch {
    process.stderr.write(
      `npm start takes one flag, --json (print each console reply as the JSON Discord would get); got: ${process.argv.slice(2).join(' ')}\n`,
    );
    process.exit(2);
  }
}
const flags = readFlags();

const config = loadConfigOrExit();
const rootLog = createLogger({ level: config.logLevel, secrets: [config.discord.token] });
const shard = processShard();
// In a shard process every line says which shard wrote it.
const log = shard === undefined ? rootLog : rootLog.child({ shard });

// SHARD_COUNT set: this process manages the shards (no login, no data; it only checks the digest
// store) and each shard runs this file again as its own process, which takes the Discord path below.
if (config.sharding && !isShardProcess()) {
  // Checked here too, so a bad DATABASE_PATH stops the start before any shard logs in.
  openDigestStoreOrExit(config.databasePath).close();
  // The manager's side loads only here: a shard process never carries it.
  const { runShards } = await import('./discord/shardManager.js');
  await exitAfterFlush(log, await runShards({ config, file: fileURLToPath(import.meta.url), logger: log }));
}
const manager = isShardProcess() ? followManager(log) : undefined;

// DATA_DIR, or the same bundled data/ whether this file runs as src/main.ts or as dist/src/main.js.
const DATA_DIR = config.dataDir === undefined ? join(PROJECT_ROOT, 'data') : resolve(config.dataDir);
const load = () => loadModel(DATA_DIR);
let initial;
try {
  initial = await load();
} catch (error) {
  if (error instanceof DataError) {
    process.stderr.write(`${error.message}\nFix the files in ${DATA_DIR} and start again.\n`);
    process.exit(1);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
    const setting = config.dataDir === undefined ? 'the bundled data/ folder' : 'DATA_DIR';
    process.stderr.write(
      `Cannot read the figures at ${DATA_DIR} (${code}: ${(error as NodeJS.ErrnoException).path ?? DATA_DIR}): check ${setting}; it must hold sources.json, partners.json and figures/.\n`,
    );
    process.exit(1);
  }
  throw error;
}
// A reload parses and validates in a worker thread, so the bot keeps answering meanwhile; the first
// load stays here (nothing to answer yet, and no copy of the figures between threads).
const figures = new FiguresStore(initial, () => loadModelInWorker(DATA_DIR));
const charts = await loadChartService({ mode: config.charts, quickchartUrl: config.quickchartUrl });

/**
 * Reloads data/ on SIGHUP or a file change, once the burst of them settles; a bad file keeps the
 * figures in use. Each settled change with a visible difference is announced once.
 */
function reloadOnChange(announce: (summary: string) => Promise<unknown>) {
  const reloader = createReloader(figures, {
    onReloaded: async (result) => {
      if (!result.ok) {
        log.error({ problems: result.problems.join(' | ') }, 'data/ changed but was not loaded; keeping the figures in use');
        return;
      }
      log.info({ changes: result.summary || 'none' }, 'figures reloaded');
      if (result.summary) await announce(result.summary);
    },
    onError: (err) => log.error({ err }, 'reload failed'),
  });
  const request = () => reloader.request();
  // Stays on after close(), when requests do nothing: without a listener SIGHUP would kill the process.
  process.on('SIGHUP', request);
  const watcher = watchDataDir(DATA_DIR, request);
  return {
    close() {
      watcher.close();
      reloader.close();
    },
  };
}

if (config.discord.token === undefined) {
  const app = createApp({ commands, figures: () => figures.current(), charts });
  const watcher = reloadOnChange(() => Promise.resolve());
  await runConsole({
    app,
    input: process.stdin,
    output: process.stdout,
    json: flags.json,
    filesDir: 'var/charts',
    banner: CONSOLE_BANNER,
    log,
    resolve: (text) => figures.current().model.resolve(text),
  });
  watcher.close();
} else {
  // Before the login: an unusable DATABASE_PATH ends the start with one line, never half-started.
  const digests = openDigestStoreOrExit(config.databasePath);
  const app = createApp({ commands, figures: () => figures.current(), charts, digests });
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
    manager?.setStop((reason) => bot.stop(reason));
    watcher = reloadOnChange((summary) => runner!.announceFiguresUpdated(summary));
  } catch {
    // startDiscordBot has logged why (a refused token, an unreachable API).
    digests.close();
    await exitAfterFlush(log, 1);
  }
}
