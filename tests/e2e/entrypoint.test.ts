/**
 * The bot started as a user starts it, as a child process with DISCORD_TOKEN and DISCORD_API_URL
 * pointing at the fake Discord: from the sources through tsx (`npm run dev` without the watch);
 * tests/e2e/compiled.test.ts runs the compiled entry that `npm start` runs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Running } from '../support/child.js';
import { htmlApi, refusingApi, silentApi, type DeadEnd } from '../support/deadEnds.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';
import { parseOutput } from '../support/logs.js';

const mainWiresDiscord = readFileSync('src/main.ts', 'utf8').includes('startDiscordBot');

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.stop();
});

describe.skipIf(!mainWiresDiscord)('npm start with a token', () => {
  it('logs in, answers /trade from Discord, and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const bot = start('src/main.ts', { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' });
    try {
      await bot.waitForRecord({ level: 'info', msg: 'ready' });
      const reply = await fake.interact({ name: 'trade', options: { country: 'kazakhstan' } });
      const embed = (reply.data.embeds as any[])[0];
      expect(embed.title).toBe('China–Kazakhstan trade, 2025');
      expect(JSON.stringify(embed)).toContain('$48.7 bn');
      await bot.waitForRecord({
        level: 'info',
        msg: 'interaction',
        command: 'trade',
        guild: /^\d+$/,
        ms: expect.any(Number),
        outcome: 'ok',
      });

      bot.child.kill('SIGTERM');
      const { code } = await bot.exited;
      expect(code).toBe(0);
      expect(bot.records()).toContainEqual(expect.objectContaining({ level: 'info', msg: 'stopping', reason: 'SIGTERM' }));
      expect(bot.records().at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
      expect(bot.stdout + bot.stderr).not.toContain(fake.token);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });

  it('exits 1 with a clear message when Discord refuses the token, without printing it', { timeout: 60_000 }, async () => {
    const wrong = 'MTExMTExMTExMTExMTExMTEx.GwRong.wrong-token-wrong-token-wrong-token-xx';
    const bot = start('src/main.ts', { DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl });
    const { code } = await bot.exited;
    expect(code).toBe(1);
    expect(bot.records()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'could not log in to Discord',
        reason: expect.stringMatching(/^Discord refused the token: check DISCORD_TOKEN/),
      }),
    );
    expect(bot.stdout + bot.stderr).not.toContain(wrong);
  });
});

/** What a stopped bot wrote on stderr that names `key`, records parsed: there should be exactly one. */
function naming(bot: Running, key: string): unknown[] {
  const { records, plain } = parseOutput(bot.stderr);
  return [...records.filter((r) => JSON.stringify(r).includes(key)), ...plain.filter((l) => l.includes(key))];
}

/** No stack anywhere: no record carries an error, and no plain line is a stack trace. */
function expectNoStack(bot: Running) {
  expect(bot.records().filter((r) => r.err !== undefined)).toEqual([]);
  expect(bot.stderr).not.toMatch(/\n\s+at /);
}

describe.skipIf(!mainWiresDiscord)('npm start when Discord ends the session', () => {
  it('stops cleanly and exits 1 with one line naming DISCORD_TOKEN when the gateway closes with 4004', { timeout: 60_000 }, async () => {
    const bot = start('src/main.ts', { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' });
    try {
      await bot.waitForRecord({ level: 'info', msg: 'ready' });
      await fake.closeGateway(4004);
      const { code } = await bot.exited;
      expect(code).toBe(1);
      expect(naming(bot, 'DISCORD_TOKEN')).toEqual([
        expect.objectContaining({ level: 'error', msg: 'the gateway refused the bot token (close code 4004); stopping' }),
      ]);
      expect(bot.records().at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
      expectNoStack(bot);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });

  it('stops cleanly and exits 1 with one line naming DISCORD_TOKEN after a 401 on a channel post', { timeout: 60_000 }, async () => {
    const bot = start('src/main.ts', { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' });
    try {
      await bot.waitForRecord({ level: 'info', msg: 'ready' });
      const channel = fake.guilds[0]!.channels[1]!;
      fake.failNext(`POST /channels/${channel.id}/messages`, 401, 1, { body: { message: '401: Unauthorized', code: 0 } });
      const reply = await fake.interact({
        name: 'keypoints',
        options: { channel: channel.id },
        memberPermissions: 0x2000n | 0x400n | 0x800n,
      });
      expect(reply.data.content).toMatch(/Discord no longer accepts my login/);
      const { code } = await bot.exited;
      expect(code).toBe(1);
      expect(naming(bot, 'DISCORD_TOKEN')).toEqual([
        expect.objectContaining({ level: 'error', msg: 'Discord refused the bot token; stopping' }),
      ]);
      expect(bot.records().at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
      expectNoStack(bot);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });
});

describe.skipIf(!mainWiresDiscord)('npm start when DISCORD_API_URL is not Discord', () => {
  let deadEnd: DeadEnd | undefined;
  afterAll(async () => {
    await deadEnd?.close();
  });

  it.each([
    ['refuses connections', refusingApi, /DISCORD_API_URL=\S+ refused the connection \(ECONNREFUSED\)/],
    ['never answers', silentApi, /DISCORD_API_URL=\S+ did not answer within 10 s/],
    ['answers with an HTML page', () => htmlApi(200), /DISCORD_API_URL=\S+ answered with an HTML page \(HTTP 200\), not Discord's API/],
    ['answers 404 with an HTML page', () => htmlApi(404), /DISCORD_API_URL=\S+ answered with an HTML page \(HTTP 404\), not Discord's API/],
  ])('exits 1 within 15 s with one line naming DISCORD_API_URL when it %s', { timeout: 15_000 }, async (_what, open, message) => {
    await deadEnd?.close();
    deadEnd = await open();
    const bot = start('src/main.ts', { DISCORD_TOKEN: fake.token, DISCORD_API_URL: deadEnd.apiUrl });
    try {
      const { code } = await bot.exited;
      expect(code).toBe(1);
      const lines = naming(bot, 'DISCORD_API_URL');
      expect(lines).toEqual([
        expect.objectContaining({ level: 'error', msg: 'could not log in to Discord', reason: expect.stringMatching(message) }),
      ]);
      expect(lines[0]).toMatchObject({ reason: expect.stringContaining(deadEnd.apiUrl) });
      expectNoStack(bot);
      expect(bot.stdout + bot.stderr).not.toContain(fake.token);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });
});

describe('npm start with bad settings', () => {
  it('reports every problem at once and exits 1', { timeout: 60_000 }, async () => {
    const bot = start('src/main.ts', { DISCORD_TOKEN: 'Bot abc', CHARTS: 'png', LOG_LEVEL: 'loud' });
    const { code } = await bot.exited;
    expect(code).toBe(1);
    expect(bot.stderr).toContain('DISCORD_TOKEN must be the token alone, without the "Bot " prefix');
    expect(bot.stderr).toContain('CHARTS must be url or attach');
    expect(bot.stderr).toContain('LOG_LEVEL must be one of debug, info, warn, error');
    expect(bot.stderr).not.toContain('abc');
  });
});
