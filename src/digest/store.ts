import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import Database from 'better-sqlite3';
import { pauseReason, type PauseCode, type PauseReason } from './pause.js';
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

/**
 * A schema change: SQL, or a function where rows must be read to be rewritten (run in the same
 * transaction as the version bump, so a file never has half of one).
 */
export type Migration = { readonly name: string } & ({ readonly sql: string } | { readonly up: (db: Database.Database) => void });

/** Schema changes, in order; `PRAGMA user_version` counts how many a file has had. Append only. */
export const MIGRATIONS: readonly Migration[] = [
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
  {
    name: 'pause reasons as codes',
    up(db) {
      db.exec(`
        -- A code of src/digest/pause.ts, and as JSON the detail a code needs (Discord's fields for an
        -- invalid message, the old text for 'other'). No CHECK on the code: SQLite cannot change a
        -- CHECK without copying the table, and a reader that meets a code it does not know shows
        -- it as 'other'.
        ALTER TABLE subscriptions ADD COLUMN paused_code TEXT;
        ALTER TABLE subscriptions ADD COLUMN paused_detail TEXT;
      `);
      const paused = db
        .prepare<[], { id: number; paused_reason: string }>('SELECT id, paused_reason FROM subscriptions WHERE paused_reason IS NOT NULL')
        .all();
      const setCode = db.prepare<[code: string, detail: string | null, id: number]>(
        'UPDATE subscriptions SET paused_code = ?, paused_detail = ? WHERE id = ?',
      );
      for (const row of paused) {
        const { code, detail } = codeOfVersion1Sentence(row.paused_reason);
        setCode.run(code, detail, row.id);
      }
      // Dropped rather than left beside the code: an older bot still running on this file during a
      // deploy then fails loudly at its next pass instead of posting to channels paused here.
      db.exec('ALTER TABLE subscriptions DROP COLUMN paused_reason');
    },
  },
];

/**
 * The sentences schema version 1 stored as pause reasons. Frozen copies, not pause.ts's words:
 * those may be reworded, and this must still recognise what old files hold.
 */
const VERSION_1_SENTENCES = new Map([
  ['Unknown Channel (10003): the channel was deleted', 'unknown-channel'],
  ['Unknown Guild (10004): the bot is no longer in this server', 'unknown-guild'],
  ['Missing Access (50001): the bot cannot see the channel', 'missing-access'],
  ['Missing Permissions (50013): the bot cannot post there (it needs View Channel, Send Messages and Embed Links)', 'missing-permissions'],
  ['Cannot send messages in a non-text channel (50008)', 'not-text'],
  ['The thread is archived (50083)', 'thread-archived'],
]);
/** Version 1's sentence for a 400 (cut to 300 characters with "..." when Discord listed many fields). */
const VERSION_1_INVALID = /^Discord refused the message as invalid \(HTTP 400 (.+?)(?:, code (\d+))?\)(?:: (.+))?$/;

/** A version 1 pause sentence as version 2's columns; a sentence it does not know is kept as 'other'. */
function codeOfVersion1Sentence(sentence: string): { code: string; detail: string | null } {
  const code = VERSION_1_SENTENCES.get(sentence);
  if (code !== undefined) return { code, detail: null };
  const invalid = VERSION_1_INVALID.exec(sentence);
  if (invalid) {
    const [, summary, discordCode, fields] = invalid;
    const detail = {
      summary,
      ...(discordCode === undefined ? {} : { discordCode: Number(discordCode) }),
      fields: fields === undefined ? [] : fields.split('; '),
    };
    return { code: 'invalid-message', detail: JSON.stringify(detail) };
  }
  return { code: 'other', detail: JSON.stringify({ text: sentence }) };
}

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
  paused_code: string | null;
  paused_detail: string | null;
  paused_at: string | null;
  last_slot: string | null;
  /** sends.status, which its CHECK keeps to the SendStatus values. */
  last_status: SendStatus | null;
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
    paused:
      row.paused_code !== null
        ? { reason: pauseFromColumns(row.paused_code, row.paused_detail), at: new Date(row.paused_at ?? row.updated_at) }
        : null,
    lastSlot: row.last_slot !== null ? new Date(row.last_slot) : null,
    lastStatus: row.last_status,
  };
}

function pauseColumns(reason: PauseReason): { code: PauseCode; detail: string | null } {
  const { code, ...detail } = reason;
  return { code, detail: Object.keys(detail).length > 0 ? JSON.stringify(detail) : null };
}

/** Never throws: a row /digest list cannot read (a newer bot's code) still lists, as 'other'. */
function pauseFromColumns(code: string, detail: string | null): PauseReason {
  let fields: unknown = {};
  try {
    fields = detail === null ? {} : JSON.parse(detail);
  } catch {
    // not JSON: shown as text below
  }
  const parsed = pauseReason.safeParse(typeof fields === 'object' && fields !== null ? { ...fields, code } : { code });
  return parsed.success ? parsed.data : { code: 'other', text: detail === null ? code : `${code}: ${detail}` };
}

const SELECT_SUBSCRIPTION = `
  SELECT s.*,
    (SELECT slot FROM sends WHERE channel_id = s.channel_id ORDER BY slot DESC LIMIT 1) AS last_slot,
    (SELECT status FROM sends WHERE channel_id = s.channel_id ORDER BY slot DESC LIMIT 1) AS last_status
  FROM subscriptions s`;

/**
 * Every statement the store runs, compiled once per open database: `prepare` parses and plans its
 * SQL on every call, and a runner pass would otherwise do that for each subscription it looks at.
 * Only valid once the migrations have run (a statement is checked against the schema).
 */
function prepareStatements(db: Database.Database) {
  const subscriptions = <P extends unknown[]>(where: string) => db.prepare<P, SubscriptionRow>(`${SELECT_SUBSCRIPTION} ${where}`);
  return {
    subscriptionByChannel: subscriptions<[channelId: string]>('WHERE s.channel_id = ?'),
    subscriptionsInGuild: subscriptions<[guildId: string]>('WHERE s.guild_id = ? ORDER BY s.created_at, s.id'),
    activeSubscriptions: subscriptions<[]>('WHERE s.paused_code IS NULL ORDER BY s.id'),
    insertSubscription: db.prepare<{
      guildId: string;
      channelId: string;
      frequency: Frequency;
      region: string | null;
      userId: string;
      at: string;
    }>(
      `INSERT INTO subscriptions (guild_id, channel_id, frequency, region, created_by, created_at, updated_by, updated_at, active_from)
       VALUES (@guildId, @channelId, @frequency, @region, @userId, @at, @userId, @at, @at)`,
    ),
    updateSubscription: db.prepare<
      [frequency: Frequency, region: string | null, userId: string, at: string, activeFrom: string, id: number]
    >(
      `UPDATE subscriptions SET frequency = ?, region = ?, updated_by = ?, updated_at = ?, active_from = ?,
         paused_code = NULL, paused_detail = NULL, paused_at = NULL
       WHERE id = ?`,
    ),
    deleteSubscription: db.prepare<[id: number]>('DELETE FROM subscriptions WHERE id = ?'),
    pause: db.prepare<[code: PauseCode, detail: string | null, at: string, id: number]>(
      'UPDATE subscriptions SET paused_code = ?, paused_detail = ?, paused_at = ? WHERE id = ? AND paused_code IS NULL',
    ),
    isLive: db
      .prepare<[id: number, channelId: string], 1>('SELECT 1 FROM subscriptions WHERE id = ? AND channel_id = ? AND paused_code IS NULL')
      .pluck(),
    send: db.prepare<[channelId: string, slot: string], SendRow>('SELECT * FROM sends WHERE channel_id = ? AND slot = ?'),
    hasNewerSend: db.prepare<[channelId: string, slot: string], 1>('SELECT 1 FROM sends WHERE channel_id = ? AND slot > ?').pluck(),
    failRetriesOfChannel: db.prepare<[at: string, channelId: string]>(
      `UPDATE sends SET status = 'failed', finished_at = ?, error = COALESCE(error, '') || ' (gave up: a newer slot came)' WHERE channel_id = ? AND status = 'retry'`,
    ),
    insertClaim: db.prepare<{ channelId: string; slot: string; subscriptionId: number; at: string }>(
      `INSERT OR IGNORE INTO sends (channel_id, slot, subscription_id, status, attempts, first_attempt_at, last_attempt_at)
       VALUES (@channelId, @slot, @subscriptionId, 'claimed', 1, @at, @at)`,
    ),
    reclaimRetry: db.prepare<[at: string, subscriptionId: number, channelId: string, slot: string]>(
      `UPDATE sends SET status = 'claimed', attempts = attempts + 1, last_attempt_at = ?, subscription_id = ? WHERE channel_id = ? AND slot = ? AND status = 'retry'`,
    ),
    giveUp: db.prepare<[at: string, why: string, channelId: string, slot: string]>(
      `UPDATE sends SET status = 'failed', finished_at = ?, error = COALESCE(error, '') || ? WHERE channel_id = ? AND slot = ?`,
    ),
    recordSent: db.prepare<[messageId: string, at: string, channelId: string, slot: string]>(
      `UPDATE sends SET status = 'sent', message_id = ?, finished_at = ?, error = NULL WHERE channel_id = ? AND slot = ?`,
    ),
    recordFailure: db.prepare<[status: 'retry' | 'failed', reason: string, finishedAt: string | null, channelId: string, slot: string]>(
      `UPDATE sends SET status = ?, error = ?, finished_at = ? WHERE channel_id = ? AND slot = ?`,
    ),
    sendsOfChannel: db.prepare<[channelId: string], SendRow>('SELECT * FROM sends WHERE channel_id = ? ORDER BY slot DESC'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

function subscriptionByChannel(sql: Statements, channelId: string): Subscription | null {
  const row = sql.subscriptionByChannel.get(channelId);
  return row ? toSubscription(row) : null;
}

/**
 * The store's read-modify-write steps, each wrapped by `db.transaction` once; callers run them
 * with `.immediate()`, so the write lock is taken before the first read and two processes cannot
 * both decide from the same state (two claims of one slot, two inserts for one channel).
 */
function prepareTransactions(db: Database.Database, sql: Statements) {
  return {
    subscribe: db.transaction((input: SubscribeInput, at: Date): SubscribeOutcome => {
      const existing = subscriptionByChannel(sql, input.channelId);
      if (!existing) {
        sql.insertSubscription.run({
          guildId: input.guildId,
          channelId: input.channelId,
          frequency: input.frequency,
          region: input.region,
          userId: input.userId,
          at: iso(at),
        });
        return { subscription: subscriptionByChannel(sql, input.channelId)!, change: 'created' };
      }
      // A subscription never changes server: one server may not take over another's channel.
      if (existing.guildId !== input.guildId) return { subscription: existing, change: 'other-server' };
      const resumed = existing.paused !== null;
      const frequencyChanged = existing.frequency !== input.frequency;
      const changed = frequencyChanged || existing.region !== input.region;
      if (!resumed && !changed) return { subscription: existing, change: 'unchanged' };
      // A resumed or re-timed subscription owes nothing from before now: no surprise post of an old slot.
      const activeFrom = resumed || frequencyChanged ? at : existing.activeFrom;
      sql.updateSubscription.run(input.frequency, input.region, input.userId, iso(at), iso(activeFrom), existing.id);
      const subscription = subscriptionByChannel(sql, input.channelId)!;
      return resumed ? { subscription, change: 'resumed', previousPause: existing.paused.reason } : { subscription, change: 'updated' };
    }),

    unsubscribe: db.transaction((guildId: string, channelId: string): Subscription | null => {
      const existing = subscriptionByChannel(sql, channelId);
      if (!existing || existing.guildId !== guildId) return null;
      sql.deleteSubscription.run(existing.id);
      return existing;
    }),

    claim: db.transaction((id: number, channelId: string, slot: Date, at: Date, policy: RetryPolicy): { attempt: number } | null => {
      if (sql.isLive.get(id, channelId) === undefined) return null;
      const row = sql.send.get(channelId, iso(slot));
      if (!row) {
        if (sql.hasNewerSend.get(channelId, iso(slot)) !== undefined) return null;
        sql.failRetriesOfChannel.run(iso(at), channelId);
        const inserted = sql.insertClaim.run({ channelId, slot: iso(slot), subscriptionId: id, at: iso(at) });
        return inserted.changes === 1 ? { attempt: 1 } : null;
      }
      if (row.status !== 'retry') return null;
      const withinWindow = at.getTime() - new Date(row.first_attempt_at).getTime() < policy.windowMs;
      if (row.attempts < policy.maxAttempts && withinWindow) {
        sql.reclaimRetry.run(iso(at), id, channelId, iso(slot));
        return { attempt: row.attempts + 1 };
      }
      sql.giveUp.run(iso(at), ` (gave up after ${row.attempts} attempts)`, channelId, iso(slot));
      return null;
    }),
  };
}

/** Applies the migrations a file has not had yet, each in its own transaction. */
export function migrate(db: Database.Database, path = db.name): number {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  const found = current();
  if (found > MIGRATIONS.length) {
    throw new DigestDatabaseError(
      path,
      `it has schema version ${found}, newer than this bot knows (${MIGRATIONS.length}); run a newer version of the bot, or point DATABASE_PATH at another file`,
    );
  }
  for (let version = found; version < MIGRATIONS.length; version++) {
    const migration = MIGRATIONS[version]!;
    db.transaction(() => {
      // Another process may have migrated while we waited for the write lock.
      if (current() !== version) return;
      if ('sql' in migration) db.exec(migration.sql);
      else migration.up(db);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return current();
}

export class DigestStore implements DigestCommands {
  private readonly sql: Statements;
  private readonly transactions: ReturnType<typeof prepareTransactions>;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.sql = prepareStatements(db);
    this.transactions = prepareTransactions(db, this.sql);
  }

  /**
   * Opens (or creates, with its folder) the SQLite file at `path`, checks its pages, and brings
   * its schema up to date. ':memory:' gives a private in-memory store. Throws a
   * DigestDatabaseError (one line naming DATABASE_PATH and the cause) for a file it cannot use.
   */
  static open(path: string): DigestStore {
    const memory = path === ':memory:';
    if (!memory) {
      const problem = folderProblem(path) ?? fileProblem(path);
      if (problem) throw new DigestDatabaseError(path, problem);
    }
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      db.pragma('busy_timeout = 5000');
      if (!memory) db.pragma('journal_mode = WAL');
      // FULL: a claim must be on disk before the message it guards is posted, even across power loss.
      db.pragma('synchronous = FULL');
      // Damaged pages would otherwise open fine and fail each claim later, with the bot "ready".
      // The file is small (a row per channel and slot), so checking all of it at start is cheap.
      const damage = quickCheckProblems(db);
      if (damage.length > 0) {
        throw new DigestDatabaseError(
          path,
          `the database is damaged (PRAGMA quick_check: ${damage.join('; ')}); restore it from a backup, or move it away to start with no subscriptions`,
        );
      }
      migrate(db, path);
      assertWritable(db);
      return new DigestStore(db, path);
    } catch (error) {
      db?.close();
      if (error instanceof DigestDatabaseError) throw error;
      throw new DigestDatabaseError(path, sqliteProblem(path, error), { cause: error });
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
    return this.transactions.subscribe.immediate(input, at);
  }

  unsubscribe(guildId: string, channelId: string): Subscription | null {
    return this.transactions.unsubscribe.immediate(guildId, channelId);
  }

  list(guildId: string): Subscription[] {
    return this.sql.subscriptionsInGuild.all(guildId).map(toSubscription);
  }

  /** Every subscription that is not paused, in every guild. */
  active(): Subscription[] {
    return this.sql.activeSubscriptions.all().map(toSubscription);
  }

  byChannel(channelId: string): Subscription | null {
    return subscriptionByChannel(this.sql, channelId);
  }

  /** Stops posting to the channel until someone subscribes it again; /digest list shows `reason` in words. */
  pause(subscriptionId: number, reason: PauseReason, at: Date): boolean {
    const { code, detail } = pauseColumns(reason);
    return this.sql.pause.run(code, detail, iso(at), subscriptionId).changes === 1;
  }

  // ---- slots (what the runner uses) -----------------------------------------------------------

  /**
   * Claims `slot` for the subscription's channel, before posting. Returns the attempt number, or
   * null when the slot is not ours to post: already claimed or sent (by this or another process,
   * before or after a crash), a newer slot exists, the subscription was paused or removed, or a
   * temporary failure is past its retry window (then the slot is marked failed).
   */
  claim(
    subscription: Pick<Subscription, 'id' | 'channelId'>,
    slot: Date,
    at: Date,
    policy: RetryPolicy = RETRY_POLICY,
  ): { attempt: number } | null {
    return this.transactions.claim.immediate(subscription.id, subscription.channelId, slot, at, policy);
  }

  recordSent(channelId: string, slot: Date, messageId: string, at: Date): void {
    this.sql.recordSent.run(messageId, iso(at), channelId, iso(slot));
  }

  /** retry: a temporary failure that may be claimed again (within the retry policy); otherwise failed for good. */
  recordFailure(channelId: string, slot: Date, reason: string, at: Date, retry: boolean): void {
    this.sql.recordFailure.run(retry ? 'retry' : 'failed', reason, retry ? null : iso(at), channelId, iso(slot));
  }

  /** The slots claimed for a channel, newest first. */
  sends(channelId: string): SendRecord[] {
    return this.sql.sendsOfChannel.all(channelId).map((r) => ({
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

/** For entry points: the store, or the one line saying why DATABASE_PATH is unusable on stderr and exit code 1. */
export function openDigestStoreOrExit(path: string): DigestStore {
  try {
    return openDigestStore(path);
  } catch (error) {
    if (error instanceof DigestDatabaseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** DATABASE_PATH cannot hold the digest database. The message is one line, for the operator. */
export class DigestDatabaseError extends Error {
  override readonly name = 'DigestDatabaseError';
  constructor(
    readonly path: string,
    /** What is wrong, and where it helps, what to do. */
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`DATABASE_PATH ${path} cannot be used: ${problem}`.replace(/\s*\n\s*/g, ' '), options);
  }
}

// ---- why a path is unusable ------------------------------------------------------------------

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;

/** The system's own words for a failed file operation: "permission denied (EACCES)". */
function systemReason(error: unknown): string {
  const errno = (error as { errno?: unknown } | null)?.errno;
  const text = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  const code = errorCode(error);
  if (text && code) return `${text} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates the missing folders above the file, one at a time, or says why it cannot. Not
 * mkdirSync's `recursive`: on Node 20 it loops for ever, at full CPU, where mkdir answers ENOENT
 * below a parent that exists (anywhere under /proc), which hung the bot at start.
 */
function folderProblem(path: string): string | undefined {
  const missing: string[] = [];
  let dir = dirname(resolve(path));
  for (;;) {
    let found: 'folder' | 'file' | undefined;
    try {
      found = statSync(dir).isDirectory() ? 'folder' : 'file';
    } catch (error) {
      const code = errorCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `cannot look at the folder ${dir}: ${systemReason(error)}`;
    }
    if (found === 'file') return `${dir} is a file, not a folder`;
    if (found === 'folder') break;
    missing.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EEXIST') {
        if (isFolder(folder)) continue; // another process (a shard, a second instance) made it first
        // stat said missing but mkdir says it exists: a symbolic link whose target is gone.
        if (lstatSync(folder, { throwIfNoEntry: false })?.isSymbolicLink())
          return `${folder} is a link to ${linkTarget(folder)}, which does not exist`;
        return `${folder} is a file, not a folder`;
      }
      // ENOENT although the parent exists: a file system that makes no folders (/proc).
      if (code === 'ENOENT') return `cannot create the folder ${folder}: ${dirname(folder)} does not take new folders (ENOENT)`;
      return `cannot create the folder ${folder}: ${systemReason(error)}`;
    }
  }
  return undefined;
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function linkTarget(link: string): string {
  try {
    return resolve(dirname(link), readlinkSync(link));
  } catch {
    return 'something';
  }
}

/**
 * Opens (creating if need be) the file for writing once, before SQLite does: SQLite answers every
 * reason it cannot (a folder, read-only file system, no permission, /sys) with the same
 * SQLITE_CANTOPEN "unable to open database file", while the system says which one it is.
 */
function fileProblem(path: string): string | undefined {
  try {
    closeSync(openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644));
    return undefined;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EISDIR') return `it is a folder; point it at a file inside, such as ${join(path, 'bot.sqlite')}`;
    if (code === 'ENOENT') return `cannot create the file: ${dirname(resolve(path))} does not take new files (ENOENT)`;
    return `cannot ${existsSync(path) ? 'write' : 'create'} the file: ${systemReason(error)}`;
  }
}

/** quick_check's findings (it answers one row, "ok", for a sound file), without its banner line. */
function quickCheckProblems(db: Database.Database): string[] {
  const rows = db.pragma('quick_check(3)') as { quick_check: string }[];
  const lines = rows.flatMap((r) => r.quick_check.split('\n')).filter((l) => l !== 'ok' && !l.startsWith('*** in database'));
  return lines.slice(0, 3);
}

/**
 * SQLite can open a file read-only without saying so (and BEGIN IMMEDIATE alone succeeds then);
 * only a write shows it. This one is rolled back, so nothing changes, but a claim would fail the
 * same way, after the bot said it was ready.
 */
function assertWritable(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${version}`);
  } finally {
    db.exec('ROLLBACK');
  }
}

/** better-sqlite3's SqliteError (or anything else thrown while opening) as the cause for the operator. */
function sqliteProblem(path: string, error: unknown): string {
  const code = errorCode(error) ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const folder = dirname(resolve(path));
  if (code === 'SQLITE_NOTADB')
    return 'the file is not an SQLite database (SQLITE_NOTADB); move it away, or point DATABASE_PATH at another file';
  if (code.startsWith('SQLITE_CORRUPT'))
    return `the database is damaged (${code}: ${message}); restore it from a backup, or move it away to start with no subscriptions`;
  if (code.startsWith('SQLITE_READONLY')) return `the file can be read but not written (${code})`;
  // The file itself opened (fileProblem checked it), so what failed is the -wal and -shm files beside it.
  if (code.startsWith('SQLITE_CANTOPEN')) return `SQLite cannot create its -wal and -shm files in ${folder} (${code})`;
  if (code.startsWith('SQLITE_BUSY')) return `another process holds the file locked (${code}); is another copy of the bot migrating it?`;
  if (code === 'SQLITE_FULL') return `the disk is full (${code})`;
  if (code.startsWith('SQLITE_IOERR')) return `the disk reported an error (${code}: ${message})`;
  return code.startsWith('SQLITE_') ? `${message} (${code})` : message;
}
