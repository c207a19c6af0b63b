import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { MIGRATIONS, openDigestStore } from '../../src/digest/store.js';
import type { PostFn, PostOptions, PostResult } from '../../src/digest/types.js';

/** A fresh folder per test, removed afterwards. */
export function tempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-test-'));
    made.push(dir);
    return dir;
  };
}

export interface FakePost {
  readonly post: PostFn;
  readonly calls: { channelId: string; message: Reply; options: PostOptions | undefined }[];
  /** What a channel answers from now on (default: ok). */
  answer(channelId: string, result: PostResult | 'throw'): void;
}

export function fakePost(): FakePost {
  const calls: FakePost['calls'] = [];
  const answers = new Map<string, PostResult | 'throw'>();
  return {
    calls,
    answer: (channelId, result) => void answers.set(channelId, result),
    post: async (channelId, message, options) => {
      calls.push({ channelId, message, options });
      const answer = answers.get(channelId);
      if (answer === 'throw') throw new Error('poster exploded');
      return answer ?? { ok: true, messageId: `msg-${calls.length}` };
    },
  };
}

export const keyPoints = (region: string | undefined): Reply => ({
  data: { embeds: [{ title: `Key points: ${region ?? 'both regions'}` }], allowed_mentions: { parse: [] } },
});

export const UNKNOWN_CHANNEL = { ok: false, permanent: true, reason: { code: 'unknown-channel' } } as const satisfies PostResult;

/**
 * Writes a database as the release before pause codes left it: schema version 1, one weekly
 * subscription in g1 per entry of `pauses` (channel id: the sentence that release stored as the
 * pause reason, or null for an active one), and a sent slot for each.
 */
export function writeVersion1Database(path: string, pauses: Readonly<Record<string, string | null>>): void {
  const version1 = MIGRATIONS[0];
  if (!version1 || !('sql' in version1)) throw new Error('schema version 1 is one SQL script');
  const db = new Database(path);
  try {
    db.exec(version1.sql);
    db.pragma('user_version = 1');
    const subscribe = db.prepare(
      `INSERT INTO subscriptions (guild_id, channel_id, frequency, region, created_by, created_at, updated_by, updated_at, active_from, paused_reason, paused_at)
       VALUES ('g1', ?, 'weekly', NULL, 'u1', '2025-06-01T00:00:00.000Z', 'u1', '2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z', ?, ?)`,
    );
    const sent = db.prepare(
      `INSERT INTO sends (channel_id, slot, subscription_id, status, attempts, first_attempt_at, last_attempt_at, finished_at, message_id)
       VALUES (?, '2025-06-02T09:00:00.000Z', ?, 'sent', 1, '2025-06-02T09:00:01.000Z', '2025-06-02T09:00:01.000Z', '2025-06-02T09:00:02.000Z', 'm1')`,
    );
    for (const [channelId, sentence] of Object.entries(pauses)) {
      const { lastInsertRowid } = subscribe.run(channelId, sentence, sentence === null ? null : '2025-06-09T09:00:05.000Z');
      sent.run(channelId, lastInsertRowid);
    }
  } finally {
    db.close();
  }
}

/**
 * Writes a digest database at `path` with some subscriptions, then overwrites one page in the
 * middle of the file (the index that finds a channel's subscription) with junk: the header and
 * schema still read fine, so the file opens, and only a check of the pages finds the damage.
 */
export function writeDamagedDatabase(path: string): void {
  const store = openDigestStore(path);
  for (let i = 0; i < 50; i++) {
    store.subscribe(
      { guildId: 'g1', channelId: String(300000000000000000n + BigInt(i)), frequency: 'daily', region: null, userId: 'u1' },
      new Date('2025-06-01T00:00:00Z'),
    );
  }
  store.close();
  const raw = new Database(path, { readonly: true });
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_subscriptions_1'").get() as {
    rootpage: number;
  };
  raw.close();
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}
