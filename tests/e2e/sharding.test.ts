/**
 * Discord's gateway sharding, with the bot started as a user starts it (a child process; once
 * through tsx's own CLI, exactly `npm start`) against the fake Discord, whose guilds sit on
 * different shards. The manager forks one process per shard; each identifies as [id, count], gets
 * only its own guilds, answers their interactions and posts their digests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDigestRunner } from '../../src/digest/runner.js';
import { openDigestStore, type DigestStore } from '../../src/digest/store.js';
import { isShardProcess, ownGuildFilter, processShard } from '../../src/discord/shard.js';
import { shardExecArgv } from '../../src/discord/shardManager.js';
import { start, type Running } from '../support/child.js';
import { matches, memoryLog, type RecordPattern } from '../support/logs.js';
import { guildIdOnShard, shardOf, startFakeDiscord, type FakeDiscord, type FakeGuild } from '../../tools/fake-discord/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'src/main.ts');
const TSX_CLI = 'node_modules/tsx/dist/cli.mjs';

/** Two servers, one on each shard of 2, each with one channel. */
const G0 = guildIdOnShard(0, 2);
const G1 = guildIdOnShard(1, 2);
const C0 = '210000000000000001';
const C1 = '210000000000000002';
const GUILDS: readonly FakeGuild[] = [
  { id: G0, name: 'Shard Zero Desk', channels: [{ id: C0, name: 'digest' }] },
  { id: G1, name: 'Shard One Desk', channels: [{ id: C1, name: 'digest' }] },
];

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'trade-bot-shards-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pids the manager logged: its own, and every shard process it started. */
function pidsOf(bot: Running): { manager: number; shards: { shard: number; pid: number }[] } {
  const records = bot.records();
  const manager = Number(records.find((r) => r.msg === 'starting shards')?.pid);
  const shards = records.filter((r) => r.msg === 'shard started').map((r) => ({ shard: Number(r.shard), pid: Number(r.pid) }));
  return { manager, shards };
}

/** How many records, from the manager and the shards together, match. */
const count = (bot: Running, pattern: RecordPattern) => bot.records().filter((r) => matches(r, pattern)).length;

async function stopWithSigterm(bot: Running) {
  const pids = pidsOf(bot);
  bot.child.kill('SIGTERM');
  const exit = await bot.exited;
  return { exit, pids };
}

const env = (fake: FakeDiscord, extra: Record<string, string>) => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_API_URL: fake.apiUrl,
  DATABASE_PATH: join(tempDir(), 'bot.sqlite'),
  LOG_LEVEL: 'info',
  ...extra,
});

const killLeftovers = (bot: Running | undefined) => {
  if (!bot) return;
  for (const { pid } of pidsOf(bot).shards) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
};

/** A bot with two shards takes over 5.5 s to start (one identify per 5 s), so both start at once. */
let fixed: { fake: FakeDiscord; bot: Running };
let auto: { fake: FakeDiscord; bot: Running };
const database = join(tempDir(), 'var', 'bot.sqlite');

beforeAll(async () => {
  // Both servers have a daily digest subscribed three days ago: a slot is owed, so each shard's
  // runner posts at start, with the real clock.
  const store = openDigestStore(database);
  const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3_600_000);
  for (const [guildId, channelId] of [
    [G0, C0],
    [G1, C1],
  ] as const) {
    store.subscribe({ guildId, channelId, frequency: 'daily', region: null, userId: '500000000000000001' }, threeDaysAgo);
  }
  store.close();

  const fixedFake = await startFakeDiscord({ guilds: GUILDS });
  fixed = { fake: fixedFake, bot: start(TSX_CLI, { ...env(fixedFake, { SHARD_COUNT: '2' }), DATABASE_PATH: database }, [MAIN]) };
  const autoFake = await startFakeDiscord({ guilds: GUILDS, recommendedShards: 2 });
  auto = { fake: autoFake, bot: start('src/main.ts', env(autoFake, { SHARD_COUNT: 'auto' })) };
  await Promise.all(
    [fixed, auto].map(({ bot }) =>
      bot.waitForRecord({ level: 'info', msg: 'all shards ready', shards: 2, total: 2 }, { timeoutMs: 60_000 }),
    ),
  );
}, 90_000);

afterAll(async () => {
  for (const run of [fixed, auto]) {
    killLeftovers(run?.bot);
    await run?.fake.stop();
  }
});

describe('npm start with SHARD_COUNT=2 (tsx src/main.ts, two servers on different shards)', () => {
  let fake: FakeDiscord;
  let bot: Running;
  beforeAll(() => {
    ({ fake, bot } = fixed);
  });

  it('starts one process per shard, which identify as shard 0 and shard 1 of 2 and receive only their own server', async () => {
    const { manager, shards } = pidsOf(bot);
    expect(shards.map((s) => s.shard)).toEqual([0, 1]);
    expect(new Set([manager, ...shards.map((s) => s.pid)]).size).toBe(3);
    expect(fake.identifiedShards).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // A shard's own line may follow the manager's "shard ready" (IPC overtakes the shared stderr).
    await bot.waitForRecord({ level: 'info', msg: 'ready', shard: 0, guilds: 1 });
    await bot.waitForRecord({ level: 'info', msg: 'ready', shard: 1, guilds: 1 });
    // The manager neither logs in nor opens the store: only the two shards identify.
    expect(fake.identifies).toBe(2);
  });

  it('answers an interaction in each server exactly once, from the shard that owns that server', { timeout: 30_000 }, async () => {
    const [in0, in1] = await Promise.all([
      fake.interact({ name: 'trade', guildId: G0, options: { country: 'kazakhstan' } }),
      fake.interact({ name: 'trade', guildId: G1, options: { country: 'uzbekistan' } }),
    ]);
    expect((in0.data.embeds as { title: string }[])[0]!.title).toBe('China–Kazakhstan trade, 2025');
    expect((in1.data.embeds as { title: string }[])[0]!.title).toMatch(/^China–Uzbekistan trade/);
    for (const reply of [in0, in1]) {
      // One callback request in all (a second answer would be refused with 40060, but still recorded).
      const answers = fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${reply.interactionId}/`));
      expect(answers).toHaveLength(1);
      expect(fake.responsesTo(reply.interactionId).filter((r) => r.kind === 'callback')).toHaveLength(1);
    }
    // Each shard logs the interaction after answering it.
    await bot.waitForRecord({ level: 'info', msg: 'interaction', shard: 0, command: 'trade', guild: G0 });
    await bot.waitForRecord({ level: 'info', msg: 'interaction', shard: 1, command: 'trade', guild: G1 });
    expect(count(bot, { msg: 'interaction', command: 'trade', guild: G0 })).toBe(1);
    expect(count(bot, { msg: 'interaction', command: 'trade', guild: G1 })).toBe(1);
  });

  it("posts each server's due digest exactly once, from that server's shard", { timeout: 30_000 }, async () => {
    await bot.waitForRecord({ level: 'info', msg: 'digest: posted', shard: 0, guild: G0, channel: C0 });
    await bot.waitForRecord({ level: 'info', msg: 'digest: posted', shard: 1, guild: G1, channel: C1 });
    expect(fake.channelMessages(C0)).toHaveLength(1);
    expect(fake.channelMessages(C1)).toHaveLength(1);
    expect(count(bot, { msg: 'digest: posted' })).toBe(2);
    const store = openDigestStore(database);
    try {
      expect(store.sends(C0).map((s) => s.status)).toEqual(['sent']);
      expect(store.sends(C1).map((s) => s.status)).toEqual(['sent']);
    } finally {
      store.close();
    }
  });

  it('starts a shard again when its process dies, and the new process answers its server', { timeout: 40_000 }, async () => {
    const before = pidsOf(bot).shards.find((s) => s.shard === 1)!;
    process.kill(before.pid, 'SIGKILL');
    await bot.waitForRecord({ level: 'warn', msg: 'shard died; starting it again', shard: 1, signal: 'SIGKILL' });
    await fake.waitForIdentify(3, 30_000);
    await bot.waitForRecord({ level: 'info', msg: 'shard ready', shard: 1 }, { count: 2, timeoutMs: 30_000 });
    expect(fake.identifiedShards.at(-1)).toEqual([1, 2]);
    const reply = await fake.interact({ name: 'trade', guildId: G1, options: { country: 'kyrgyzstan' } });
    expect((reply.data.embeds as { title: string }[])[0]!.title).toMatch(/^China–Kyrgyzstan trade/);
    expect(isAlive(before.pid)).toBe(false);
  });

  it('passes SIGHUP on to every shard, each of which reloads data/', { timeout: 30_000 }, async () => {
    process.kill(pidsOf(bot).manager, 'SIGHUP');
    await bot.waitForRecord({ level: 'info', msg: 'SIGHUP: asking every shard to reload data/' });
    await bot.waitForRecord({ level: 'info', msg: 'figures reloaded', shard: 0 });
    await bot.waitForRecord({ level: 'info', msg: 'figures reloaded', shard: 1 });
  });

  it('stops every shard on SIGTERM and exits 0, leaving no process behind', { timeout: 40_000 }, async () => {
    const { exit, pids } = await stopWithSigterm(bot);
    expect(exit.code).toBe(0);
    expect(count(bot, { level: 'info', msg: 'stopping shards', reason: 'SIGTERM', shards: 2 })).toBe(1);
    expect(count(bot, { level: 'info', msg: 'stopping', shard: expect.any(Number), reason: 'the shard manager is stopping' })).toBe(2);
    expect(count(bot, { level: 'info', msg: 'shard stopped', shard: expect.any(Number), pid: expect.any(Number), code: 0 })).toBe(2);
    // The manager's own last word, after every shard's.
    expect(bot.records().at(-1)).toEqual({ level: 'info', time: expect.any(Number), msg: 'stopped' });
    expect(pids.shards).toHaveLength(3); // 0, 1, and 1 again
    for (const pid of [pids.manager, ...pids.shards.map((s) => s.pid)]) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    expect(bot.stdout + bot.stderr).not.toContain(fake.token);
  });
});

describe('npm start with SHARD_COUNT=auto', () => {
  it('asks the fake Discord, which recommends 2, and runs two shards', { timeout: 40_000 }, async () => {
    const { fake, bot } = auto;
    expect(count(bot, { level: 'info', msg: 'Discord recommends a shard count', shards: 2 })).toBe(1);
    // The manager's question, then each shard's: one to check DISCORD_API_URL and the token, one to log in.
    expect(fake.requests.filter((r) => r.path === '/gateway/bot').length).toBe(5);
    expect(fake.identifiedShards).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const reply = await fake.interact({ name: 'trade', guildId: G1, options: { country: 'kazakhstan' } });
    expect((reply.data.embeds as { title: string }[])[0]!.title).toBe('China–Kazakhstan trade, 2025');
    const { exit, pids } = await stopWithSigterm(bot);
    expect(exit.code).toBe(0);
    for (const pid of [pids.manager, ...pids.shards.map((s) => s.pid)]) expect(isAlive(pid)).toBe(false);
  });

  it('exits 1 with a clear message when Discord refuses the token, starting no shard', { timeout: 30_000 }, async () => {
    const fake = await startFakeDiscord({ guilds: GUILDS, recommendedShards: 2 });
    const wrong = 'MTExMTExMTExMTExMTExMTEx.GwRong.wrong-token-wrong-token-wrong-token-xx';
    try {
      const bot = start('src/main.ts', { ...env(fake, { SHARD_COUNT: 'auto' }), DISCORD_TOKEN: wrong });
      const { code } = await bot.exited;
      expect(code).toBe(1);
      expect(
        count(bot, {
          level: 'error',
          msg: 'could not ask Discord how many shards to run (SHARD_COUNT=auto)',
          hint: /^Discord refused the token/,
        }),
      ).toBe(1);
      expect(count(bot, { msg: 'shard started' })).toBe(0);
      expect(bot.stdout + bot.stderr).not.toContain(wrong);
    } finally {
      await fake.stop();
    }
  });
});

describe('npm start with SHARD_COUNT=2 and SHARD_IDS=1', () => {
  it('runs only shard 1, which answers its own server', { timeout: 60_000 }, async () => {
    const fake = await startFakeDiscord({ guilds: GUILDS });
    let bot: Running | undefined;
    try {
      bot = start('src/main.ts', env(fake, { SHARD_COUNT: '2', SHARD_IDS: '1' }));
      await bot.waitForRecord({ level: 'info', msg: 'all shards ready', shards: 1, total: 2 }, { timeoutMs: 50_000 });
      expect(count(bot, { level: 'info', msg: 'starting shards', total: 2, run: '1' })).toBe(1);
      expect(pidsOf(bot).shards.map((s) => s.shard)).toEqual([1]);
      expect(fake.identifiedShards).toEqual([[1, 2]]);
      const reply = await fake.interact({ name: 'trade', guildId: G1, options: { country: 'kazakhstan' } });
      expect((reply.data.embeds as { title: string }[])[0]!.title).toBe('China–Kazakhstan trade, 2025');
      const { exit } = await stopWithSigterm(bot);
      expect(exit.code).toBe(0);
    } finally {
      killLeftovers(bot);
      await fake.stop();
    }
  });
});

describe('npm start with SHARD_COUNT=2 when a shard cannot log in', () => {
  it('stops and exits 1 instead of restarting the shard over and over', { timeout: 30_000 }, async () => {
    const fake = await startFakeDiscord({ guilds: GUILDS });
    const wrong = 'MTExMTExMTExMTExMTExMTEx.GwRong.wrong-token-wrong-token-wrong-token-xx';
    try {
      const bot = start('src/main.ts', { ...env(fake, { SHARD_COUNT: '2' }), DISCORD_TOKEN: wrong });
      const { code } = await bot.exited;
      expect(code).toBe(1);
      expect(count(bot, { level: 'error', msg: 'could not log in to Discord', shard: 0, reason: /Discord refused the token/ })).toBe(1);
      expect(count(bot, { level: 'error', msg: 'a shard did not start; stopping the others' })).toBe(1);
      expect(count(bot, { msg: 'shard started' })).toBe(1);
      expect(bot.stdout + bot.stderr).not.toContain(wrong);
    } finally {
      await fake.stop();
    }
  });
});

describe('digests with two shards on one database (in process: the real runner and store)', () => {
  /** A stand-in for a shard's client: all the filter reads is client.shard's ids and count. */
  const shardClient = (id: number, total: number) => ({ shard: { ids: [id], count: total } }) as unknown as Client;

  it("posts each subscription exactly once, from the shard of its server, and the same for 'figures updated'", async () => {
    const path = join(tempDir(), 'bot.sqlite');
    const subscribedAt = new Date('2025-06-01T00:00:00Z');
    const due = new Date('2025-06-09T09:00:30Z'); // Monday: daily and weekly slots are owed
    const guilds = [G0, G1, guildIdOnShard(0, 2, 7), guildIdOnShard(1, 2, 7)];
    const setup = openDigestStore(path);
    guilds.forEach((guildId, i) => {
      setup.subscribe({ guildId, channelId: `c${i}`, frequency: i % 2 ? 'weekly' : 'daily', region: null, userId: 'u1' }, subscribedAt);
    });
    setup.close();

    const posts: { shard: number; channelId: string; nonce: string | undefined }[] = [];
    const stores: DigestStore[] = [];
    const runners = [0, 1].map((shard) => {
      const store = openDigestStore(path); // a connection of its own, as a separate process has
      stores.push(store);
      return startDigestRunner({
        store,
        now: () => due,
        post: async (channelId, _message, options) => {
          posts.push({ shard, channelId, nonce: options?.nonce });
          return { ok: true, messageId: `m-${shard}-${channelId}` };
        },
        buildMessage: () => ({ data: { content: 'key points', allowed_mentions: { parse: [] } } }),
        log: memoryLog().logger,
        intervalMs: 3_600_000,
        shardFilter: ownGuildFilter(shardClient(shard, 2))!,
      });
    });
    try {
      await Promise.all(runners.map((r) => r.ready));
      await Promise.all(runners.map((r) => r.runDueDigests())); // waking again changes nothing
      const ownerOf = (channelId: string) => shardOf(guilds[Number(channelId.slice(1))]!, 2);
      expect(posts.map((p) => p.channelId).sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
      for (const p of posts) expect(p.shard, p.channelId).toBe(ownerOf(p.channelId));

      posts.length = 0;
      await Promise.all(runners.map((r) => r.announceFiguresUpdated('Kazakhstan 2024 revised')));
      expect(posts.map((p) => p.channelId).sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
      for (const p of posts) expect(p.shard, p.channelId).toBe(ownerOf(p.channelId));
    } finally {
      for (const runner of runners) await runner.stop();
      for (const store of stores) store.close();
    }
  });

  it('leaves no server without a shard and gives none two, whatever the shard count', () => {
    const ids = Array.from({ length: 200 }, (_, i) => guildIdOnShard(i % 7, 7, i));
    for (const total of [1, 2, 3, 7]) {
      const filters = Array.from({ length: total }, (_, id) => ownGuildFilter(shardClient(id, total))!);
      for (const guildId of [...ids, G0, G1, '100000000000000001']) {
        expect(
          filters.filter((owns) => owns(guildId)),
          `${guildId} with ${total} shards`,
        ).toHaveLength(1);
      }
    }
  });
});

describe('the fake Discord, sharded', () => {
  it(
    "gives each shard only its servers, sends each interaction to its server's shard and DMs to shard 0",
    { timeout: 30_000 },
    async () => {
      const fake = await startFakeDiscord({ guilds: GUILDS });
      const clients = [0, 1].map((id) => {
        const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, shards: id, shardCount: 2 });
        client.on(Events.InteractionCreate, async (i) => {
          if (i.isChatInputCommand()) await i.reply({ content: `shard ${id}` });
        });
        return client;
      });
      try {
        await Promise.all(
          clients.map(async (client) => {
            const ready = once(client, Events.ClientReady);
            await client.login(fake.token);
            await ready;
          }),
        );
        expect([...fake.identifiedShards].sort()).toEqual([
          [0, 2],
          [1, 2],
        ]);
        expect(clients.map((c) => [...c.guilds.cache.keys()])).toEqual([[G0], [G1]]);
        expect((await fake.interact({ name: 'ping', guildId: G0 })).data.content).toBe('shard 0');
        expect((await fake.interact({ name: 'ping', guildId: G1 })).data.content).toBe('shard 1');
        expect((await fake.interact({ name: 'ping', guild: false })).data.content).toBe('shard 0');
      } finally {
        await Promise.all(clients.map((c) => c.destroy()));
        await fake.stop();
      }
    },
  );
});

describe('the shard process helpers', () => {
  it('know a shard process by the environment discord.js gives it, not by SHARD_COUNT alone', () => {
    expect(isShardProcess({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' })).toBe(true);
    expect(isShardProcess({ SHARD_COUNT: '2' })).toBe(false);
    expect(isShardProcess({ SHARDING_MANAGER: 'true' })).toBe(false);
  });

  it('name the shard of a shard process for its log records, and none elsewhere', () => {
    expect(processShard({ SHARDING_MANAGER: 'true', SHARDS: '1' })).toBe(1);
    expect(processShard({ SHARDING_MANAGER: 'true', SHARDS: '[0,1]' })).toBe('0,1');
    expect(processShard({ SHARD_COUNT: '2' })).toBeUndefined();
  });

  it("start shards with this process's tsx loader, without debugger or watch flags", () => {
    const cli = ['--require', '/x/tsx/dist/preflight.cjs', '--import', 'file:///x/tsx/dist/loader.mjs'];
    expect(shardExecArgv(cli)).toEqual(cli);
    expect(shardExecArgv(['--inspect=9229', '--import', 'tsx', '--watch'])).toEqual(['--import', 'tsx']);
    expect(shardExecArgv([])).toEqual(['--import', expect.stringMatching(/^file:.*\/tsx\/dist\/loader\.mjs$/)]);
  });

  it('start shards of the compiled build (dist/src/main.js) with no loader at all', () => {
    expect(shardExecArgv([], true)).toEqual([]);
    expect(shardExecArgv(['--inspect', '--max-old-space-size=512'], true)).toEqual(['--max-old-space-size=512']);
  });
});
