import type { APIApplicationCommandOptionChoice, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { FocusedOption, Invocation, RawOptions } from '../core/invocation.js';
import type { CommandResult } from '../core/reply.js';

export type OutcomeKind = 'ok' | 'user-error' | 'internal-error' | 'unknown-command';

/** What became of one command: the reply to send (always one) and how it went, for the log. */
export interface Outcome {
  readonly kind: OutcomeKind;
  readonly result: CommandResult;
  /** The thrown value behind an internal error, for one log line with its stack. */
  readonly error?: unknown;
  /** What the reply broke of Discord's limits and had cut, for a warning in the log. */
  readonly shortened?: readonly string[];
}

/**
 * The bot as any transport sees it. `handle` never throws and always yields a reply, so an
 * adapter cannot drop an interaction by accident.
 */
export interface App {
  readonly definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
  handle(name: string, options: RawOptions, invocation: Invocation): Promise<Outcome>;
  /** Choices computed from memory (Discord gives autocomplete 3 s and no deferring); the adapter fits them to Discord's limits. */
  autocomplete(name: string, focused: FocusedOption, options: RawOptions, invocation: Invocation): APIApplicationCommandOptionChoice[];
}
