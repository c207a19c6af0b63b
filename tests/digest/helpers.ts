import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Reply } from '../../commands/contract.js';
import type { DigestLog, PostFn, PostOptions, PostResult } from '../../src/digest/types.js';

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

export function memoryLog(): DigestLog & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: object) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: write('info'), warn: write('warn'), error: write('error') };
}

export const keyPoints = (region: string | undefined): Reply => ({
  data: { embeds: [{ title: `Key points: ${region ?? 'both regions'}` }], allowed_mentions: { parse: [] } },
});

export const UNKNOWN_CHANNEL = { ok: false, permanent: true, reason: 'Unknown Channel (10003): the channel was deleted' } as const satisfies PostResult;
