import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordSettingError, RateLimitedWithoutRetryAfter } from '../../src/discord/errors.js';
import { checkDiscordApi, restOptions, waitOnBare429 } from '../../src/discord/rest.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import { htmlApi, refusingApi, silentApi } from '../support/deadEnds.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';
import { memoryLog } from '../support/logs.js';
import { scriptedApp } from '../support/scriptedApp.js';

/** A response as @discordjs/rest's makeRequest returns it. */
function answer(status: number, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : '{}', { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('waitOnBare429', () => {
  it('passes every answer but a bare 429 straight on, a 429 with Retry-After included', async () => {
    for (const status of [200, 204, 400, 401, 500]) {
      const make = waitOnBare429(async () => answer(status), undefined, [0]);
      expect((await make('http://x/api/v10/y', {})).status).toBe(status);
    }
    let calls = 0;
    const make = waitOnBare429(async () => (calls++, answer(429, { 'retry-after': '0.2' })), undefined, [0]);
    expect((await make('http://x/api/v10/y', {})).status).toBe(429);
    expect(calls).toBe(1);
  });

  it('tries once more after each wait, then gives up with an error that says so', async () => {
    let calls = 0;
    const log = memoryLog();
    const make = waitOnBare429(async () => (calls++, answer(429)), log.logger, [0, 0, 0]);
    const failure = await make('http://x/api/v10/channels/1/messages', { method: 'POST' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RateLimitedWithoutRetryAfter);
    expect((failure as Error).message).toBe('Discord answered 429 (rate limited) 4 times without saying how long to wait; gave up');
    expect(calls).toBe(4);
    expect(log.matching({ level: 'warn', msg: 'Discord answered 429 without Retry-After; waiting before trying again' })).toHaveLength(3);
  });

  it('stops at the first answer that is not a bare 429', async () => {
    const statuses = [429, 429, 200];
    const make = waitOnBare429(async () => answer(statuses.shift()!), undefined, [0, 0, 0]);
    expect((await make('http://x/api/v10/y', {})).status).toBe(200);
    expect(statuses).toEqual([]);
  });
});

describe('checkDiscordApi', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake?.stop();
  });
  const rest = (apiUrl: string, token = fake.token) => new REST(restOptions(apiUrl)).setToken(token);
  const failure = (apiUrl: string, token?: string, timeoutMs?: number) =>
    checkDiscordApi(rest(apiUrl, token), apiUrl, timeoutMs).then(
      () => undefined,
      (e: unknown) => e as DiscordSettingError,
    );

  it("accepts Discord's answer", async () => {
    await expect(checkDiscordApi(rest(fake.apiUrl), fake.apiUrl)).resolves.toBeUndefined();
  });

  it('names DISCORD_TOKEN when Discord refuses the token', async () => {
    const error = await failure(fake.apiUrl, 'MTExMTExMTExMTExMTExMTEx.GwRong.wrong-token-wrong-token-wrong-token-xx');
    expect(error).toBeInstanceOf(DiscordSettingError);
    expect(error).toMatchObject({ setting: 'DISCORD_TOKEN' });
    expect(error!.message).toBe('Discord refused the token: check DISCORD_TOKEN (Developer Portal > your application > Bot > Reset Token)');
  });

  it.each([
    ['refuses connections', refusingApi, 'refused the connection (ECONNREFUSED)'],
    ['never answers', silentApi, 'did not answer within 1 s'],
    ['serves a web page', () => htmlApi(200), "answered with an HTML page (HTTP 200), not Discord's API"],
    ['serves a 404 page', () => htmlApi(404), "answered with an HTML page (HTTP 404), not Discord's API"],
  ])('names DISCORD_API_URL and what happened when it %s', async (_what, open, what) => {
    const deadEnd = await open();
    try {
      const error = await failure(deadEnd.apiUrl, undefined, 1000);
      expect(error).toMatchObject({ setting: 'DISCORD_API_URL' });
      expect(error!.message).toBe(
        `DISCORD_API_URL=${deadEnd.apiUrl} ${what}: it should be https://discord.com/api (the default, when unset) or a proxy for it`,
      );
    } finally {
      await deadEnd.close();
    }
  });
});

describe('a 429 without Retry-After, through the real client', () => {
  let own: Harness;
  beforeAll(async () => {
    own = await startHarness({ app: scriptedApp() });
  });
  afterAll(async () => {
    await own?.stop();
  });
  const tries = (channelId: string) => own.fake.requests.filter((r) => r.path === `/channels/${channelId}/messages`);

  it('waits 1 s, then longer, before each retry, and posts once Discord lets it', { timeout: 30_000 }, async () => {
    const channel = own.fake.guilds[0]!.channels[1]!;
    own.fake.failNext(`POST /channels/${channel.id}/messages`, 429, 2, { retryAfter: null });
    const answer = await own.fake.interact({ name: 'post', options: { channel: channel.id } });
    expect(answer.data.content).toMatch(new RegExp(`^Posted in <#${channel.id}>: https://discord.com/channels/`));
    const sent = tries(channel.id);
    expect(sent.map((r) => r.status)).toEqual([429, 429, 200]);
    const [first, second, third] = sent.map((r) => r.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(990);
    expect(third - second).toBeGreaterThanOrEqual(1.5 * (second - first));
    await own.waitForRecord({
      level: 'warn',
      msg: 'Discord answered 429 without Retry-After; waiting before trying again',
      request: `POST /channels/${channel.id}/messages`,
      attempt: 1,
      waitMs: 1000,
    });
  });

  it('gives up after four tries and tells the user Discord is limiting the bot', { timeout: 30_000 }, async () => {
    const channel = own.fake.guilds[0]!.channels[0]!;
    own.fake.failNext(`POST /channels/${channel.id}/messages`, 429, 4, { retryAfter: null });
    const answer = await own.fake.interact({ name: 'post', options: { channel: channel.id } });
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toBe(
      `I couldn't post in <#${channel.id}>: Discord is limiting how fast I can send just now. Please try again in a minute.`,
    );
    expect(tries(channel.id).map((r) => r.status)).toEqual([429, 429, 429, 429]);
    expect(own.fake.channelMessages(channel.id)).toHaveLength(0);
  });
});
