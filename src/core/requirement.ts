import type { PermissionFlagsBits } from 'discord-api-types/v10';

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
