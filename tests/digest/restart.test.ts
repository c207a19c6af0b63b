import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDigestStore } from '../../src/digest/store.js';
import { tempDirs } from './helpers.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const newDir = tempDirs();

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs tests/digest/child.ts as its own bot process. With `killOn`, sends SIGKILL as soon as the
 * child prints that word: the child is then stopped dead wherever it is.
 */
function child(args: string[], killOn?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killOn && stdout.includes(killOn)) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('digests across a real restart', () => {
  it('a subscription made by one process is posted by a fresh process at its due slot, once', async () => {
    const dir = newDir();
    const db = join(dir, 'var', 'bot.sqlite');
    const posts = join(dir, 'posts.log');

    const sub = await child(['subscribe', db, '2025-06-03T12:00:00Z', 'c1', 'weekly']);
    expect(sub).toMatchObject({ code: 0, stdout: 'OK\n' });

    const early = await child(['run', db, '2025-06-08T12:00:00Z', posts]);
    expect(early.code).toBe(0);
    expect(lines(posts)).toEqual([]);

    const due = await child(['run', db, '2025-06-09T09:00:20Z', posts]);
    expect(due.code, due.stderr).toBe(0);
    expect(lines(posts)).toHaveLength(1);
    expect(JSON.parse(lines(posts)[0]!)).toMatchObject({ channelId: 'c1', title: 'Key points (both)' });

    const again = await child(['run', db, '2025-06-09T09:01:20Z', posts]);
    expect(again.code).toBe(0);
    expect(lines(posts)).toHaveLength(1);
  });
});

describe('a process killed while posting a digest', () => {
  it('killed after sending but before recording it: a new process on the same file does not send that slot again', async () => {
    const dir = newDir();
    const db = join(dir, 'bot.sqlite');
    const posts = join(dir, 'posts.log');
    await child(['subscribe', db, '2025-06-01T00:00:00Z', 'c1', 'daily']);

    const killed = await child(['hang-after-send', db, '2025-06-02T09:00:05Z', posts], 'SENT');
    expect(killed.signal).toBe('SIGKILL');
    expect(lines(posts)).toHaveLength(1);

    // Restarted within the same slot, and again later that day: nothing more for 2 June.
    for (const at of ['2025-06-02T09:00:30Z', '2025-06-02T18:00:00Z']) {
      const restarted = await child(['run', db, at, posts]);
      expect(restarted.code, restarted.stderr).toBe(0);
    }
    expect(lines(posts)).toHaveLength(1);

    // The claim stays as evidence, and the next day's slot is posted as usual.
    const store = openDigestStore(db);
    expect(store.sends('c1')[0]).toMatchObject({ status: 'claimed', attempts: 1, messageId: null });
    store.close();
    await child(['run', db, '2025-06-03T09:00:05Z', posts]);
    expect(lines(posts)).toHaveLength(2);
  });

  it('killed after claiming but before sending: that slot is missed rather than risk a duplicate', async () => {
    const dir = newDir();
    const db = join(dir, 'bot.sqlite');
    const posts = join(dir, 'posts.log');
    await child(['subscribe', db, '2025-06-01T00:00:00Z', 'c1', 'daily']);

    const killed = await child(['hang-after-claim', db, '2025-06-02T09:00:05Z', posts], 'CLAIMED');
    expect(killed.signal).toBe('SIGKILL');

    await child(['run', db, '2025-06-02T09:00:30Z', posts]);
    expect(lines(posts)).toEqual([]);

    await child(['run', db, '2025-06-03T09:00:05Z', posts]);
    expect(lines(posts)).toHaveLength(1);
    expect(JSON.parse(lines(posts)[0]!).channelId).toBe('c1');
  });
});
