import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, RESTEvents, type Interaction } from 'discord.js';
import type { App } from '../app/types.js';
import { requireDiscord, type Config } from '../config/config.js';
import type { LogFields, Logger } from '../log/logger.js';
import { createInteractionHandler, send } from './dispatcher.js';
import { DiscordSettingError, errorFields, TOKEN_HINT } from './errors.js';
import { ephemeral, NO_MENTIONS, RESTARTING, toInteractionOptions } from './payload.js';
import { installProcessHandlers } from './process.js';
import { checkDiscordApi, restOptions } from './rest.js';

export interface StartDiscordBotOptions {
  readonly config: Config;
  readonly app: App;
  readonly logger: Logger;
  /**
   * Stop cleanly on SIGINT/SIGTERM, exit 1 when Discord ends the bot for good, and log unhandled
   * rejections (default true; tests pass false and read `stopped`).
   */
  readonly processHandlers?: boolean;
  /** See DispatcherOptions.deferAfterMs. */
  readonly deferAfterMs?: number;
  /** See DispatcherOptions.directReplies. */
  readonly directReplies?: boolean;
  /** How long to wait for in-flight interactions when stopping (default 5 s). */
  readonly drainMs?: number;
  /** Called first when the bot stops, before the drain: stop schedulers (the digest runner) here, so nothing new starts. */
  readonly onStopping?: () => void | Promise<void>;
  /** Called after the drain, once the last reply has gone out: close the database here. */
  readonly onStop?: () => void | Promise<void>;
}

export interface BotStopped {
  readonly reason: string;
  /** 0 after stop(); 1 when Discord ended the bot for good (a refused token, a gateway closed for good). */
  readonly exitCode: 0 | 1;
}

export interface DiscordBot {
  readonly client: Client<true>;
  /**
   * Answers in-flight interactions (up to drainMs; those arriving meanwhile are told the bot is
   * restarting), then closes the gateway. Safe to call twice.
   */
  stop(reason?: string): Promise<void>;
  /** Settles once the bot has stopped, by stop() or by itself. */
  readonly stopped: Promise<BotStopped>;
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
    ...(options.directReplies !== undefined ? { directReplies: options.directReplies } : {}),
  });

  let stopping: Promise<void> | null = null;
  let markStopped!: (stopped: BotStopped) => void;
  const stopped = new Promise<BotStopped>((resolve) => (markStopped = resolve));

  /** After a stop began: a private "restarting" instead of work that might outlive the database. */
  async function turnAway(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await interaction.respond([]);
      else if (interaction.isCommand()) await send(interaction, ephemeral(RESTARTING), logger);
      else if (interaction.isRepliable()) await interaction.reply(toInteractionOptions(ephemeral(RESTARTING), 'reply'));
      logger.info({ command: 'commandName' in interaction ? interaction.commandName : undefined }, 'interaction turned away: stopping');
    } catch (error) {
      logger.warn(errorFields(error), 'could not answer an interaction while stopping');
    }
  }

  const inFlight = new Set<Promise<void>>();
  client.on(Events.InteractionCreate, (interaction) => {
    const work = stopping ? turnAway(interaction) : handle(interaction);
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  // Until the bot is ready, a fault fails the login (and startDiscordBot rejects); after, it stops the bot.
  let live = false;
  let failLogin: (error: Error) => void = () => {};
  const loginFailed = new Promise<never>((_, reject) => (failLogin = reject));
  loginFailed.catch(() => undefined);
  const fatal = (message: string, fields: LogFields, reason: string, tokenRefused: boolean) => {
    if (!live) {
      failLogin(tokenRefused ? new DiscordSettingError('DISCORD_TOKEN', `${message}: ${TOKEN_HINT}`) : new Error(message));
      return;
    }
    // A stop already under way (a signal, an earlier fault) decides how the bot ends.
    if (stopping) return;
    logger.error(fields, `${message}; stopping`);
    void stop(reason, 1);
  };

  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord.js warning'));
  if (logger.isLevelEnabled('debug')) client.on(Events.Debug, (message) => logger.debug({ message }, 'discord.js'));
  const closedForGood = new Set<number>();
  // discord.js emits this only for close codes it will not reconnect after: the bot would sit deaf.
  client.on(Events.ShardDisconnect, (event, shard) => {
    closedForGood.add(shard);
    if (event.code === Number(GatewayCloseCodes.AuthenticationFailed)) {
      fatal('the gateway refused the bot token (close code 4004)', { shard, hint: TOKEN_HINT }, 'the gateway refused the bot token', true);
    } else {
      const name = GatewayCloseCodes[event.code] ?? 'unknown';
      fatal(
        `the gateway closed for good (close code ${event.code}, ${name})`,
        { shard },
        `the gateway closed for good (${event.code})`,
        false,
      );
    }
  });
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
  client.on(Events.ShardError, (error, shard) => {
    // @discordjs/ws reports the same close again as an error, with a stack: the line above says it all.
    if (closedForGood.has(shard)) logger.debug({ shard, reason: error.message }, 'gateway error after it closed for good');
    else logger.error({ shard, err: error }, 'gateway error');
  });
  // A bucket known to be empty: @discordjs/rest waits before sending (normal operation).
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.debug(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global },
      'waiting for a rate limit bucket',
    ),
  );
  // Discord's own 429s and 5xx: @discordjs/rest retries them (429 after Retry-After; 5xx up to 3 times).
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status === 401 && request.data.auth) {
      // @discordjs/rest has just dropped the token: every later request with it would fail here, unsent.
      fatal(
        'Discord refused the bot token',
        { request: `${request.method.toUpperCase()} ${request.route}`, hint: TOKEN_HINT },
        'Discord refused the bot token',
        true,
      );
    } else if (response.status === 429) {
      logger.warn(
        {
          route: request.route,
          method: request.method.toUpperCase(),
          retryAfterS: response.headers.get('retry-after') ?? undefined,
          global: response.headers.has('x-ratelimit-global'),
        },
        'rate limited by Discord; waiting',
      );
    } else if (response.status >= 500) {
      logger.warn(
        {
          status: response.status,
          route: request.route,
          method: request.method.toUpperCase(),
          attempt: request.retries + 1,
        },
        'Discord answered with a server error; retrying',
      );
    }
  });

  /** Waits for the interactions in flight, including those that arrive meanwhile, up to `ms`. */
  async function drain(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while (inFlight.size > 0) {
      const left = deadline - performance.now();
      if (left <= 0) {
        logger.warn({ inFlight: inFlight.size, drainMs: ms }, 'stopping with interactions unanswered');
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
  }

  const hook = async (name: string, fn: (() => void | Promise<void>) | undefined) => {
    try {
      await fn?.();
    } catch (error) {
      logger.error({ err: error }, `${name} failed`);
    }
  };

  let uninstall = () => {};
  function stop(reason = 'stop requested', exitCode: 0 | 1 = 0): Promise<void> {
    stopping ??= (async () => {
      logger.info({ reason, inFlight: inFlight.size }, 'stopping');
      await hook('onStopping', options.onStopping);
      await drain(options.drainMs ?? 5000);
      // After the drain: a reply still being written may need the database.
      await hook('onStop', options.onStop);
      await client.destroy();
      uninstall();
      logger.info('stopped');
      markStopped({ reason, exitCode });
    })();
    return stopping;
  }

  const ready = once(client, Events.ClientReady);
  try {
    client.rest.setToken(discord.token);
    await checkDiscordApi(client.rest, discord.apiUrl);
    await Promise.race([client.login(discord.token).then(() => ready), loginFailed]);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      error instanceof DiscordSettingError
        ? error.message
        : code === 'TokenInvalid'
          ? `Discord refused the token: ${TOKEN_HINT}`
          : undefined;
    logger.error(reason ? { reason } : { apiUrl: discord.apiUrl, ...errorFields(error) }, 'could not log in to Discord');
    await client.destroy().catch(() => undefined);
    throw error;
  }
  live = true;
  const ok = client as Client<true>;
  logger.info(
    {
      user: ok.user.tag,
      application: ok.application.id,
      guilds: ok.guilds.cache.size,
      commands: app.definitions.length,
    },
    'ready',
  );
  if (options.processHandlers !== false) uninstall = installProcessHandlers({ logger, stop: (reason) => stop(reason), stopped });
  return { client: ok, stop: (reason) => stop(reason), stopped };
}
