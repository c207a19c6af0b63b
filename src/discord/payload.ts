import type { APIAllowedMentions, APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { InteractionEditReplyOptions, InteractionReplyOptions } from 'discord.js';
import { finishResult } from '../app/finish.js';
import type { Reply } from '../core/reply.js';
import { ephemeralReply } from '../format/replies.js';

/** No reply ever pings anyone: set on the client as its default and on every payload. */
export const NO_MENTIONS = { parse: [] } satisfies APIAllowedMentions;

export const EPHEMERAL = MessageFlags.Ephemeral;

export const isEphemeral = (data: APIInteractionResponseCallbackData): boolean => (Number(data.flags ?? 0) & EPHEMERAL) !== 0;

/** A short private reply of the adapter's own, finished as every reply is. */
export const ephemeral = (content: string): Reply => finishResult(ephemeralReply(content));

/** The answer to a command that arrives while the bot is stopping (a deploy, a restart). */
export const RESTARTING = "I'm restarting just now. Please try again in a minute.";

// Flags each kind of message may carry; Discord refuses or ignores the others.
const REPLY_FLAGS = MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;
const EDIT_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;

export type SendKind = 'reply' | 'edit' | 'followup';

/**
 * discord.js options for one reply. `data.attachments` is left out: discord.js describes the
 * uploaded `files` itself (id = position), and passing both would list each file twice.
 */
export function toInteractionOptions(reply: Reply, kind: 'edit'): InteractionEditReplyOptions;
export function toInteractionOptions(reply: Reply, kind: 'reply' | 'followup'): InteractionReplyOptions;
export function toInteractionOptions(reply: Reply, kind: SendKind): InteractionReplyOptions | InteractionEditReplyOptions {
  // Every reply reaches the adapter finished (src/app/finish.ts): within the limits, no pings.
  const { data } = reply;
  const flags = Number(data.flags ?? 0) & (kind === 'edit' ? EDIT_FLAGS : REPLY_FLAGS);
  const options: InteractionReplyOptions & InteractionEditReplyOptions = {
    allowedMentions: NO_MENTIONS,
    ...(data.content !== undefined ? { content: data.content } : {}),
    ...(data.embeds !== undefined ? { embeds: data.embeds } : {}),
    ...(data.components !== undefined ? { components: data.components } : {}),
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

// One serialisation per reply object: a cached reply (src/app/createApp.ts) is the same object on
// every hit, so its body is built and stringified on the first send only.
const callbackBodies = new WeakMap<Reply, string>();

/**
 * The body of POST /interactions/{id}/{token}/callback answering with `reply`, as JSON text:
 * the keys, in the order, that discord.js's `interaction.reply(toInteractionOptions(reply))` sends
 * (its MessagePayload), without its snake_case deep copy of every embed, which our API-shaped
 * payloads do not need. Not for replies with files: those are multipart, through discord.js.
 */
export function callbackBody(reply: Reply): string {
  let body = callbackBodies.get(reply);
  if (body === undefined) {
    const { data } = reply;
    body = JSON.stringify({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: {
        ...(data.content !== undefined ? { content: data.content } : {}),
        tts: Boolean(data.tts),
        enforce_nonce: false,
        ...(data.embeds !== undefined ? { embeds: data.embeds } : {}),
        ...(data.components !== undefined ? { components: data.components } : {}),
        allowed_mentions: NO_MENTIONS,
        flags: Number(data.flags ?? 0) & REPLY_FLAGS,
      },
    });
    callbackBodies.set(reply, body);
  }
  return body;
}
