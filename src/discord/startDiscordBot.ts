import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, RESTEvents } from 'discord.js';
import type { App } from '../app/types.js';
import { requireDiscord, type Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { createInteractionHandler } from './dispatcher.js';
import { DiscordSettingError, errorFields, TOKEN_HINT } from './errors.js';
import { NO_MENTIONS } from './payload.js';
import { installProcessHandlers } from './process.js';
import { checkDiscordApi, restOptions } from './rest.js';

export interface StartDiscordBotOptions {
  readonly config: Config;
  readonly app: App;
  readonly logger: Logger;
  /** Stop cleanly on SIGINT/SIGTERM and log unhandled rejections (default true; tests pass false). */
  readonly processHandlers?: boolean;
  /** See DispatcherOptions.deferAfterMs. */
  readonly deferAfterMs?: number;
  /** How long to wait for in-flight interactions when stopping (default 5 s). */
  readonly drainMs?: number;
  /** Called first when the bot stops (a signal or stop()): stop schedulers such as the digest runner here. */
  readonly onStop?: () => void | Promise<void>;
}

export interface DiscordBot {
  readonly client: Client<true>;
  /** Answers in-flight interactions (up to drainMs), then closes the gateway. Safe to call twice. */
  stop(reason?: string): Promise<void>;
}

/** The discord.js client as the bot uses it: Guilds intent only, no pings, REST at `apiUrl`. */
export function createDiscordClient(apiUrl: string, logger?: Logger): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: restOptions(apiUrl, logger),
  });
}

/**
 * Logs in to Discord and answers every slash command and autocomplete through `app`. Resolves
 * once the bot is ready (logged in, guilds received); rejects if Discord cannot be reached at
 * DISCORD_API_URL or refuses the token, having logged one line that says which.
 */
export async function startDiscordBot(options: StartDiscordBotOptions): Promise<DiscordBot> {
  const { app, logger } = options;
  const discord = requireDiscord(options.config, 'bot');
  const client = createDiscordClient(discord.apiUrl, logger);
  const handle = createInteractionHandler({
    app,
    logger,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });

  const inFlight = new Set<Promise<void>>();
  client.on(Events.InteractionCreate, (interaction) => {
    const work = handle(interaction);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  client.on(Events.Error, (error) => logger.error('discord.js error', { err: error }));
  client.on(Events.Warn, (message) => logger.warn('discord.js warning', { message }));
  if (logger.level === 'debug') client.on(Events.Debug, (message) => logger.debug('discord.js', { message }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('gateway closed for good', { shard, code: event.code }));
  client.on(Events.ShardReconnecting, (shard) => logger.info('gateway reconnecting', { shard }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway resumed', { shard, replayed }));
  client.on(Events.ShardError, (error, shard) => logger.error('gateway error', { shard, err: error }));
  // A bucket known to be empty: @discordjs/rest waits before sending (normal operation).
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.debug('waiting for a rate limit bucket', { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global }),
  );
  // Discord's own 429s and 5xx: @discordjs/rest retries them (429 after Retry-After; 5xx up to 3 times).
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status === 429) {
      logger.warn('rate limited by Discord; waiting', {
        route: request.route,
        method: request.method.toUpperCase(),
        retryAfterS: response.headers.get('retry-after') ?? undefined,
        global: response.headers.has('x-ratelimit-global'),
      });
    } else if (response.status >= 500) {
      logger.warn('Discord answered with a server error; retrying', {
        status: response.status,
        route: request.route,
        method: request.method.toUpperCase(),
        attempt: request.retries + 1,
      });
    }
  });

  let stopping: Promise<void> | null = null;
  let uninstall = () => {};
  const stop = (reason = 'stop requested') => {
    stopping ??= (async () => {
      logger.info('stopping', { reason, inFlight: inFlight.size });
      try {
        await options.onStop?.();
      } catch (error) {
        logger.error('onStop failed', { err: error });
      }
      const drainMs = options.drainMs ?? 5000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, drainMs);
        }),
      ]);
      clearTimeout(timer);
      await client.destroy();
      uninstall();
      logger.info('stopped');
    })();
    return stopping;
  };

  const ready = once(client, Events.ClientReady);
  try {
    client.rest.setToken(discord.token);
    await checkDiscordApi(client.rest, discord.apiUrl);
    await client.login(discord.token);
    await ready;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      error instanceof DiscordSettingError
        ? error.message
        : code === 'TokenInvalid'
          ? `Discord refused the token: ${TOKEN_HINT}`
          : undefined;
    logger.error('could not log in to Discord', reason ? { reason } : { apiUrl: discord.apiUrl, ...errorFields(error) });
    await client.destroy().catch(() => undefined);
    throw error;
  }
  const ok = client as Client<true>;
  logger.info('ready', {
    user: ok.user.tag,
    application: ok.application.id,
    guilds: ok.guilds.cache.size,
    commands: app.definitions.length,
  });
  if (options.processHandlers !== false) uninstall = installProcessHandlers({ logger, stop });
  return { client: ok, stop };
}
