/** A channel named by a channel option, as the transport resolved it for this interaction. */
export interface ChannelTarget {
  readonly id: string;
  /** The server the channel belongs to; null when the transport could not tell. */
  readonly guildId: string | null;
  /** The asker's permissions in that channel, overwrites included (Discord computes them); null when unknown. */
  readonly memberPermissions: bigint | null;
  /** The bot's permissions in that channel; null when unknown (then Discord's own refusal decides). */
  readonly botPermissions: bigint | null;
}

/** Who asked, and where: what a command may need beyond its arguments. */
export interface Invocation {
  readonly userId: string;
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** The member's permissions in the channel the command was used in (null in a DM or the console). */
  readonly memberPermissions: bigint | null;
  /** The bot's permissions in that channel; null or absent when unknown. */
  readonly botPermissions?: bigint | null;
  /** The channels that channel options name, by option name. */
  readonly channels?: Readonly<Record<string, ChannelTarget>>;
}

/** Raw option values as a transport delivers them; a subcommand arrives as `subcommand`. */
export type RawOptions = Readonly<Record<string, string | number | boolean>>;

export interface FocusedOption {
  readonly name: string;
  readonly value: string;
}
