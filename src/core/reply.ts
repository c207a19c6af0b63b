import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';

/** A file sent with a reply (a locally rendered chart); `data.attachments` names it. */
export interface ReplyFile {
  readonly name: string;
  readonly data: Buffer;
  readonly description?: string;
}

/** A reply in Discord's own shape, plus any files to upload with it. */
export interface Reply {
  readonly data: APIInteractionResponseCallbackData;
  readonly files?: readonly ReplyFile[];
}

/** A message the adapter should post into another channel, then confirm with `confirm`. */
export interface PostIntent {
  readonly channelId: string;
  readonly message: Reply;
  /** Ephemeral confirmation; `{link}` is replaced by the posted message's URL. */
  readonly confirm: string;
}

export interface CommandResult extends Reply {
  readonly post?: PostIntent;
}
