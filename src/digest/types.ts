import type { Reply } from '../core/reply.js';
import type { PauseReason } from './pause.js';
import type { Frequency, SendStatus } from './schedule.js';

/** One channel's digest subscription (one per channel). */
export interface Subscription {
  readonly id: number;
  readonly guildId: string;
  readonly channelId: string;
  readonly frequency: Frequency;
  /** A region id (central-asia, south-caucasus), or null for both. */
  readonly region: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Slots before this are not owed: set on subscribe, on resume, and when the frequency changes. */
  readonly activeFrom: Date;
  /** Set when posting failed for good (channel gone, no access, message refused); cleared by subscribing again. */
  readonly paused: { readonly reason: PauseReason; readonly at: Date } | null;
  /** The newest slot ever claimed for this channel and how it ended. */
  readonly lastSlot: Date | null;
  readonly lastStatus: SendStatus | null;
}

export interface SubscribeInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly frequency: Frequency;
  readonly region: string | null;
  readonly userId: string;
}

/**
 * created: new; updated: frequency or region changed; resumed: was paused; unchanged: same as
 * before; other-server: the channel's subscription belongs to another server and was left as it is.
 */
export type SubscribeChange = 'created' | 'updated' | 'resumed' | 'unchanged' | 'other-server';

export interface SubscribeOutcome {
  readonly subscription: Subscription;
  readonly change: SubscribeChange;
  /** Why it had been paused, when change is 'resumed'. */
  readonly previousPause?: PauseReason;
}

/** What /digest needs: the store implements it; commands get it through CommandContext.digests. */
export interface DigestCommands {
  subscribe(input: SubscribeInput, at: Date): SubscribeOutcome;
  /** Removes this guild's subscription for the channel; null when there was none. */
  unsubscribe(guildId: string, channelId: string): Subscription | null;
  list(guildId: string): readonly Subscription[];
}

/**
 * What the adapter's poster answers. permanent: the channel is gone or closed to the bot
 * (Unknown Channel 10003, Missing Access 50001, Missing Permissions 50013), or Discord refused the
 * message itself (any 400, such as Invalid Form Body 50035): retrying cannot help, so the
 * subscription is paused with `reason`, which /digest list shows. Otherwise `reason` is the
 * temporary failure in words, for the log.
 */
export type PostResult =
  | { readonly ok: true; readonly messageId: string }
  | { readonly ok: false; readonly permanent: true; readonly reason: PauseReason }
  | { readonly ok: false; readonly permanent: false; readonly reason: string };

export interface PostOptions {
  /**
   * Send as the message `nonce` with `enforce_nonce: true`: Discord then creates at most one
   * message per nonce for a few minutes, so a retry after an unclear failure cannot duplicate.
   * At most 25 characters.
   */
  readonly nonce?: string;
}

/** Posts a message to a channel. Should not throw; a throw is treated as a temporary failure. */
export type PostFn = (channelId: string, message: Reply, options?: PostOptions) => Promise<PostResult>;

export type LogFields = Readonly<Record<string, unknown>>;

/** The part of a pino logger the digests use, in pino's order: fields, then the message. */
export interface DigestLog {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}
