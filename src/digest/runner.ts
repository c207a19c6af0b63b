import { createHash, randomUUID } from 'node:crypto';
import type { Reply } from '../core/reply.js';
import { pauseText, type PauseReason } from './pause.js';
import { dueSlot } from './schedule.js';
import { RETRY_POLICY, type DigestStore, type RetryPolicy } from './store.js';
import type { DigestLog, PostFn, PostResult, Subscription } from './types.js';

export interface DigestRunnerOptions {
  readonly store: DigestStore;
  readonly now: () => Date;
  readonly post: PostFn;
  /** The digest for a region id (or both regions when undefined): the key points embed. */
  readonly buildMessage: (region: string | undefined) => Reply | Promise<Reply>;
  readonly log: DigestLog;
  /** Only guilds for which this returns true (a sharded process posts only its own guilds'). */
  readonly shardFilter?: (guildId: string) => boolean;
  /** How often to look for due slots; default one minute. A pass also runs at start. */
  readonly intervalMs?: number;
  readonly retryPolicy?: RetryPolicy;
}

export interface PassReport {
  /** Channels posted to, with the slot. */
  readonly posted: { readonly channelId: string; readonly slot: Date; readonly messageId: string }[];
  /** Temporary failures (may be retried within the retry window) and failures given up on. */
  readonly failed: { readonly channelId: string; readonly slot: Date; readonly reason: string }[];
  /** Subscriptions paused because their channel is gone or closed to the bot, or Discord refused the message as invalid. */
  readonly paused: { readonly channelId: string; readonly reason: PauseReason }[];
}

export interface AnnounceReport {
  readonly posted: readonly string[];
  readonly failed: readonly { readonly channelId: string; readonly reason: string }[];
  readonly paused: readonly { readonly channelId: string; readonly reason: PauseReason }[];
}

export interface DigestRunner {
  /** One pass: posts every slot due at `at` (default: now()). Passes never overlap. */
  runDueDigests(at?: Date): Promise<PassReport>;
  /**
   * Posts "Figures updated: <summary>" once to every channel with an active subscription. Call it
   * once per change: each call posts again, even with the same summary.
   */
  announceFiguresUpdated(summary: string): Promise<AnnounceReport>;
  /** Settles when the pass run at start has finished. */
  readonly ready: Promise<PassReport>;
  /** Stops the timer and waits for a pass in progress. Does not close the store. */
  stop(): Promise<void>;
}

/**
 * The message nonce for a (channel, slot): the same on every attempt, so with enforce_nonce
 * Discord keeps at most one message per slot for the few minutes it remembers nonces. 25 chars.
 */
export function slotNonce(channelId: string, slot: Date): string {
  return createHash('sha256').update(`digest:${channelId}:${slot.toISOString()}`).digest('base64url').slice(0, 25);
}

/** What "figures updated" looks like in a channel. */
export function figuresUpdatedMessage(summary: string): Reply {
  const text = summary.replace(/\s+/g, ' ').trim();
  return { data: { content: `**Figures updated:** ${text}\nUse /keypoints for the key points on the new figures.` } };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Posts digests on schedule: wakes once at start and then every `intervalMs`, finds the slot each
 * active subscription owes (only the latest one after downtime), claims it in the store, posts,
 * and records the outcome. See store.ts for why a claim comes first (at most once).
 */
export function startDigestRunner(options: DigestRunnerOptions): DigestRunner {
  const { store, now, post, buildMessage, log } = options;
  const policy = options.retryPolicy ?? RETRY_POLICY;
  const mine = (guildId: string) => options.shardFilter?.(guildId) ?? true;

  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let busy = false;
  /** Runs jobs one after another, so passes and announcements never interleave. */
  function serial<T>(job: () => Promise<T>): Promise<T> {
    const result = queue.then(async () => {
      busy = true;
      try {
        return await job();
      } finally {
        busy = false;
      }
    });
    queue = result.catch(() => undefined);
    return result;
  }

  async function safePost(channelId: string, message: Reply, nonce: string): Promise<PostResult> {
    try {
      return await post(channelId, message, { nonce });
    } catch (error) {
      log.error({ channel: channelId, err: error }, 'digest: the poster threw; treating it as a temporary failure');
      return { ok: false, permanent: false, reason: describe(error) };
    }
  }

  function pauseFor(subscription: Subscription, reason: PauseReason, at: Date): void {
    if (store.pause(subscription.id, reason, at)) {
      log.warn(
        {
          guild: subscription.guildId,
          channel: subscription.channelId,
          code: reason.code,
          reason: pauseText(reason),
        },
        'digest: Discord will not take this digest (channel gone or closed to the bot, or the message refused); subscription paused until someone subscribes it again',
      );
    }
  }

  async function pass(at: Date): Promise<PassReport> {
    const report: {
      posted: PassReport['posted'][number][];
      failed: PassReport['failed'][number][];
      paused: PassReport['paused'][number][];
    } = {
      posted: [],
      failed: [],
      paused: [],
    };
    const messages = new Map<string, Promise<Reply>>();
    const messageFor = (region: string | null) => {
      const key = region ?? '';
      let message = messages.get(key);
      if (!message) {
        message = Promise.resolve().then(() => buildMessage(region ?? undefined));
        messages.set(key, message);
      }
      return message;
    };

    for (const subscription of store.active()) {
      if (!mine(subscription.guildId)) continue;
      const slot = dueSlot(subscription, at);
      if (!slot) continue;
      const { channelId } = subscription;
      let message: Reply;
      try {
        // Built before the claim: a message that cannot be built must not use up the slot.
        message = await messageFor(subscription.region);
      } catch (error) {
        log.error({ channel: channelId, region: subscription.region, err: error }, 'digest: could not build the digest message');
        report.failed.push({ channelId, slot, reason: `could not build the message: ${describe(error)}` });
        continue;
      }
      const claim = store.claim(subscription, slot, at, policy);
      if (!claim) continue;
      const result = await safePost(channelId, message, slotNonce(channelId, slot));
      const done = now();
      if (result.ok) {
        store.recordSent(channelId, slot, result.messageId, done);
        report.posted.push({ channelId, slot, messageId: result.messageId });
        log.info(
          { guild: subscription.guildId, channel: channelId, slot: slot.toISOString(), message: result.messageId },
          'digest: posted',
        );
      } else if (result.permanent) {
        store.recordFailure(channelId, slot, pauseText(result.reason), done, false);
        pauseFor(subscription, result.reason, done);
        report.paused.push({ channelId, reason: result.reason });
      } else {
        const retry = claim.attempt < policy.maxAttempts;
        store.recordFailure(channelId, slot, result.reason, done, retry);
        report.failed.push({ channelId, slot, reason: result.reason });
        log.warn(
          {
            channel: channelId,
            slot: slot.toISOString(),
            attempt: claim.attempt,
            reason: result.reason,
          },
          retry ? 'digest: temporary failure; will try again shortly' : 'digest: failed; giving up on this slot',
        );
      }
    }
    return report;
  }

  async function announce(summary: string): Promise<AnnounceReport> {
    const message = figuresUpdatedMessage(summary);
    // One id per announcement, not per summary and minute: a typo and its revert have the same
    // summary, and Discord drops a second message with a nonce it has seen (the revert was never
    // posted). The nonce still guards what it is for, REST retrying this very post.
    const announcementId = randomUUID();
    const seen = new Set<string>();
    const posted: string[] = [];
    const failed: { channelId: string; reason: string }[] = [];
    const paused: { channelId: string; reason: PauseReason }[] = [];
    for (const subscription of store.active()) {
      const { channelId } = subscription;
      if (!mine(subscription.guildId) || seen.has(channelId)) continue;
      seen.add(channelId);
      const nonce = createHash('sha256').update(`figures:${channelId}:${announcementId}`).digest('base64url').slice(0, 25);
      const result = await safePost(channelId, message, nonce);
      if (result.ok) posted.push(channelId);
      else if (result.permanent) {
        pauseFor(subscription, result.reason, now());
        paused.push({ channelId, reason: result.reason });
      } else {
        failed.push({ channelId, reason: result.reason });
        log.warn({ channel: channelId, reason: result.reason }, 'digest: could not post the figures update');
      }
    }
    log.info({ channels: posted.length, failed: failed.length, paused: paused.length }, 'digest: figures update announced');
    return { posted, failed, paused };
  }

  const runDueDigests = (at?: Date) => serial(() => pass(at ?? now()));

  const tick = () => {
    if (stopped || busy) return; // a slow pass is still going: the next tick catches up
    runDueDigests().catch((error: unknown) => log.error({ err: error }, 'digest: pass failed'));
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref(); // the gateway keeps the process alive; the digests alone should not
  const ready = runDueDigests();
  ready.catch((error: unknown) => log.error({ err: error }, 'digest: first pass failed'));

  return {
    runDueDigests,
    announceFiguresUpdated: (summary: string) => serial(() => announce(summary)),
    ready,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await queue;
    },
  };
}
