import { performance } from 'node:perf_hooks';
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  RESTJSONErrorCodes,
  Routes,
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
  type Client,
  type CommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type RESTPostAPIChannelMessageResult,
} from 'discord.js';
import type { ChannelTarget, FocusedOption, Invocation, RawOptions } from '../core/invocation.js';
import type { CommandResult, PostIntent, Reply } from '../core/reply.js';
import type { App, Outcome } from '../app/types.js';
import type { Logger } from '../log/logger.js';
import { errorFields, isRefusal, NotAChannel, postFailureText } from './errors.js';
import { fitChoices } from '../format/limits.js';
import { APOLOGY } from '../format/replies.js';
import { toChannelBody } from '../format/channelMessage.js';
import { callbackBody, EPHEMERAL, ephemeral, isEphemeral, toInteractionOptions } from './payload.js';

export interface DispatcherOptions {
  readonly app: App;
  readonly logger: Logger;
  /**
   * How long `app.handle` may take before the reply is deferred. Discord allows 3 s for the
   * first response; 1.5 s leaves room for a slow network and a busy event loop.
   */
  readonly deferAfterMs?: number;
  /**
   * First replies without files as direct interaction callbacks (default true); false sends them
   * through discord.js's `interaction.reply()`, as before, for comparing the two.
   */
  readonly directReplies?: boolean;
}

export type InteractionHandler = (interaction: Interaction) => Promise<void>;

const SNOWFLAKE = /^\d{17,20}$/;

/** Options as the app reads them: flat, a subcommand under `subcommand` (and a group under `subcommandGroup`). */
export function readOptions(data: readonly CommandInteractionOption[]): RawOptions {
  // No prototype: an option named __proto__ or constructor stays a plain key.
  const out = Object.create(null) as Record<string, string | number | boolean>;
  const walk = (options: readonly CommandInteractionOption[]) => {
    for (const option of options) {
      if (option.type === ApplicationCommandOptionType.Subcommand) {
        out.subcommand = option.name;
        walk(option.options ?? []);
      } else if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
        out.subcommandGroup = option.name;
        walk(option.options ?? []);
      } else if (typeof option.value === 'string' || typeof option.value === 'number' || typeof option.value === 'boolean') {
        out[option.name] = option.value;
      }
    }
  };
  walk(data);
  return out;
}

/** Who the target of a channel option is, from what discord.js resolved (see ChannelTarget). */
function channelTarget(option: CommandInteractionOption, client: Client): ChannelTarget | null {
  const channel = option.channel;
  if (!channel || typeof option.value !== 'string') return null;
  if (!('guildId' in channel)) {
    // Not cacheable (a channel type discord.js does not know): Discord's raw partial says little.
    return { id: option.value, guildId: null, memberPermissions: BigInt(channel.permissions), botPermissions: null };
  }
  // Discord computes both with the channel's overwrites; resolved app_permissions is recent, so
  // the bot's own can also come from the cached roles and overwrites.
  const bot = channel.appPermissions ?? (client.user ? channel.permissionsFor(client.user) : null);
  return {
    id: channel.id,
    guildId: channel.guildId,
    memberPermissions: channel.permissions?.bitfield ?? null,
    botPermissions: bot?.bitfield ?? null,
  };
}

export function invocationOf(interaction: CommandInteraction | AutocompleteInteraction): Invocation {
  const channels = Object.create(null) as Record<string, ChannelTarget>;
  const walk = (options: readonly CommandInteractionOption[]) => {
    for (const option of options) {
      if (option.options) walk(option.options);
      if (option.type !== ApplicationCommandOptionType.Channel) continue;
      const target = channelTarget(option, interaction.client);
      if (target) channels[option.name] = target;
    }
  };
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) walk(interaction.options.data);
  return {
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    memberPermissions: interaction.memberPermissions?.bitfield ?? null,
    botPermissions: interaction.guildId === null ? null : interaction.appPermissions.bitfield,
    channels,
  };
}

const elapsed = (since: number) => Math.round(performance.now() - since);

/** `app.handle`, with the promise it makes kept even if it throws (its contract says it never does). */
async function handleSafely(app: App, name: string, options: RawOptions, invocation: Invocation): Promise<Outcome> {
  try {
    return await app.handle(name, options, invocation);
  } catch (error) {
    return { kind: 'internal-error', error, result: ephemeral(APOLOGY) };
  }
}

/** The connection closed under a request: Discord may or may not have acted on it. */
const lostOnTheWay = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE');
};

const alreadyAcknowledged = (error: unknown): boolean =>
  error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;

/**
 * Sends the interaction's one acknowledgement (`reply` or `deferReply`). When its answer is lost
 * on the way, the request is sent again (by @discordjs/rest after a reset or a 5xx; here, once,
 * after a closed connection) and Discord answers 40060, "already acknowledged": the first one got
 * through. discord.js then still thinks the interaction unanswered, so its state is set as the
 * call would have left it, and the caller carries on with editReply/followUp; another reply (an
 * apology) would only get 40060 too and leave the user on "thinking…".
 */
async function acknowledge(
  interaction: CommandInteraction,
  as: 'reply' | 'deferral',
  ephemeralAck: boolean,
  call: () => Promise<unknown>,
  logger?: Logger,
): Promise<void> {
  try {
    try {
      await call();
    } catch (error) {
      if (!lostOnTheWay(error)) throw error;
      await call();
    }
  } catch (error) {
    if (!alreadyAcknowledged(error)) throw error;
    if (as === 'reply') interaction.replied = true;
    else interaction.deferred = true;
    interaction.ephemeral = ephemeralAck;
    logger?.warn({ command: interaction.commandName, as }, 'Discord had already acknowledged the interaction; carrying on');
  }
}

/** `deferReply`, public or private, through `acknowledge`. */
const defer = (interaction: CommandInteraction, privately: boolean, logger?: Logger) =>
  acknowledge(interaction, 'deferral', privately, () => interaction.deferReply(privately ? { flags: EPHEMERAL } : {}), logger);

// What discord.js's reply() asks for; a constant, so that each reply does not build it again.
const WITHOUT_RESPONSE = new URLSearchParams({ with_response: 'false' });
const JSON_CONTENT = { 'Content-Type': 'application/json' };

/**
 * The first reply as one interaction callback with its body already serialised (callbackBody),
 * then the interaction's state as discord.js's reply() leaves it, so that its editReply, followUp
 * and deleteReply work after it.
 */
async function replyDirectly(interaction: CommandInteraction, reply: Reply): Promise<void> {
  await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body: callbackBody(reply),
    passThroughBody: true,
    headers: JSON_CONTENT,
    auth: false,
    query: WITHOUT_RESPONSE,
  });
  interaction.ephemeral = isEphemeral(reply.data);
  interaction.replied = true;
}

/**
 * Sends one reply by the interaction's state: not yet answered -> reply; deferred -> edit the
 * deferred original; answered -> follow-up. A private reply after a public deferral replaces the
 * "thinking" message with a private follow-up, since an edit cannot make a message private.
 * A first reply without files goes out as a direct callback unless `direct` is false; files
 * (multipart), edits and follow-ups are discord.js's, which are rare and cost little more.
 */
export async function send(interaction: CommandInteraction, reply: Reply, logger?: Logger, direct = true): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    if (isEphemeral(reply.data) && !interaction.ephemeral) {
      await interaction.deleteReply();
      await interaction.followUp(toInteractionOptions(reply, 'followup'));
      return;
    }
    await interaction.editReply(toInteractionOptions(reply, 'edit'));
    return;
  }
  if (interaction.replied || interaction.deferred) {
    await interaction.followUp(toInteractionOptions(reply, 'followup'));
    return;
  }
  if (direct && (reply.files?.length ?? 0) === 0) {
    await acknowledge(interaction, 'reply', isEphemeral(reply.data), () => replyDirectly(interaction, reply), logger);
    return;
  }
  const options = toInteractionOptions(reply, 'reply');
  await acknowledge(interaction, 'reply', isEphemeral(reply.data), () => interaction.reply(options), logger);
}

/**
 * Answers slash commands through `app.handle` and autocomplete through `app.autocomplete`, each
 * exactly once, behind one error boundary: the returned function never rejects.
 */
export function createInteractionHandler(options: DispatcherOptions): InteractionHandler {
  const { app, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 1500;
  const direct = options.directReplies ?? true;

  async function postIntent(interaction: CommandInteraction, post: PostIntent): Promise<Reply> {
    const withFiles = (post.message.files?.length ?? 0) > 0;
    if (!SNOWFLAKE.test(post.channelId)) {
      return ephemeral(postFailureText(post.channelId, new NotAChannel(post.channelId), withFiles));
    }
    const { body, files } = toChannelBody(post.message);
    try {
      const message = (await interaction.client.rest.post(Routes.channelMessages(post.channelId), {
        body,
        files: files.map((f) => ({ name: f.name, data: f.data })),
      })) as RESTPostAPIChannelMessageResult;
      const guild =
        (message as { guild_id?: string }).guild_id ??
        (interaction.client.channels.cache.get(post.channelId) as { guildId?: string } | undefined)?.guildId ??
        interaction.guildId ??
        '@me';
      const link = `https://discord.com/channels/${guild}/${post.channelId}/${message.id}`;
      logger.info({ command: interaction.commandName, channel: post.channelId, message: message.id }, 'posted');
      return ephemeral(post.confirm.split('{link}').join(link));
    } catch (error) {
      const level = isRefusal(error) ? 'warn' : 'error';
      logger[level]({ command: interaction.commandName, channel: post.channelId, ...errorFields(error) }, 'could not post');
      return ephemeral(postFailureText(post.channelId, error, withFiles));
    }
  }

  async function deliver(interaction: CommandInteraction, result: CommandResult): Promise<void> {
    if (result.post) {
      // Posting may wait on Discord (and its retries): acknowledge privately first.
      if (!interaction.deferred && !interaction.replied) await defer(interaction, true, logger);
      await send(interaction, await postIntent(interaction, result.post), logger, direct);
      return;
    }
    if ((result.files?.length ?? 0) > 0 && !interaction.deferred && !interaction.replied) {
      // An upload may take longer than Discord's 3 s for the first response.
      await defer(interaction, isEphemeral(result.data), logger);
    }
    await send(interaction, result, logger, direct);
  }

  async function command(interaction: CommandInteraction): Promise<void> {
    const started = performance.now();
    const name = interaction.commandName;
    let outcome: string = 'failed';
    try {
      const options = interaction.isChatInputCommand() ? readOptions(interaction.options.data) : {};
      const pending = handleSafely(app, name, options, invocationOf(interaction));
      // The timer itself starts the deferral: an answer in time costs one timer, not a race of
      // two promises. A failed deferral settles with its error (not an unobserved rejection while
      // the command runs on) and is thrown once the answer is there, as if awaited in place.
      let deferral: Promise<{ readonly error: unknown } | undefined> | undefined;
      const timer = setTimeout(() => {
        deferral = defer(interaction, false, logger).then(
          () => undefined,
          (error: unknown) => ({ error }),
        );
      }, deferAfterMs);
      const result = await pending;
      clearTimeout(timer);
      const deferFailed = await deferral;
      if (deferFailed) throw deferFailed.error;
      outcome = result.kind;
      if (result.kind === 'internal-error') {
        logger.error({ command: name, err: result.error }, 'command failed');
      }
      if (result.shortened) logger.warn({ command: name, problems: result.shortened.join('; ') }, 'reply shortened to fit Discord');
      await deliver(interaction, result.result);
    } catch (error) {
      outcome = 'failed';
      logger.error({ command: name, ...errorFields(error) }, isRefusal(error) ? 'Discord refused the reply' : 'could not answer');
      try {
        await send(interaction, ephemeral(APOLOGY), logger, direct);
      } catch (again) {
        logger.error({ command: name, ...errorFields(again) }, 'could not send the apology either');
      }
    } finally {
      logger.info(
        {
          command: name,
          guild: interaction.guildId ?? 'dm',
          ms: elapsed(started),
          outcome,
          ...(interaction.deferred ? { deferred: true } : {}),
        },
        'interaction',
      );
    }
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const started = performance.now();
    const name = interaction.commandName;
    let choices: APIApplicationCommandOptionChoice[] = [];
    let outcome = 'ok';
    let option = '';
    try {
      const focused = interaction.options.getFocused(true);
      option = focused.name;
      const asked: FocusedOption = { name: focused.name, value: String(focused.value ?? '') };
      choices = fitChoices(app.autocomplete(name, asked, readOptions(interaction.options.data), invocationOf(interaction)));
    } catch (error) {
      outcome = 'internal-error';
      logger.error({ command: name, err: error }, 'autocomplete failed');
      choices = [];
    }
    try {
      // Never deferred: Discord gives autocomplete one answer within 3 s.
      await interaction.respond(choices);
    } catch (error) {
      outcome = 'failed';
      logger.error({ command: name, ...errorFields(error) }, 'Discord refused the choices');
      if (!interaction.responded && isRefusal(error) && choices.length > 0) {
        await interaction.respond([]).catch(() => undefined);
      }
    }
    logger.debug({ command: name, option, choices: choices.length, ms: elapsed(started), outcome }, 'autocomplete');
  }

  return async (interaction: Interaction) => {
    try {
      if (interaction.isAutocomplete()) await autocomplete(interaction);
      else if (interaction.isCommand()) await command(interaction);
      else if (interaction.isRepliable()) {
        // The bot sends no buttons or forms; an old or foreign one still gets an answer.
        await interaction.reply(toInteractionOptions(ephemeral("That control isn't used by this bot any more. Try /help."), 'reply'));
      }
    } catch (error) {
      logger.error({ ...errorFields(error) }, 'interaction handler failed');
    }
  };
}
