import { Routes } from 'discord-api-types/v10';
import { toChannelBody } from '../format/channelMessage.js';
import { MAX_PAUSE_TEXT, channelPauseFor } from './pause.js';
import type { PostFn, PostResult } from './types.js';

/** A temporary failure's reason is one line in the log and the sends table; Discord's own text can run long. */
const MAX_REASON = 300;

/**
 * Discord can name an error for every field of a message; /digest list shows a line of them
 * (MAX_PAUSE_TEXT), so only the fields that fill that line are kept with the pause, whole.
 */
function keptFields(fields: readonly string[]): string[] {
  const kept: string[] = [];
  let length = 0;
  for (const field of fields) {
    if (length >= MAX_PAUSE_TEXT) break;
    kept.push(field);
    length += field.length + 2;
  }
  return kept;
}

/**
 * Maps what the REST client threw (discord.js / @discordjs/rest DiscordAPIError with `code` and
 * `status`, HTTPError, a timeout) to a PostResult failure. Duck-typed, so it needs no discord.js.
 *
 * A channel that is gone or closed to the bot (Unknown Channel 10003, Missing Access 50001, ...)
 * pauses its subscription with that code. A 400 is permanent whatever its code: Discord has judged
 * this very body (Invalid Form Body 50035, an empty message 50006, ...), so sending it again, every
 * minute of the retry window and then every slot, can only fail the same way. Other statuses
 * without a known code stay temporary.
 */
export function classifyPostError(error: unknown): Extract<PostResult, { ok: false }> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    status?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const channelPause = typeof e.code === 'number' ? channelPauseFor(e.code) : undefined;
  if (channelPause) return { ok: false, permanent: true, reason: channelPause };
  if (e.status === 400) {
    // DiscordAPIError puts each field error on a line of its own after the summary.
    const [summary = 'Bad Request', ...fields] = message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const discordCode = typeof e.code === 'number' && e.code !== 0 ? { discordCode: e.code } : {};
    return { ok: false, permanent: true, reason: { code: 'invalid-message', summary, ...discordCode, fields: keptFields(fields) } };
  }
  const status = typeof e.status === 'number' ? ` (HTTP ${e.status})` : '';
  return { ok: false, permanent: false, reason: `${message}${status}`.slice(0, MAX_REASON) };
}

/** The bit of @discordjs/rest's REST (discord.js `client.rest`) the poster uses. */
export interface RestLike {
  post(route: `/${string}`, options: { body?: unknown; files?: { name: string; data: Buffer }[] | undefined }): Promise<unknown>;
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
