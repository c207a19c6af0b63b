import type {
  PermissionFlagsBits,
  APIApplicationCommandOptionChoice,
  APIInteractionResponseCallbackData,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { z } from 'zod';
import type { Figures } from '../src/model/figures.js';
import type { ChartService } from '../src/charts/image.js';
import type { DigestCommands } from '../src/digest/types.js';

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

/** A permission by its discord-api-types name ('ManageMessages'). */
export type PermissionName = keyof typeof PermissionFlagsBits;

/**
 * What a command needs before it may run, checked once by the app for every transport.
 * A channel option's requirement holds only when the option is given, and its channel must be in
 * the server the command came from.
 */
export interface Requirement {
  /** The channel the command was used in, or the channel that this option names. */
  readonly in: 'here' | { readonly option: string };
  /** Only for these subcommands (default: every one). */
  readonly subcommands?: readonly string[];
  readonly member?: readonly PermissionName[];
  readonly bot?: readonly PermissionName[];
  /** What is being done, for the refusal: "Posting key points into a channel". */
  readonly action: string;
  /** What would work instead, ending the refusal: "Leave out channel to see them here." */
  readonly otherwise: string;
}

/** What a reusable command may read: the figures in use (the model and its key points) and the charts, nothing about who asks or when. */
export interface FiguresContext extends Figures {
  readonly charts: ChartService;
}

/** What any other command may read besides: the clock, who asked and where, stored state. */
export interface CommandContext extends FiguresContext {
  readonly now: () => Date;
  readonly invocation: Invocation;
  /** Digest subscriptions (/digest); absent when the bot runs without a database. */
  readonly digests?: DigestCommands;
}

/** Raw option values as a transport delivers them; a subcommand arrives as `subcommand`. */
export type RawOptions = Readonly<Record<string, string | number | boolean>>;

export interface FocusedOption {
  readonly name: string;
  readonly value: string;
}

interface CommandBase<S extends z.ZodType> {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  readonly args: S;
  /** Permissions and places this command needs; see Requirement. */
  readonly requires?: readonly Requirement[];
  /** Choices from the figures alone (Discord gives autocomplete 3 s and no deferring). */
  readonly autocomplete?: (focused: FocusedOption, ctx: FiguresContext) => APIApplicationCommandOptionChoice[];
}

/**
 * A command whose reply depends only on its arguments and the figures, so the app may reuse it
 * for anyone who asks the same: it is given nothing else to depend on.
 */
export interface ReusableCommand<S extends z.ZodType = z.ZodType> extends CommandBase<S> {
  readonly reusable: true;
  // A property, not a method, so that strictFunctionTypes refuses a run that wants more context.
  readonly run: (args: z.infer<S>, ctx: FiguresContext) => CommandResult | Promise<CommandResult>;
}

/** A command that may depend on who asks, when, or stored state; run afresh every time. */
export interface PersonalCommand<S extends z.ZodType = z.ZodType> extends CommandBase<S> {
  readonly reusable?: false;
  readonly run: (args: z.infer<S>, ctx: CommandContext) => CommandResult | Promise<CommandResult>;
}

/**
 * One slash command: its registration JSON, the zod schema of its options, and a pure `run`.
 * Nothing here talks to Discord; adapters carry out what `run` returns.
 */
export type CommandModule<S extends z.ZodType = z.ZodType> = ReusableCommand<S> | PersonalCommand<S>;

type Answer = CommandResult | Promise<CommandResult>;
/**
 * A command as the bot's list holds it, its argument type erased: the app passes `run` only what
 * the command's own `args` parsed. Each module is checked against CommandModule<typeof args> where
 * it is defined; method syntax here (bivariant) lets the checked modules share one list.
 */
export type RegisteredCommand =
  | (Omit<ReusableCommand, 'run'> & { run(args: unknown, ctx: FiguresContext): Answer })
  | (Omit<PersonalCommand, 'run'> & { run(args: unknown, ctx: CommandContext): Answer });

/**
 * A problem the user can fix (unknown country, year without data). Its message is shown to them
 * as it is, ephemerally, so it must say what would work.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
