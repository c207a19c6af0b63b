import type { APIApplicationCommandOptionChoice, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { z } from 'zod';
import type { Figures } from '../src/model/figures.js';
import type { ChartService } from '../src/charts/image.js';
import type { DigestCommands } from '../src/digest/types.js';
import type { FocusedOption, Invocation, RawOptions } from '../src/core/invocation.js';
import type { CommandResult } from '../src/core/reply.js';
import type { Requirement } from '../src/core/requirement.js';

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

interface CommandBase<S extends z.ZodType> {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  readonly args: S;
  /** Permissions and places this command needs; see Requirement. */
  readonly requires?: readonly Requirement[];
  /**
   * Choices from the figures and the options typed so far (the periods of the country named), alone:
   * Discord gives autocomplete 3 s and no deferring.
   */
  readonly autocomplete?: (focused: FocusedOption, ctx: FiguresContext, options: RawOptions) => APIApplicationCommandOptionChoice[];
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
