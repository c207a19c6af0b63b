/**
 * Discord's gateway sharding through discord.js's ShardingManager: one manager process (no login,
 * no digest store) forks one bot process per shard, each running the manager's own entry as usual
 * (src/main.ts under tsx, dist/src/main.js compiled).
 *
 *   manager  SHARD_COUNT=2 [SHARD_IDS=...]  ->  fork main.ts with SHARDING_MANAGER=true, SHARDS=<id>,
 *                                                SHARD_COUNT=<total>, DISCORD_TOKEN (discord.js sets these)
 *   shard    new Client() reads SHARDS / SHARD_COUNT from the environment and identifies as [id, total];
 *            Discord then sends it only its own guilds' events, interactions included.
 *
 * Digests: each shard's runner posts only for guilds whose shard (guild_id >> 22 % total) it runs,
 * so every subscription has exactly one poster; the store's claim still guards each slot.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import { DiscordAPIError, REST, ShardingManager, type Shard } from 'discord.js';
import { ConfigError, requireDiscord, type Config } from '../config/config.js';
import { COMPILED } from '../config/runtime.js';
import type { Logger } from '../log/logger.js';
import { errorFields } from './errors.js';
import { onSignals } from './process.js';
import { STOP_MESSAGE } from './shard.js';

/**
 * The number of shards Discord recommends for this bot (GET /gateway/bot), asked through the
 * configured API base. discord.js's own fetchRecommendedShardCount (and ShardingManager's
 * totalShards 'auto') always calls discord.com, whatever the client's `rest.api` says.
 */
export async function fetchRecommendedShards(apiUrl: string, token: string): Promise<number> {
  const rest = new REST({ api: apiUrl }).setToken(token);
  try {
    const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    if (!Number.isInteger(gateway.shards) || gateway.shards < 1) {
      throw new Error(`Discord answered GET /gateway/bot with shards=${JSON.stringify(gateway.shards)}`);
    }
    return gateway.shards;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/**
 * Node options for the shard processes: this process's own, without debugger or watch flags that
 * would clash between processes. Compiled (`npm start`: each shard runs dist/src/main.js), that is
 * all; from the sources, each shard needs tsx's loader to run src/main.ts, which is added if it is
 * not among them (however this process was started: `tsx src/main.ts`, `node --import tsx ...`).
 */
export function shardExecArgv(own: readonly string[] = process.execArgv, compiled = COMPILED): string[] {
  const kept = own.filter((arg) => !/^--(inspect|debug|watch)/.test(arg));
  if (compiled || kept.some((arg) => arg.includes('tsx'))) return kept;
  return [...kept, '--import', import.meta.resolve('tsx')];
}

export interface RunShardsOptions {
  readonly config: Config;
  /** The entry point each shard process runs: the manager's own (src/main.ts, or dist/src/main.js compiled). */
  readonly file: string;
  readonly logger: Logger;
  /**
   * Between starting one shard and the next. Discord lets a bot identify once per 5 s (per
   * max_concurrency bucket); each process identifies on its own, so the manager spaces them.
   */
  readonly spawnDelayMs?: number;
  /** How long a shard may take to log in and receive its guilds before the start counts as failed. */
  readonly readyTimeoutMs?: number;
  /** How long a shard may take to stop when asked (it drains replies for up to 5 s) before SIGKILL. */
  readonly stopTimeoutMs?: number;
}

const SPAWN_DELAY_MS = 5_500;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
/** A shard that dies is started again after 1 s, doubling while it keeps dying before ready, up to 5 min. */
const RESPAWN_FIRST_MS = 1_000;
const RESPAWN_MAX_MS = 5 * 60_000;

/**
 * Runs the manager: works out the shard count (asking Discord for `auto`), starts this machine's
 * shards one after another, restarts any that die, forwards SIGHUP (reload data/) to them, and on
 * SIGINT/SIGTERM asks every shard to stop and waits for all of them. Resolves with the exit code
 * once no shard process is left: 0 after a signal, 1 if the settings or a shard's start failed.
 */
export async function runShards(options: RunShardsOptions): Promise<number> {
  const { logger, config } = options;
  const sharding = config.sharding;
  if (!sharding) throw new Error('runShards needs SHARD_COUNT');
  let discord: ReturnType<typeof requireDiscord>;
  try {
    discord = requireDiscord(config, 'bot');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }

  let total: number;
  if (sharding.count === 'auto') {
    try {
      total = await fetchRecommendedShards(discord.apiUrl, discord.token);
    } catch (error) {
      const refused = error instanceof DiscordAPIError && error.status === 401;
      logger.error(
        {
          apiUrl: discord.apiUrl,
          ...(refused
            ? { hint: 'Discord refused the token: check DISCORD_TOKEN (Developer Portal > your application > Bot > Reset Token)' }
            : errorFields(error)),
        },
        'could not ask Discord how many shards to run (SHARD_COUNT=auto)',
      );
      return 1;
    }
    logger.info({ shards: total }, 'Discord recommends a shard count');
  } else {
    total = sharding.count;
  }
  const ids = sharding.ids ?? Array.from({ length: total }, (_, i) => i);

  const manager = new ShardingManager(options.file, {
    totalShards: total,
    shardList: [...ids],
    token: discord.token,
    mode: 'process',
    // Restarts are ours (below): with a delay that grows while a shard keeps failing, instead of
    // discord.js's immediate respawn, which loops as fast as Discord refuses a revoked token.
    respawn: false,
    execArgv: shardExecArgv(),
  });

  let stopping = false;
  const aborted = new AbortController();
  const respawnTimers = new Set<NodeJS.Timeout>();
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));

  manager.on('shardCreate', (shard: Shard) => {
    let everReady = false;
    let failures = 0;
    // mode 'process': the child is always a ChildProcess, never a Worker.
    shard.on('spawn', (child) => logger.info({ shard: shard.id, pid: (child as ChildProcess).pid }, 'shard started'));
    shard.on('ready', () => {
      everReady = true;
      failures = 0;
      logger.info({ shard: shard.id }, 'shard ready');
    });
    shard.on('error', (error: unknown) => logger.error({ shard: shard.id, err: error }, 'shard error'));
    shard.on('death', (died) => {
      const child = died as ChildProcess;
      const exit = { shard: shard.id, pid: child.pid, code: child.exitCode ?? undefined, signal: child.signalCode ?? undefined };
      if (stopping) {
        logger.info(exit, 'shard stopped');
        return;
      }
      if (!everReady) {
        logger.error(exit, 'shard exited before it was ready; see its lines above');
        return; // the start fails: see the spawn loop below
      }
      failures += 1;
      const delay = Math.min(RESPAWN_FIRST_MS * 2 ** (failures - 1), RESPAWN_MAX_MS);
      logger.warn({ ...exit, inMs: delay }, 'shard died; starting it again');
      const timer = setTimeout(() => {
        respawnTimers.delete(timer);
        if (stopping) return;
        shard.spawn(options.readyTimeoutMs ?? READY_TIMEOUT_MS).catch((error: unknown) => {
          // A death before ready has been logged and rescheduled by this handler; a timeout has not.
          if (!stopping && shard.process)
            logger.warn({ shard: shard.id, reason: (error as Error).message }, 'restarted shard is not ready yet');
        });
      }, delay);
      respawnTimers.add(timer);
    });
  });

  async function stopShard(shard: Shard): Promise<void> {
    const child = shard.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    try {
      await shard.send(STOP_MESSAGE);
    } catch {
      child.kill('SIGTERM'); // no IPC: a signal does the same in a shard whose bot is up
    }
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), options.stopTimeoutMs ?? STOP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      logger.warn({ shard: shard.id, pid: child.pid }, 'shard did not stop in time; killing it');
      child.kill('SIGKILL');
      await exited;
    }
  }

  async function stopAll(reason: string): Promise<void> {
    stopping = true;
    aborted.abort();
    for (const timer of respawnTimers) clearTimeout(timer);
    respawnTimers.clear();
    const running = [...manager.shards.values()].filter((s) => s.process);
    logger.info({ reason, shards: running.length }, 'stopping shards');
    await Promise.all(running.map(stopShard));
    logger.info('stopped');
  }

  const killAll = () => {
    for (const shard of manager.shards.values()) shard.process?.kill('SIGKILL');
  };

  const signals = onSignals({
    logger,
    stop: stopAll,
    end: (code, how) => {
      if (how === 'cut short') killAll();
      finish(code);
    },
    what: 'the shards',
  });
  const onHangup = () => {
    logger.info('SIGHUP: asking every shard to reload data/');
    for (const shard of manager.shards.values()) shard.process?.kill('SIGHUP');
  };
  process.on('SIGHUP', onHangup);

  logger.info(
    {
      total,
      run: sharding.ids ? ids.join(',') : 'all',
      delayMs: options.spawnDelayMs ?? SPAWN_DELAY_MS,
      pid: process.pid, // the process to signal: SIGTERM stops every shard, SIGHUP reloads data/ in each
    },
    'starting shards',
  );
  void (async () => {
    for (const [index, id] of ids.entries()) {
      if (stopping) return;
      const shard = manager.createShard(id);
      const last = index === ids.length - 1;
      await Promise.all([
        shard.spawn(options.readyTimeoutMs ?? READY_TIMEOUT_MS),
        last ? undefined : sleep(options.spawnDelayMs ?? SPAWN_DELAY_MS, undefined, { signal: aborted.signal }),
      ]);
    }
    logger.info({ shards: ids.length, total }, 'all shards ready');
  })().catch((error: unknown) => {
    if (stopping) return;
    logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'a shard did not start; stopping the others');
    signals.signal('a shard did not start', 1);
  });

  const code = await done;
  signals.uninstall();
  process.off('SIGHUP', onHangup);
  return code;
}
