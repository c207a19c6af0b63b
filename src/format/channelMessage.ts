import { MessageFlags, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { Reply, ReplyFile } from '../core/reply.js';
import { fitPayload } from './limits.js';

/** Flags a channel message may carry; ephemeral exists only for interaction replies. */
const CHANNEL_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export interface ChannelMessage {
  readonly body: RESTPostAPIChannelMessageJSONBody;
  readonly files: readonly ReplyFile[];
}

/**
 * A reply (interaction-callback shape) as the body of POST /channels/{id}/messages, for
 * /keypoints posts, digests and announcements alike: within Discord's limits, pinging no one,
 * without the ephemeral flag, naming its files; with `nonce`, enforced, so that Discord creates
 * at most one message per nonce however often a post is retried.
 */
export function toChannelBody(reply: Reply, options: { readonly nonce?: string } = {}): ChannelMessage {
  const data = fitPayload(reply.data);
  const files = reply.files ?? [];
  const flags = Number(data.flags ?? 0) & CHANNEL_FLAGS;
  const body: RESTPostAPIChannelMessageJSONBody = {
    allowed_mentions: { parse: [] },
    ...(data.content !== undefined ? { content: data.content } : {}),
    ...(data.embeds !== undefined ? { embeds: data.embeds } : {}),
    ...(data.components !== undefined ? { components: data.components } : {}),
    ...(files.length > 0
      ? {
          attachments: files.map((f, id) => ({
            id,
            filename: f.name,
            ...(f.description !== undefined ? { description: f.description } : {}),
          })),
        }
      : {}),
    ...(flags !== 0 ? { flags } : {}),
    ...(options.nonce ? { nonce: options.nonce, enforce_nonce: true } : {}),
  };
  return { body, files };
}
