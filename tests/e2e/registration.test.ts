import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { registerCommands } from '../../src/discord/registerCommands.js';
import { memoryLog } from '../support/logs.js';
import { run } from '../support/child.js';
import { htmlApi, refusingApi, silentApi } from '../support/deadEnds.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.stop();
});

const definitions = commands.map((c) => c.definition);

describe('registering the commands', () => {
  it("overwrites a guild's commands with one PUT carrying every definition", async () => {
    const guildId = fake.guilds[0]!.id;
    const result = await registerCommands({ apiUrl: fake.apiUrl, token: fake.token, clientId: fake.applicationId, guildId, definitions });
    expect(result).toEqual({ scope: 'guild', names: definitions.map((d) => d.name) });
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${fake.applicationId}/guilds/${guildId}/commands`);
    expect(puts[0]!.auth).toBe('bot');
    expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(definitions)));
  });

  it('registers globally without a guild, retrying through a 429 and a 500', async () => {
    fake.failNext('PUT /applications', 429, 1, { retryAfter: 0.1 });
    fake.failNext('PUT /applications', 500, 1);
    const result = await registerCommands({
      apiUrl: fake.apiUrl,
      token: fake.token,
      clientId: fake.applicationId,
      definitions,
      logger: memoryLog().logger,
    });
    expect(result.scope).toBe('global');
    expect(fake.commands.global?.map((c) => c.name)).toEqual(definitions.map((d) => d.name));
  });

  it("says Discord's reason when it refuses", async () => {
    await expect(
      registerCommands({
        apiUrl: fake.apiUrl,
        token: fake.token,
        clientId: fake.applicationId,
        definitions: [{ name: 'Bad Name', description: '' }],
      }),
    ).rejects.toThrow(/Invalid Form Body/);
  });
});

describe('npm run deploy-commands', () => {
  const script = 'src/discord/deployCommands.ts';

  it('registers the commands in the guild named by DISCORD_GUILD_ID and says so', { timeout: 30_000 }, async () => {
    const guildId = fake.guilds[0]!.id;
    const { code, stdout, stderr } = await run(script, {
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_GUILD_ID: guildId,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Registered ${definitions.length} commands in server ${guildId}: /trade`);
    expect(fake.commands.guild.get(guildId)?.map((c) => c.name)).toEqual(definitions.map((d) => d.name));
  });

  it('names every missing setting and exits 1', { timeout: 30_000 }, async () => {
    const { code, stderr } = await run(script, { DISCORD_API_URL: fake.apiUrl });
    expect(code).toBe(1);
    expect(stderr).toContain('DISCORD_TOKEN is missing');
    expect(stderr).toContain('DISCORD_CLIENT_ID is missing');
  });

  it('says the token was refused, without printing it', { timeout: 30_000 }, async () => {
    const wrong = 'MTExMTExMTExMTExMTExMTEx.GwRong.wrong-token-wrong-token-wrong-token-xx';
    const { code, stdout, stderr } = await run(script, {
      DISCORD_TOKEN: wrong,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Discord refused the token: check DISCORD_TOKEN');
    expect(stdout + stderr).not.toContain(wrong);
  });

  it.each([
    ['refuses connections', refusingApi, /DISCORD_API_URL=\S+ refused the connection \(ECONNREFUSED\)/],
    ['never answers', silentApi, /DISCORD_API_URL=\S+ did not answer within 10 s/],
    ['answers with an HTML page', () => htmlApi(200), /DISCORD_API_URL=\S+ answered with an HTML page \(HTTP 200\), not Discord's API/],
  ])('exits 1 within 15 s with one line naming DISCORD_API_URL when it %s', { timeout: 15_000 }, async (_what, open, message) => {
    const deadEnd = await open();
    try {
      const { code, stdout, stderr } = await run(script, {
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_API_URL: deadEnd.apiUrl,
      });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
      expect(stderr).toContain(deadEnd.apiUrl);
    } finally {
      await deadEnd.close();
    }
  });
});

describe('registering through a 429 without Retry-After', () => {
  it('waits before trying again instead of retrying at once', { timeout: 30_000 }, async () => {
    fake.failNext('PUT /applications', 429, 1, { retryAfter: null });
    const before = fake.requests.length;
    const result = await registerCommands({
      apiUrl: fake.apiUrl,
      token: fake.token,
      clientId: fake.applicationId,
      definitions,
      logger: memoryLog().logger,
    });
    expect(result.scope).toBe('global');
    const puts = fake.requests.slice(before).filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.status)).toEqual([429, 200]);
    expect(puts[1]!.at - puts[0]!.at).toBeGreaterThanOrEqual(990);
  });
});
