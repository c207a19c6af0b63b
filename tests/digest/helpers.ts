import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { Reply } from '../../commands/contract.js';
import { openDigestStore } from '../../src/digest/store.js';
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

export const UNKNOWN_CHANNEL = { ok: false, permanent: true, reason: 'Unknown Channel (10003): the channel was deleted' } as const satisfies PostResult;

/**
 * Writes a digest database at `path` with some subscriptions, then overwrites one page in the
 * middle of the file (the index that finds a channel's subscription) with junk: the header and
 * schema still read fine, so the file opens, and only a check of the pages finds the damage.
 */
export function writeDamagedDatabase(path: string): void {
  const store = openDigestStore(path);
  for (let i = 0; i < 50; i++) {
    store.subscribe({ guildId: 'g1', channelId: String(300000000000000000n + BigInt(i)), frequency: 'daily', region: null, userId: 'u1' }, new Date('2025-06-01T00:00:00Z'));
  }
  store.close();
  const raw = new Database(path, { readonly: true });
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_subscriptions_1'").get() as { rootpage: number };
  raw.close();
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}
