/**
 * The compiled build as `npm install` makes it and `npm start` runs it: `tsc -p
 * tsconfig.build.json` (the prepare script) into a fresh install, then `node dist/src/main.js`
 * with no TypeScript loader: in the console, against the fake Discord, and sharded.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, run, startCompiled, type Running } from '../support/child.js';
import { guildIdOnShard, startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

// A checkout of its own, the build written into it: what runs is what prepare built, beside the
// data/ and node_modules/ it would find after `npm ci`, with nothing of the sources' folders.
let install: string;
let main: string;
beforeAll(() => {
  install = mkdtempSync(join(tmpdir(), 'trade-bot-compiled-'));
  copyFileSync(join(ROOT, 'package.json'), join(install, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
  symlinkSync(join(ROOT, 'data'), join(install, 'data'));
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(ROOT, 'tsconfig.build.json'),
    '--outDir',
    join(install, 'dist'),
  ]);
  main = join(install, 'dist/src/main.js');
}, 120_000);
afterAll(() => {
  if (install) rmSync(install, { recursive: true, force: true });
});

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

/** A process's command line, from /proc. */
const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('the compiled build', () => {
  it('is plain JavaScript that loads no TypeScript loader', () => {
    const files = filesUnder(join(install, 'dist'));
    expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(50);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const loadingTsx = files.filter((f) => /(from|import)\s*\(?\s*'tsx/.test(readFileSync(f, 'utf8')));
    expect(loadingTsx).toEqual([]);
    expect(existsSync(join(install, 'dist/src/discord/deployCommands.js'))).toBe(true);
  });

  it('answers /trade kazakhstan in the console exactly as the sources do', { timeout: 60_000 }, async () => {
    const env = { DISCORD_TOKEN: '', LOG_LEVEL: 'info' };
    const [compiled, source] = await Promise.all([
      finished(startCompiled(main, env), '/trade kazakhstan\n/compare kazakhstan georgia\n'),
      run('src/main.ts', env, [], '/trade kazakhstan\n/compare kazakhstan georgia\n'),
    ]);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toContain('== China–Kazakhstan trade, 2025 ==');
    expect(compiled.stdout).toContain('Total trade: $48.7 bn [1], also printed as over $48.6 bn [2]');
    expect(compiled.stdout).toBe(source.stdout);
  });
});

describe('the compiled build with a token', () => {
  let fake: FakeDiscord;
  let bot: Running | undefined;
  const shardPids: number[] = [];
  beforeAll(async () => {
    const G0 = guildIdOnShard(0, 2);
    const G1 = guildIdOnShard(1, 2);
    fake = await startFakeDiscord({
      guilds: [
        { id: G0, name: 'Shard Zero Desk', channels: [{ id: '210000000000000001', name: 'general' }] },
        { id: G1, name: 'Shard One Desk', channels: [{ id: '210000000000000002', name: 'general' }] },
      ],
    });
  });
  afterAll(async () => {
    for (const pid of shardPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await fake?.stop();
  });

  it('forks each shard from the compiled entry, without tsx, and answers /trade from Discord', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trade-bot-compiled-db-'));
    bot = startCompiled(main, {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      LOG_LEVEL: 'info',
      SHARD_COUNT: '2',
    });
    try {
      await bot.waitForRecord({ level: 'info', msg: 'all shards ready', shards: 2, total: 2 }, { timeoutMs: 60_000 });
      const started = bot.records().filter((r) => r.msg === 'shard started');
      expect(started).toHaveLength(2);
      for (const { pid } of started) {
        shardPids.push(Number(pid));
        const argv = commandLine(Number(pid));
        expect(argv.slice(1)).toEqual([main]);
      }
      expect(commandLine(bot.child.pid!).join(' ')).not.toContain('tsx');

      const reply = await fake.interact({ name: 'trade', options: { country: 'kazakhstan' } });
      expect((reply.data.embeds as any[])[0].title).toBe('China–Kazakhstan trade, 2025');

      bot.child.kill('SIGTERM');
      expect((await bot.exited).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
