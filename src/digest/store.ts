import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { FREQUENCIES, type Frequency, type SendStatus } from './schedule.js';
import type { DigestCommands, SubscribeInput, SubscribeOutcome, Subscription } from './types.js';

/**
 * Digest subscriptions and the record of every slot, in one SQLite file (better-sqlite3 12).
 *
 * Exactly-once is impossible when the process can die between Discord accepting a message and us
 * writing that down, so we choose AT MOST ONCE: a slot is *claimed* (a row in `sends`, unique per
 * channel and slot, written in an IMMEDIATE transaction) before anything is posted, and marked
 * 'sent' after. If the process dies after the claim, the row stays 'claimed' and no process ever
 * posts that slot again: a missed digest is a small loss (the next slot comes), a duplicate in
 * somebody's channel is a visible fault. The same claim keeps two processes (shards, or an old and
 * a new instance during a deploy) from both posting a slot.
 *
 * A post that Discord answers with a temporary error (5xx, rate limit, timeout) is recorded as
 * 'retry' and may be claimed again, a few times, only within RETRY_POLICY.windowMs of the first
 * attempt; every attempt carries the same message nonce with enforce_nonce, so Discord itself
 * drops a second copy if an "error" was in fact delivered. Past that window the slot is 'failed'.
 */

export const RETRY_POLICY = { maxAttempts: 3, windowMs: 4 * 60_000 } as const;
export type RetryPolicy = { readonly maxAttempts: number; readonly windowMs: number };

/** Schema changes, in order; `PRAGMA user_version` counts how many a file has had. Append only. */
export const MIGRATIONS: readonly { readonly name: string; readonly sql: string }[] = [
  {
    name: 'subscriptions and sends',
    sql: `
      CREATE TABLE subscriptions (
        id            INTEGER PRIMARY KEY,
        guild_id      TEXT NOT NULL,
        channel_id    TEXT NOT NULL UNIQUE,
        frequency     TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
        region        TEXT,
        created_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_by    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        active_from   TEXT NOT NULL,
        paused_reason TEXT,
        paused_at     TEXT
      );
      CREATE INDEX subscriptions_by_guild ON subscriptions (guild_id);

      -- One row per (channel, slot) ever claimed. Kept after an unsubscribe, so that subscribing the
      -- same channel again can never bring a second post for a slot it already had.
      CREATE TABLE sends (
        channel_id       TEXT NOT NULL,
        slot             TEXT NOT NULL,
        subscription_id  INTEGER NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'retry', 'failed')),
        attempts         INTEGER NOT NULL,
        first_attempt_at TEXT NOT NULL,
        last_attempt_at  TEXT NOT NULL,
        finished_at      TEXT,
        message_id       TEXT,
        error            TEXT,
        PRIMARY KEY (channel_id, slot)
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

interface SubscriptionRow {
  id: number;
  guild_id: string;
  channel_id: string;
  frequency: string;
  region: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  active_from: string;
  paused_reason: string | null;
  paused_at: string | null;
  last_slot: string | null;
  last_status: string | null;
}

export interface SendRecord {
  readonly channelId: string;
  readonly slot: Date;
  readonly subscriptionId: number;
  readonly status: SendStatus;
  readonly attempts: number;
  readonly messageId: string | null;
  readonly error: string | null;
}

interface SendRow {
  channel_id: string;
  slot: string;
  subscription_id: number;
  status: SendStatus;
  attempts: number;
  first_attempt_at: string;
  message_id: string | null;
  error: string | null;
}

const iso = (d: Date) => d.toISOString();
const isFrequency = (s: string): s is Frequency => (FREQUENCIES as readonly string[]).includes(s);

function toSubscription(row: SubscriptionRow): Subscription {
  if (!isFrequency(row.frequency)) throw new Error(`digest store: subscription ${row.id} has unknown frequency ${row.frequency}`);
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    frequency: row.frequency,
    region: row.region,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    activeFrom: new Date(row.active_from),
    paused: row.paused_reason !== null ? { reason: row.paused_reason, at: new Date(row.paused_at ?? row.updated_at) } : null,
    lastSlot: row.last_slot !== null ? new Date(row.last_slot) : null,
    lastStatus: (row.last_status as SendStatus | null) ?? null,
  };
}

const SELECT_SUBSCRIPTION = `
  SELECT s.*,
    (SELECT slot FROM sends WHERE channel_id = s.channel_id ORDER BY slot DESC LIMIT 1) AS last_slot,
    (SELECT status FROM sends WHERE channel_id = s.channel_id ORDER BY slot DESC LIMIT 1) AS last_status
  FROM subscriptions s`;

/** Applies the migrations a file has not had yet, each in its own transaction. */
export function migrate(db: Database.Database, path = db.name): number {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  const found = current();
  if (found > MIGRATIONS.length) {
    throw new Error(
      `The digest database ${path} has schema version ${found}, newer than this bot knows (${MIGRATIONS.length}). ` +
        'Run a newer version of the bot, or point DATABASE_PATH at another file.',
    );
  }
  for (let version = found; version < MIGRATIONS.length; version++) {
    const migration = MIGRATIONS[version]!;
    db.transaction(() => {
      // Another process may have migrated while we waited for the write lock.
      if (current() !== version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return current();
}

export class DigestStore implements DigestCommands {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /**
   * Opens (or creates, with its folder) the SQLite file at `path` and brings its schema up to
   * date. ':memory:' gives a private in-memory store.
   */
  static open(path: string): DigestStore {
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      db.pragma('busy_timeout = 5000');
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      // FULL: a claim must be on disk before the message it guards is posted, even across power loss.
      db.pragma('synchronous = FULL');
      migrate(db, path);
      return new DigestStore(db, path);
    } catch (error) {
      db?.close();
      throw new Error(`Cannot open the digest database ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- subscriptions (what /digest uses) ------------------------------------------------------

  subscribe(input: SubscribeInput, at: Date): SubscribeOutcome {
    return this.db
      .transaction((): SubscribeOutcome => {
        const existing = this.byChannel(input.channelId);
        if (!existing) {
          this.db
            .prepare(
              `INSERT INTO subscriptions (guild_id, channel_id, frequency, region, created_by, created_at, updated_by, updated_at, active_from)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(input.guildId, input.channelId, input.frequency, input.region, input.userId, iso(at), input.userId, iso(at), iso(at));
          return { subscription: this.byChannel(input.channelId)!, change: 'created' };
        }
        // A subscription never changes server: one server may not take over another's channel.
        if (existing.guildId !== input.guildId) return { subscription: existing, change: 'other-server' };
        const resumed = existing.paused !== null;
        const frequencyChanged = existing.frequency !== input.frequency;
        const changed = frequencyChanged || existing.region !== input.region;
        if (!resumed && !changed) return { subscription: existing, change: 'unchanged' };
        // A resumed or re-timed subscription owes nothing from before now: no surprise post of an old slot.
        const activeFrom = resumed || frequencyChanged ? at : existing.activeFrom;
        this.db
          .prepare(
            `UPDATE subscriptions SET frequency = ?, region = ?, updated_by = ?, updated_at = ?, active_from = ?,
               paused_reason = NULL, paused_at = NULL
             WHERE id = ?`,
          )
          .run(input.frequency, input.region, input.userId, iso(at), iso(activeFrom), existing.id);
        const subscription = this.byChannel(input.channelId)!;
        return resumed ? { subscription, change: 'resumed', previousPause: existing.paused!.reason } : { subscription, change: 'updated' };
      })
      .immediate();
  }

  unsubscribe(guildId: string, channelId: string): Subscription | null {
    return this.db
      .transaction(() => {
        const existing = this.byChannel(channelId);
        if (!existing || existing.guildId !== guildId) return null;
        this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(existing.id);
        return existing;
      })
      .immediate();
  }

  list(guildId: string): Subscription[] {
    const rows = this.db.prepare(`${SELECT_SUBSCRIPTION} WHERE s.guild_id = ? ORDER BY s.created_at, s.id`).all(guildId) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  /** Every subscription that is not paused, in every guild. */
  active(): Subscription[] {
    const rows = this.db.prepare(`${SELECT_SUBSCRIPTION} WHERE s.paused_reason IS NULL ORDER BY s.id`).all() as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  byChannel(channelId: string): Subscription | null {
    const row = this.db.prepare(`${SELECT_SUBSCRIPTION} WHERE s.channel_id = ?`).get(channelId) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : null;
  }

  /** Stops posting to the channel until someone subscribes it again; `reason` is shown by /digest list. */
  pause(subscriptionId: number, reason: string, at: Date): boolean {
    const result = this.db
      .prepare('UPDATE subscriptions SET paused_reason = ?, paused_at = ? WHERE id = ? AND paused_reason IS NULL')
      .run(reason, iso(at), subscriptionId);
    return result.changes === 1;
  }

  // ---- slots (what the runner uses) -----------------------------------------------------------

  /**
   * Claims `slot` for the subscription's channel, before posting. Returns the attempt number, or
   * null when the slot is not ours to post: already claimed or sent (by this or another process,
   * before or after a crash), a newer slot exists, the subscription was paused or removed, or a
   * temporary failure is past its retry window (then the slot is marked failed).
   */
  claim(subscription: Pick<Subscription, 'id' | 'channelId'>, slot: Date, at: Date, policy: RetryPolicy = RETRY_POLICY): { attempt: number } | null {
    const { id, channelId } = subscription;
    return this.db
      .transaction((): { attempt: number } | null => {
        const live = this.db.prepare('SELECT 1 FROM subscriptions WHERE id = ? AND channel_id = ? AND paused_reason IS NULL').get(id, channelId);
        if (!live) return null;
        const row = this.db.prepare('SELECT * FROM sends WHERE channel_id = ? AND slot = ?').get(channelId, iso(slot)) as SendRow | undefined;
        if (!row) {
          const newer = this.db.prepare('SELECT 1 FROM sends WHERE channel_id = ? AND slot > ?').get(channelId, iso(slot));
          if (newer) return null;
          this.db
            .prepare(`UPDATE sends SET status = 'failed', finished_at = ?, error = COALESCE(error, '') || ' (gave up: a newer slot came)' WHERE channel_id = ? AND status = 'retry'`)
            .run(iso(at), channelId);
          const inserted = this.db
            .prepare(
              `INSERT OR IGNORE INTO sends (channel_id, slot, subscription_id, status, attempts, first_attempt_at, last_attempt_at)
               VALUES (?, ?, ?, 'claimed', 1, ?, ?)`,
            )
            .run(channelId, iso(slot), id, iso(at), iso(at));
          return inserted.changes === 1 ? { attempt: 1 } : null;
        }
        if (row.status !== 'retry') return null;
        const withinWindow = at.getTime() - new Date(row.first_attempt_at).getTime() < policy.windowMs;
        if (row.attempts < policy.maxAttempts && withinWindow) {
          this.db
            .prepare(`UPDATE sends SET status = 'claimed', attempts = attempts + 1, last_attempt_at = ?, subscription_id = ? WHERE channel_id = ? AND slot = ? AND status = 'retry'`)
            .run(iso(at), id, channelId, iso(slot));
          return { attempt: row.attempts + 1 };
        }
        this.db
          .prepare(`UPDATE sends SET status = 'failed', finished_at = ?, error = COALESCE(error, '') || ? WHERE channel_id = ? AND slot = ?`)
          .run(iso(at), ` (gave up after ${row.attempts} attempts)`, channelId, iso(slot));
        return null;
      })
      .immediate();
  }

  recordSent(channelId: string, slot: Date, messageId: string, at: Date): void {
    this.db
      .prepare(`UPDATE sends SET status = 'sent', message_id = ?, finished_at = ?, error = NULL WHERE channel_id = ? AND slot = ?`)
      .run(messageId, iso(at), channelId, iso(slot));
  }

  /** retry: a temporary failure that may be claimed again (within the retry policy); otherwise failed for good. */
  recordFailure(channelId: string, slot: Date, reason: string, at: Date, retry: boolean): void {
    this.db
      .prepare(`UPDATE sends SET status = ?, error = ?, finished_at = ? WHERE channel_id = ? AND slot = ?`)
      .run(retry ? 'retry' : 'failed', reason, retry ? null : iso(at), channelId, iso(slot));
  }

  /** The slots claimed for a channel, newest first. */
  sends(channelId: string): SendRecord[] {
    const rows = this.db.prepare('SELECT * FROM sends WHERE channel_id = ? ORDER BY slot DESC').all(channelId) as SendRow[];
    return rows.map((r) => ({
      channelId: r.channel_id,
      slot: new Date(r.slot),
      subscriptionId: r.subscription_id,
      status: r.status,
      attempts: r.attempts,
      messageId: r.message_id,
      error: r.error,
    }));
  }
}

/** Opens the digest store at DATABASE_PATH (default var/bot.sqlite): creates file and folder, migrates. */
export function openDigestStore(path: string): DigestStore {
  return DigestStore.open(path);
}
