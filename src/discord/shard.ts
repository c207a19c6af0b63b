/**
 * The shard's side of the process split: a bot process the shard manager forked. It knows it is
 * one (isShardProcess), which guilds are its own (Discord's (guild_id >> 22) % total), and stops
 * when the manager asks. See shardManager.ts for the manager's side.
 */
import type { Client } from 'discord.js';
import { ShardClientUtil } from 'discord.js';
import { exitAfterFlush, type Logger } from '../log/logger.js';

/** Sent by the manager to a shard process: stop as on SIGTERM (drain replies, close the gateway). */
export const STOP_MESSAGE = { tradeBot: 'stop' } as const;

const isStopMessage = (message: unknown): boolean =>
  typeof message === 'object' && message !== null && (message as { tradeBot?: unknown }).tradeBot === STOP_MESSAGE.tradeBot;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether this process is a shard that a ShardingManager forked. discord.js sets SHARDING_MANAGER
 * ('true'), SHARDS and SHARD_COUNT in the child's environment (Shard.js); such a process must run
 * the bot, never a manager of its own, although it too sees SHARD_COUNT.
 */
export function isShardProcess(env: Env = process.env): boolean {
  return env.SHARDING_MANAGER === 'true' && env.SHARDS !== undefined;
}

/** The shard a guild belongs to, by Discord's rule: (guild_id >> 22) % shard count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return ShardClientUtil.shardIdForGuildId(guildId, shardCount);
}

/**
 * For the digest runner of a sharded client: true for guilds of the shards this process runs. By
 * Discord's formula rather than the guild cache, so a guild that arrives after ready, is briefly
 * unavailable, or has removed the bot still has exactly one shard responsible for it (which then
 * pauses its subscription as an unsharded bot would). Undefined when the client is not a shard.
 */
export function ownGuildFilter(client: Client): ((guildId: string) => boolean) | undefined {
  const shard = client.shard;
  if (!shard) return undefined;
  const ids = new Set(shard.ids);
  const count = shard.count;
  return (guildId) => ids.has(shardOfGuild(guildId, count));
}

/**
 * The shard ids this process runs, for `logger.child({ shard })`: a number for one shard, the ids
 * joined by commas for several; undefined outside a shard process.
 */
export function processShard(env: Env = process.env): number | string | undefined {
  if (!isShardProcess(env)) return undefined;
  try {
    const parsed: unknown = JSON.parse(env.SHARDS!);
    if (typeof parsed === 'number') return parsed;
    if (Array.isArray(parsed)) return parsed.length === 1 && typeof parsed[0] === 'number' ? parsed[0] : parsed.join(',');
  } catch {
    // not JSON: named as it is below
  }
  return String(env.SHARDS);
}

/**
 * In a shard process: stop cleanly when the manager asks (STOP_MESSAGE), and also when the manager
 * goes away (the IPC channel closes, e.g. it was killed), so that no shard outlives its manager
 * and a restarted manager never runs a shard twice. Until `setStop` is called (the bot is not up
 * yet) the process simply exits.
 *
 * The manager asks by message rather than by signal: Ctrl+C in a terminal already sends SIGINT to
 * every shard, and a second signal would make a shard exit at once instead of draining.
 */
export function followManager(logger: Logger): { setStop(stop: (reason: string) => Promise<void>): void } {
  let stop: ((reason: string) => Promise<void>) | undefined;
  let stopping = false;
  const stopNow = (reason: string) => {
    if (stopping) return;
    stopping = true;
    if (!stop) return void exitAfterFlush(logger, 0);
    stop(reason).then(
      () => exitAfterFlush(logger, 0),
      (error: unknown) => {
        logger.error({ err: error }, 'could not stop cleanly');
        return exitAfterFlush(logger, 1);
      },
    );
  };
  process.on('message', (message) => {
    if (isStopMessage(message)) stopNow('the shard manager is stopping');
  });
  process.on('disconnect', () => {
    logger.warn('the shard manager has gone; stopping');
    stopNow('the shard manager has gone');
  });
  // discord.js reports gateway state to the manager without a callback; once the channel is closed
  // that surfaces here, and must not count as an uncaught error while the shard stops.
  process.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_IPC_CHANNEL_CLOSED') logger.error({ err: error }, 'shard process error');
  });
  return {
    setStop(fn) {
      stop = fn;
    },
  };
}
