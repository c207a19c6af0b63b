import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { pauseText, type PauseReason } from '../../src/digest/pause.js';
import { MIGRATIONS, SCHEMA_VERSION, openDigestStore } from '../../src/digest/store.js';
import type { Subscription } from '../../src/digest/types.js';
import { tempDirs, writeDamagedDatabase, writeVersion1Database } from './helpers.js';

const newDir = tempDirs();
const t = (s: string) => new Date(s);
const sub = { guildId: 'g1', channelId: 'c1', frequency: 'weekly' as const, region: null, userId: 'u1' };

describe('the digest database', () => {
  it('is created with its folder on first open and migrated from an empty file to the current schema', () => {
    const path = join(newDir(), 'var', 'nested', 'bot.sqlite');
    const store = openDigestStore(path);
    expect(existsSync(path)).toBe(true);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    store.close();

    const raw = new Database(path, { readonly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    expect(tables.map((r) => r.name)).toEqual(['sends', 'subscriptions']);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('migrates a file that exists but is empty (user_version 0)', () => {
    const path = join(newDir(), 'empty.sqlite');
    new Database(path).close();
    const store = openDigestStore(path);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('re-opens an existing file without migrating again and keeps its subscriptions', () => {
    const path = join(newDir(), 'bot.sqlite');
    const first = openDigestStore(path);
    first.subscribe(sub, t('2025-06-01T00:00:00Z'));
    first.close();

    const second = openDigestStore(path);
    expect(second.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(second.list('g1').map((s) => [s.channelId, s.frequency, s.createdBy])).toEqual([['c1', 'weekly', 'u1']]);
    second.close();
  });

  it('refuses a file from a newer version of the bot, saying what to do', () => {
    const path = join(newDir(), 'future.sqlite');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDigestStore(path)).toThrow(/newer than this bot knows.*DATABASE_PATH/);
  });
});

/** What the bot says about a DATABASE_PATH it cannot use: one line naming the setting and the cause. */
function refusal(path: string): string {
  try {
    openDigestStore(path).close();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    expect(message, 'one line').not.toContain('\n');
    return message;
  }
  throw new Error(`${path} opened`);
}

describe('the store at work', () => {
  it('compiles its SQL once, when it opens, and not again for any call after', () => {
    const store = openDigestStore(':memory:');
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    try {
      const { subscription } = store.subscribe(sub, t('2025-06-01T00:00:00Z'));
      store.subscribe({ ...sub, frequency: 'daily' }, t('2025-06-01T01:00:00Z'));
      store.list('g1');
      store.active();
      store.byChannel('c1');
      const slot = t('2025-06-02T09:00:00Z');
      store.claim(subscription, slot, t('2025-06-02T09:00:01Z'));
      store.recordFailure('c1', slot, '503', t('2025-06-02T09:00:02Z'), true);
      store.claim(subscription, slot, t('2025-06-02T09:01:00Z'));
      store.recordSent('c1', slot, 'm1', t('2025-06-02T09:01:01Z'));
      store.claim(subscription, t('2025-06-03T09:00:00Z'), t('2025-06-03T09:00:01Z'));
      store.sends('c1');
      store.pause(subscription.id, { code: 'missing-access' }, t('2025-06-03T09:00:02Z'));
      store.unsubscribe('g1', 'c1');
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
      store.close();
    }
  });
});

describe('a DATABASE_PATH the bot cannot use', () => {
  it('that is a folder is refused, suggesting a file inside it', () => {
    const dir = newDir();
    expect(refusal(dir)).toBe(
      `DATABASE_PATH ${dir} cannot be used: it is a folder; point it at a file inside, such as ${join(dir, 'bot.sqlite')}`,
    );
  });

  it('below a file is refused, naming the file that stands where a folder should be', () => {
    const file = join(newDir(), 'var');
    writeFileSync(file, 'not a folder');
    expect(refusal(join(file, 'bot.sqlite'))).toBe(
      `DATABASE_PATH ${join(file, 'bot.sqlite')} cannot be used: ${file} is a file, not a folder`,
    );
    expect(refusal(join(file, 'db', 'bot.sqlite'))).toMatch(new RegExp(`cannot be used: ${file} is a file, not a folder$`));
  });

  it('in a folder that is a link to nothing (an unmounted volume) is refused, naming the link and where it points', () => {
    const dir = newDir();
    symlinkSync(join(dir, 'volume'), join(dir, 'var'));
    expect(refusal(join(dir, 'var', 'bot.sqlite'))).toBe(
      `DATABASE_PATH ${join(dir, 'var', 'bot.sqlite')} cannot be used: ${join(dir, 'var')} is a link to ${join(dir, 'volume')}, which does not exist`,
    );
  });

  it.skipIf(!existsSync('/sys/kernel'))('on a file system that takes no new files (/sys, even for root) is refused with the reason', () => {
    expect(refusal('/sys/bot.sqlite')).toMatch(
      /^DATABASE_PATH \/sys\/bot\.sqlite cannot be used: cannot create the file: permission denied \(EACCES\)$/,
    );
  });

  it('holding something other than an SQLite database is refused and left as it was', () => {
    const path = join(newDir(), 'bot.sqlite');
    const junk = randomBytes(8192);
    writeFileSync(path, junk);
    expect(refusal(path)).toBe(
      `DATABASE_PATH ${path} cannot be used: the file is not an SQLite database (SQLITE_NOTADB); move it away, or point DATABASE_PATH at another file`,
    );
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it('whose pages are damaged is refused at open, quoting PRAGMA quick_check, instead of failing digests later', () => {
    const path = join(newDir(), 'bot.sqlite');
    writeDamagedDatabase(path);
    expect(refusal(path)).toMatch(
      new RegExp(
        `^DATABASE_PATH ${path} cannot be used: the database is damaged \\(PRAGMA quick_check: .*page \\d+.*\\); restore it from a backup, or move it away to start with no subscriptions$`,
      ),
    );
  });
});

describe('subscriptions', () => {
  it('are one per channel: subscribing again updates frequency and region', () => {
    const store = openDigestStore(':memory:');
    expect(store.subscribe(sub, t('2025-06-01T00:00:00Z')).change).toBe('created');
    expect(store.subscribe(sub, t('2025-06-01T01:00:00Z')).change).toBe('unchanged');
    const updated = store.subscribe({ ...sub, frequency: 'daily', region: 'central-asia', userId: 'u2' }, t('2025-06-01T02:00:00Z'));
    expect(updated.change).toBe('updated');
    expect(updated.subscription).toMatchObject({ frequency: 'daily', region: 'central-asia', createdBy: 'u1' });
    expect(store.list('g1')).toHaveLength(1);
    store.close();
  });

  it('never change server: subscribing the same channel from another guild leaves it as it was', () => {
    const store = openDigestStore(':memory:');
    store.subscribe(sub, t('2025-06-01T00:00:00Z'));
    const taken = store.subscribe({ ...sub, guildId: 'other-guild', frequency: 'daily', userId: 'intruder' }, t('2025-06-01T01:00:00Z'));
    expect(taken.change).toBe('other-server');
    expect(store.list('other-guild')).toEqual([]);
    expect(store.list('g1')).toMatchObject([{ channelId: 'c1', frequency: 'weekly', guildId: 'g1' }]);
    store.close();
  });

  it('are removed only by their own guild', () => {
    const store = openDigestStore(':memory:');
    store.subscribe(sub, t('2025-06-01T00:00:00Z'));
    expect(store.unsubscribe('other-guild', 'c1')).toBeNull();
    expect(store.unsubscribe('g1', 'c1')?.channelId).toBe('c1');
    expect(store.list('g1')).toEqual([]);
    store.close();
  });

  it('resume when a paused channel is subscribed again, owing nothing from before', () => {
    const store = openDigestStore(':memory:');
    const { subscription } = store.subscribe(sub, t('2025-06-01T00:00:00Z'));
    store.pause(subscription.id, { code: 'missing-access' }, t('2025-06-02T09:00:01Z'));
    expect(store.active()).toEqual([]);
    expect(store.list('g1')[0]?.paused?.reason).toEqual({ code: 'missing-access' });

    const resumed = store.subscribe(sub, t('2025-06-05T00:00:00Z'));
    expect(resumed.change).toBe('resumed');
    expect(resumed.previousPause).toEqual({ code: 'missing-access' });
    expect(resumed.subscription.paused).toBeNull();
    expect(resumed.subscription.activeFrom.toISOString()).toBe('2025-06-05T00:00:00.000Z');
    store.close();
  });
});

describe('pause reasons', () => {
  const stored = (path: string) => {
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('SELECT channel_id, paused_code, paused_detail FROM subscriptions ORDER BY id').raw().all();
    raw.close();
    return rows;
  };

  it("are stored as a code, with Discord's detail only where the code alone does not say what to fix", () => {
    const path = join(newDir(), 'bot.sqlite');
    const store = openDigestStore(path);
    const at = t('2025-06-02T09:00:01Z');
    const first = store.subscribe(sub, t('2025-06-01T00:00:00Z')).subscription;
    const second = store.subscribe({ ...sub, channelId: 'c2' }, t('2025-06-01T00:00:00Z')).subscription;
    store.pause(first.id, { code: 'missing-permissions' }, at);
    store.pause(
      second.id,
      {
        code: 'invalid-message',
        summary: 'Invalid Form Body',
        discordCode: 50035,
        fields: ['embeds[0].title[BASE_TYPE_MAX_LENGTH]: Must be 256 or fewer in length.'],
      },
      at,
    );
    store.close();
    expect(stored(path)).toEqual([
      ['c1', 'missing-permissions', null],
      [
        'c2',
        'invalid-message',
        '{"summary":"Invalid Form Body","discordCode":50035,"fields":["embeds[0].title[BASE_TYPE_MAX_LENGTH]: Must be 256 or fewer in length."]}',
      ],
    ]);
  });

  it('keep the first reason when a second failure comes before anyone resumes', () => {
    const store = openDigestStore(':memory:');
    const { subscription } = store.subscribe(sub, t('2025-06-01T00:00:00Z'));
    expect(store.pause(subscription.id, { code: 'missing-access' }, t('2025-06-02T09:00:01Z'))).toBe(true);
    expect(store.pause(subscription.id, { code: 'unknown-channel' }, t('2025-06-03T09:00:01Z'))).toBe(false);
    expect(store.byChannel('c1')?.paused).toEqual({ reason: { code: 'missing-access' }, at: t('2025-06-02T09:00:01Z') });
    store.close();
  });

  it('that this bot cannot read (a code from a newer bot) are listed as other, not thrown on', () => {
    const path = join(newDir(), 'bot.sqlite');
    const store = openDigestStore(path);
    store.subscribe(sub, t('2025-06-01T00:00:00Z'));
    store.subscribe({ ...sub, channelId: 'c2' }, t('2025-06-01T00:00:00Z'));
    const raw = new Database(path);
    raw
      .prepare(
        "UPDATE subscriptions SET paused_code = 'slowmode', paused_detail = '{\"seconds\":30}', paused_at = '2025-06-02T09:00:01.000Z' WHERE channel_id = 'c1'",
      )
      .run();
    raw
      .prepare(
        "UPDATE subscriptions SET paused_code = 'invalid-message', paused_detail = 'not json', paused_at = '2025-06-02T09:00:01.000Z' WHERE channel_id = 'c2'",
      )
      .run();
    raw.close();
    expect(store.list('g1').map((s) => s.paused?.reason)).toEqual([
      { code: 'other', text: 'slowmode: {"seconds":30}' },
      { code: 'other', text: 'invalid-message: not json' },
    ]);
    expect(store.active()).toEqual([]);
    store.close();
  });
});

describe('a database from the release before pause codes (schema version 1)', () => {
  const fields = Array.from({ length: 12 }, (_, i) => `embeds[${i}].title[BASE_TYPE_MAX_LENGTH]: Must be 256 or fewer in length.`);
  const cutSentence =
    `Discord refused the message as invalid (HTTP 400 Invalid Form Body, code 50035): ${fields.join('; ')}`.slice(0, 297) + '...';
  /** Channel id: the sentence that release stored, exactly as it wrote it (cut to 300 characters with "..."). */
  const sentences = {
    deleted: 'Unknown Channel (10003): the channel was deleted',
    'left-server': 'Unknown Guild (10004): the bot is no longer in this server',
    hidden: 'Missing Access (50001): the bot cannot see the channel',
    'read-only': 'Missing Permissions (50013): the bot cannot post there (it needs View Channel, Send Messages and Embed Links)',
    voice: 'Cannot send messages in a non-text channel (50008)',
    archived: 'The thread is archived (50083)',
    'too-long':
      'Discord refused the message as invalid (HTTP 400 Invalid Form Body, code 50035): embeds[0].description[BASE_TYPE_MAX_LENGTH]: Must be 4096 or fewer in length.',
    'no-code': 'Discord refused the message as invalid (HTTP 400 Bad Request)',
    'many-fields': cutSentence,
    'own-poster': 'the poster gave up: quota exceeded',
    active: null,
  } as const;
  const codes: Record<keyof typeof sentences, PauseReason | null> = {
    deleted: { code: 'unknown-channel' },
    'left-server': { code: 'unknown-guild' },
    hidden: { code: 'missing-access' },
    'read-only': { code: 'missing-permissions' },
    voice: { code: 'not-text' },
    archived: { code: 'thread-archived' },
    'too-long': {
      code: 'invalid-message',
      summary: 'Invalid Form Body',
      discordCode: 50035,
      fields: ['embeds[0].description[BASE_TYPE_MAX_LENGTH]: Must be 4096 or fewer in length.'],
    },
    'no-code': { code: 'invalid-message', summary: 'Bad Request', fields: [] },
    'many-fields': {
      code: 'invalid-message',
      summary: 'Invalid Form Body',
      discordCode: 50035,
      fields: cutSentence.slice(cutSentence.indexOf('): ') + 3).split('; '),
    },
    'own-poster': { code: 'other', text: 'the poster gave up: quota exceeded' },
    active: null,
  };
  const byChannel = <T>(subscriptions: readonly Subscription[], value: (s: Subscription) => T) =>
    Object.fromEntries(subscriptions.map((s) => [s.channelId, value(s)]));

  it('is migrated on open: each sentence becomes its code, and reads in the very words that release showed', () => {
    const path = join(newDir(), 'bot.sqlite');
    writeVersion1Database(path, sentences);
    const store = openDigestStore(path);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    const listed = store.list('g1');
    expect(byChannel(listed, (s) => s.paused?.reason ?? null)).toEqual(codes);
    expect(byChannel(listed, (s) => (s.paused ? pauseText(s.paused.reason) : null))).toEqual(sentences);
    expect(listed.find((s) => s.channelId === 'deleted')?.paused?.at).toEqual(t('2025-06-09T09:00:05Z'));
    expect(store.sends('deleted')).toMatchObject([{ status: 'sent', messageId: 'm1' }]);
    store.close();

    const raw = new Database(path, { readonly: true });
    const columns = raw.prepare("SELECT name FROM pragma_table_info('subscriptions')").pluck().all();
    raw.close();
    expect(columns).toEqual(expect.arrayContaining(['paused_code', 'paused_detail', 'paused_at']));
    expect(columns).not.toContain('paused_reason');
  });

  it('keeps its paused channels paused until someone subscribes them again, which resumes them as before', () => {
    const path = join(newDir(), 'bot.sqlite');
    writeVersion1Database(path, sentences);
    const store = openDigestStore(path);
    expect(store.active().map((s) => s.channelId)).toEqual(['active']);
    const deleted = store.byChannel('deleted')!;
    expect(store.claim(deleted, t('2025-06-16T09:00:00Z'), t('2025-06-16T09:00:01Z'))).toBeNull();

    const resumed = store.subscribe({ ...sub, channelId: 'deleted' }, t('2025-06-20T00:00:00Z'));
    expect(resumed).toMatchObject({ change: 'resumed', previousPause: { code: 'unknown-channel' }, subscription: { paused: null } });
    expect(store.active().map((s) => s.channelId)).toEqual(['deleted', 'active']);
    store.close();
  });
});

describe('claiming a slot', () => {
  it('succeeds once per channel and slot, even for a second store on the same file', () => {
    const path = join(newDir(), 'bot.sqlite');
    const a = openDigestStore(path);
    const b = openDigestStore(path);
    const { subscription } = a.subscribe(sub, t('2025-06-01T00:00:00Z'));
    const slot = t('2025-06-02T09:00:00Z');
    expect(a.claim(subscription, slot, t('2025-06-02T09:00:10Z'))).toEqual({ attempt: 1 });
    expect(b.claim(subscription, slot, t('2025-06-02T09:00:11Z'))).toBeNull();
    expect(a.claim(subscription, slot, t('2025-06-02T09:00:12Z'))).toBeNull();
    a.close();
    b.close();
  });

  it('is refused for a slot the channel already had under an earlier subscription', () => {
    const store = openDigestStore(':memory:');
    const first = store.subscribe(sub, t('2025-06-01T00:00:00Z')).subscription;
    const slot = t('2025-06-02T09:00:00Z');
    store.claim(first, slot, t('2025-06-02T09:00:10Z'));
    store.recordSent('c1', slot, 'm1', t('2025-06-02T09:00:11Z'));
    store.unsubscribe('g1', 'c1');
    const second = store.subscribe(sub, t('2025-06-02T08:00:00Z')).subscription;
    expect(store.claim(second, slot, t('2025-06-02T09:01:00Z'))).toBeNull();
    store.close();
  });

  it('allows a temporary failure to be tried again, a few times, within the retry window only', () => {
    const store = openDigestStore(':memory:');
    const { subscription } = store.subscribe(sub, t('2025-06-01T00:00:00Z'));
    const slot = t('2025-06-02T09:00:00Z');
    const policy = { maxAttempts: 3, windowMs: 4 * 60_000 };
    expect(store.claim(subscription, slot, t('2025-06-02T09:00:00Z'), policy)).toEqual({ attempt: 1 });
    store.recordFailure('c1', slot, '503', t('2025-06-02T09:00:01Z'), true);
    expect(store.claim(subscription, slot, t('2025-06-02T09:01:00Z'), policy)).toEqual({ attempt: 2 });
    store.recordFailure('c1', slot, '503', t('2025-06-02T09:01:01Z'), true);
    expect(store.claim(subscription, slot, t('2025-06-02T09:05:00Z'), policy)).toBeNull();
    expect(store.sends('c1')[0]).toMatchObject({ status: 'failed', attempts: 2 });
    store.close();
  });
});
