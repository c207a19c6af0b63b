import type {
  APIAllowedMentions,
  APIInteractionResponseCallbackData,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { InteractionEditReplyOptions, InteractionReplyOptions } from 'discord.js';
import type { RawFile } from 'discord.js';
import type { Reply } from '../core/reply.js';
import { fitPayload, payloadProblems } from '../format/limits.js';

/** No reply ever pings anyone: set on the client as its default and on every payload. */
export const NO_MENTIONS = { parse: [] } satisfies APIAllowedMentions;

export const EPHEMERAL = MessageFlags.Ephemeral;

export const isEphemeral = (data: APIInteractionResponseCallbackData): boolean =>
  ((Number(data.flags ?? 0) & EPHEMERAL) !== 0);

/** A short private reply, in the same shape commands return. */
export function ephemeral(content: string): Reply {
  return { data: fitPayload({ content, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS }) };
}

export const APOLOGY =
  'Sorry, something went wrong on my side while answering that. It has been logged; please try again.';

/** The answer to a command that arrives while the bot is stopping (a deploy, a restart). */
export const RESTARTING = "I'm restarting just now. Please try again in a minute.";

/**
 * The payload as it will be sent: within Discord's limits (shortened on purpose, never sent to
 * fail) and with mentions off. `problems` lists what had to be fixed, for a warning in the log.
 */
export function safeData(data: APIInteractionResponseCallbackData): {
  data: APIInteractionResponseCallbackData;
  problems: string[];
} {
  const problems = payloadProblems(data);
  const fitted = problems.length > 0 ? fitPayload(data) : data;
  return { data: { ...fitted, allowed_mentions: NO_MENTIONS }, problems };
}

// Flags each kind of message may carry; Discord refuses or ignores the others.
const REPLY_FLAGS = MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;
const EDIT_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;
const CHANNEL_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export type SendKind = 'reply' | 'edit' | 'followup';

/**
 * discord.js options for one reply. `data.attachments` is left out: discord.js describes the
 * uploaded `files` itself (id = position), and passing both would list each file twice.
 */
export function toInteractionOptions(reply: Reply, kind: 'edit'): InteractionEditReplyOptions;
export function toInteractionOptions(reply: Reply, kind: 'reply' | 'followup'): InteractionReplyOptions;
export function toInteractionOptions(reply: Reply, kind: SendKind): InteractionReplyOptions | InteractionEditReplyOptions {
  const { data } = safeData(reply.data);
  const flags = Number(data.flags ?? 0) & (kind === 'edit' ? EDIT_FLAGS : REPLY_FLAGS);
  const options: InteractionReplyOptions & InteractionEditReplyOptions = {
    allowedMentions: NO_MENTIONS,
    ...(data.content !== undefined ? { content: data.content } : {}),
    ...(data.embeds !== undefined ? { embeds: data.embeds } : {}),
    ...(data.components !== undefined ? { components: data.components as never } : {}),
    ...(data.tts !== undefined && kind !== 'edit' ? { tts: data.tts } : {}),
    ...(reply.files?.length
      ? {
          files: reply.files.map((f) => ({
            attachment: f.data,
            name: f.name,
            ...(f.description !== undefined ? { description: f.description } : {}),
          })),
        }
      : {}),
  };
  if (flags !== 0 || kind !== 'edit') (options as { flags?: number }).flags = flags;
  return options;
}

/** A REST body (and files) for POST /channels/{id}/messages. */
export function toChannelMessage(reply: Reply): { body: RESTPostAPIChannelMessageJSONBody; files: RawFile[] } {
  const { data } = safeData(reply.data);
  const files = (reply.files ?? []).map((f) => ({ name: f.name, data: f.data }));
  const body: RESTPostAPIChannelMessageJSONBody = {
    allowed_mentions: NO_MENTIONS,
    ...(data.content !== undefined ? { content: data.content } : {}),
    ...(data.embeds !== undefined ? { embeds: data.embeds } : {}),
    ...(data.components !== undefined ? { components: data.components } : {}),
    ...(reply.files?.length
      ? {
          attachments: reply.files.map((f, id) => ({
            id,
            filename: f.name,
            ...(f.description !== undefined ? { description: f.description } : {}),
          })),
        }
      : {}),
  };
  const flags = Number(data.flags ?? 0) & CHANNEL_FLAGS;
  if (flags !== 0) body.flags = flags;
  return { body, files };
}
