/**
 * `npm start` (src/main.ts as its own process, with a token, against the fake Discord) given a
 * DATABASE_PATH it cannot use: each case must end with one line that names DATABASE_PATH and the
 * cause, exit code 1, no stack, and no request to Discord (nothing half-started).
 *
 * The tests run as root, for whom file modes do not make anything read-only, so "read-only" here
 * is what stops root too: /proc and /sys, which take no new files, and (where the test may make a
 * mount namespace) a read-only bind mount.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDigestStore } from '../../src/digest/store.js';
import { writeDamagedDatabase } from '../digest/helpers.js';
import { start, type Running } from '../support/child.js';
import { parseOutput } from '../support/logs.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';

/** Far longer than a start takes; only there so that a start that hangs fails instead of stalling the run. */
const HANG_MS = 25_000;
const TIMEOUT = { timeout: 60_000 };

let fake: FakeDiscord;
const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'database-path-'));
  dirs.push(dir);
  return dir;
};
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  readonly code: number | null;
  /** Set when the process had to be killed: it hung. */
  readonly hung: boolean;
  readonly lines: string[];
  readonly stderr: string;
  /** What reached the fake Discord while it ran. */
  readonly requests: number;
}

/** What outcome() reads of a started bot: startWithReadOnly's makes no more. */
type Started = Pick<Running, 'child' | 'stdout' | 'stderr' | 'exited'>;

async function outcome(bot: Started): Promise<Outcome> {
  const before = fake.requests.length;
  bot.child.stdin?.end();
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    // A shard manager's shards hold its output pipes open: stop them too, or 'close' never comes.
    for (const pid of childrenOf(bot.child.pid)) process.kill(pid, 'SIGKILL');
    bot.child.kill('SIGKILL');
  }, HANG_MS);
  const { code } = await bot.exited;
  clearTimeout(timer);
  const lines = bot.stderr.trim().split('\n').filter(Boolean);
  return { code, hung, lines, stderr: bot.stderr, requests: fake.requests.length - before };
}

function childrenOf(pid: number | undefined): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const botEnv = (databasePath: string, extra: Record<string, string> = {}) => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_API_URL: fake.apiUrl,
  DATABASE_PATH: databasePath,
  ...extra,
});

function expectRefused(result: Outcome, line: RegExp) {
  expect(result.hung, 'it hung and was killed').toBe(false);
  expect(result.code, result.stderr).toBe(1);
  expect(result.lines, 'exactly one line on stderr').toEqual([expect.stringMatching(line)]);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.requests, 'requests to Discord').toBe(0);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('npm start with a DATABASE_PATH it cannot use', () => {
  it('under /proc, where no folder can be made, says so and exits 1 instead of hanging', TIMEOUT, async () => {
    const result = await outcome(start('src/main.ts', botEnv('/proc/nope/bot.sqlite')));
    expectRefused(
      result,
      /^DATABASE_PATH \/proc\/nope\/bot\.sqlite cannot be used: cannot create the folder \/proc\/nope: \/proc does not take new folders \(ENOENT\)$/,
    );
  });

  it('under /sys, which refuses new files even to root, names the permission problem and exits 1', TIMEOUT, async () => {
    const result = await outcome(start('src/main.ts', botEnv('/sys/bot.sqlite')));
    expectRefused(result, /^DATABASE_PATH \/sys\/bot\.sqlite cannot be used: cannot create the file: permission denied \(EACCES\)$/);
  });

  it('that is a folder suggests a file inside it and exits 1', TIMEOUT, async () => {
    const dir = newDir();
    const result = await outcome(start('src/main.ts', botEnv(dir)));
    expectRefused(
      result,
      new RegExp(
        `^DATABASE_PATH ${escape(dir)} cannot be used: it is a folder; point it at a file inside, such as ${escape(join(dir, 'bot.sqlite'))}$`,
      ),
    );
  });

  it('below a file names the file that stands where a folder should be and exits 1', TIMEOUT, async () => {
    const file = join(newDir(), 'var');
    writeFileSync(file, '');
    const result = await outcome(start('src/main.ts', botEnv(join(file, 'bot.sqlite'))));
    expectRefused(result, new RegExp(`cannot be used: ${escape(file)} is a file, not a folder$`));
  });

  it('holding garbage says it is not an SQLite database and exits 1', TIMEOUT, async () => {
    const path = join(newDir(), 'bot.sqlite');
    writeFileSync(path, randomBytes(8192));
    const result = await outcome(start('src/main.ts', botEnv(path)));
    expectRefused(
      result,
      /cannot be used: the file is not an SQLite database \(SQLITE_NOTADB\); move it away, or point DATABASE_PATH at another file$/,
    );
  });

  it('with damaged pages is caught by PRAGMA quick_check before login, instead of a "ready" bot whose digests fail', TIMEOUT, async () => {
    const path = join(newDir(), 'bot.sqlite');
    writeDamagedDatabase(path);
    const result = await outcome(start('src/main.ts', botEnv(path)));
    expectRefused(
      result,
      /cannot be used: the database is damaged \(PRAGMA quick_check: .+\); restore it from a backup, or move it away to start with no subscriptions$/,
    );
    expect(parseOutput(result.stderr).records.filter((r) => r.msg === 'ready')).toEqual([]);
  });

  it('with SHARD_COUNT set is refused by the manager, before any shard starts or logs in', TIMEOUT, async () => {
    const result = await outcome(start('src/main.ts', botEnv('/proc/nope/bot.sqlite', { SHARD_COUNT: '2' })));
    expectRefused(result, /^DATABASE_PATH \/proc\/nope\/bot\.sqlite cannot be used: cannot create the folder \/proc\/nope/);
  });
});

// ---- a read-only mount, the read-only that holds for root too -----------------------------------

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** Bind-mounts $1 read-only over itself in a mount namespace of its own, then runs the rest. */
const READ_ONLY_SH = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"';

function canMountReadOnly(): boolean {
  if (process.platform !== 'linux') return false;
  const dir = mkdtempSync(join(tmpdir(), 'ro-probe-'));
  try {
    const probe = spawnSync(
      'unshare',
      ['--mount', 'sh', '-c', `${READ_ONLY_SH}`, 'sh', dir, 'sh', '-c', '! touch "$0/x" 2>/dev/null', dir],
      { stdio: 'ignore' },
    );
    return probe.status === 0;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm start` as in tests/support/child.ts, but inside a mount namespace where `readOnly` is read-only. */
function startWithReadOnly(readOnly: string, env: Record<string, string>): Started {
  const cwd = newDir();
  const child = spawn(
    'unshare',
    ['--mount', 'sh', '-c', READ_ONLY_SH, 'sh', readOnly, process.execPath, '--import', TSX, join(ROOT, 'src/main.ts')],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('close', (code, signal) => done({ code, signal })),
    ),
  } satisfies Started;
  child.stdout.on('data', (d) => (running.stdout += d));
  child.stderr.on('data', (d) => (running.stderr += d));
  return running;
}

describe.skipIf(!canMountReadOnly())('npm start with DATABASE_PATH on a read-only mount', () => {
  it('says the file cannot be written, naming the read-only file system, and exits 1', TIMEOUT, async () => {
    const dir = newDir();
    const path = join(dir, 'bot.sqlite');
    openDigestStore(path).close(); // a good database from an earlier run
    const result = await outcome(startWithReadOnly(dir, botEnv(path)));
    expectRefused(
      result,
      new RegExp(`^DATABASE_PATH ${escape(path)} cannot be used: cannot write the file: read-only file system \\(EROFS\\)$`),
    );
  });

  it('says a new file cannot be created there and exits 1', TIMEOUT, async () => {
    const dir = newDir();
    const path = join(dir, 'bot.sqlite');
    const result = await outcome(startWithReadOnly(dir, botEnv(path)));
    expectRefused(
      result,
      new RegExp(`^DATABASE_PATH ${escape(path)} cannot be used: cannot create the file: read-only file system \\(EROFS\\)$`),
    );
  });
});
