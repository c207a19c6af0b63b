import { Routes } from 'discord-api-types/v10';
import { toChannelBody } from '../format/channelMessage.js';
import type { PostFn, PostOptions, PostResult } from './types.js';

/**
 * Discord error codes that mean "this channel will not take our digest": retrying cannot help,
 * so the subscription is paused with the text here, which /digest list shows.
 */
export const PERMANENT_ERRORS: Readonly<Record<number, string>> = {
  10003: 'Unknown Channel (10003): the channel was deleted',
  10004: 'Unknown Guild (10004): the bot is no longer in this server',
  50001: 'Missing Access (50001): the bot cannot see the channel',
  50013: 'Missing Permissions (50013): the bot cannot post there (it needs View Channel, Send Messages and Embed Links)',
  50008: 'Cannot send messages in a non-text channel (50008)',
  50083: 'The thread is archived (50083)',
};

/** A pause reason is one line in /digest list and the log; Discord's own text can run long. */
const MAX_REASON = 300;

/**
 * Maps what the REST client threw (discord.js / @discordjs/rest DiscordAPIError with `code` and
 * `status`, HTTPError, a timeout) to a PostResult failure. Duck-typed, so it needs no discord.js.
 *
 * A 400 is permanent whatever its code: Discord has judged this very body (Invalid Form Body
 * 50035, an empty message 50006, ...), so sending it again, every minute of the retry window and
 * then every slot, can only fail the same way. Other statuses without a known code stay temporary.
 */
export function classifyPostError(error: unknown): Extract<PostResult, { ok: false }> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; status?: unknown; message?: unknown; name?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (typeof e.code === 'number' && PERMANENT_ERRORS[e.code]) return { ok: false, permanent: true, reason: PERMANENT_ERRORS[e.code]! };
  if (e.status === 400) {
    // DiscordAPIError puts each field error on a line of its own after the summary.
    const [summary = 'Bad Request', ...fields] = message.split('\n').map((l) => l.trim()).filter(Boolean);
    const code = typeof e.code === 'number' && e.code !== 0 ? `, code ${e.code}` : '';
    const detail = fields.length > 0 ? `: ${fields.join('; ')}` : '';
    const reason = `Discord refused the message as invalid (HTTP 400 ${summary}${code})${detail}`;
    return { ok: false, permanent: true, reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 3)}...` : reason };
  }
  const status = typeof e.status === 'number' ? ` (HTTP ${e.status})` : '';
  return { ok: false, permanent: false, reason: `${message}${status}`.slice(0, MAX_REASON) };
}

/** The bit of @discordjs/rest's REST (discord.js `client.rest`) the poster uses. */
export interface RestLike {
  post(
    route: `/${string}`,
    options: { body?: unknown; files?: { name: string; data: Buffer }[] | undefined },
  ): Promise<unknown>;
}

/**
 * The runner's `post`, over discord.js's REST client: `createRestPoster(client.rest)`.
 * POST /channels/{id}/messages with the reply's files; never throws.
 */
export function createRestPoster(rest: RestLike): PostFn {
  return async (channelId, message, options) => {
    try {
      const { body, files } = toChannelBody(message, options);
      const created = (await rest.post(Routes.channelMessages(channelId), {
        body,
        ...(files.length > 0 ? { files: files.map((f) => ({ name: f.name, data: f.data })) } : {}),
      })) as { id?: unknown };
      return { ok: true, messageId: typeof created?.id === 'string' ? created.id : '' };
    } catch (error) {
      return classifyPostError(error);
    }
  };
}
