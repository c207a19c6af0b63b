import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment, requireDiscord } from '../../src/config/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.secret-part-of-the-token-0123456789';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in console mode with defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      discord: { token: undefined, clientId: undefined, guildId: undefined, apiUrl: 'https://discord.com/api' },
      quickchartUrl: 'https://quickchart.io',
      charts: 'url',
      logLevel: 'info',
      databasePath: 'var/bot.sqlite',
      sharding: undefined,
    });
  });

  it('reads every key', () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: '300000000000000001',
      DISCORD_GUILD_ID: '100000000000000001',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
      QUICKCHART_URL: 'http://charts.internal:3400/prefix/',
      CHARTS: 'attach',
      LOG_LEVEL: 'debug',
      DATABASE_PATH: '/srv/bot/bot.sqlite',
      SHARD_COUNT: '8',
      SHARD_IDS: '4-7',
    });
    expect(config).toEqual({
      discord: { token: TOKEN, clientId: '300000000000000001', guildId: '100000000000000001', apiUrl: 'http://127.0.0.1:8080/api' },
      quickchartUrl: 'http://charts.internal:3400/prefix',
      charts: 'attach',
      logLevel: 'debug',
      databasePath: '/srv/bot/bot.sqlite',
      sharding: { count: 8, ids: [4, 5, 6, 7] },
    });
  });

  it('treats empty values, as .env.example leaves them, as not set', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: ' ', CHARTS: '', LOG_LEVEL: '' })).toEqual(loadConfig({}));
  });

  it('reports every problem at once, each naming its key', () => {
    const problems = problemsOf({
      DISCORD_CLIENT_ID: 'my-bot',
      DISCORD_GUILD_ID: '12',
      DISCORD_API_URL: 'discord.com/api',
      QUICKCHART_URL: 'ftp://charts',
      CHARTS: 'png',
      LOG_LEVEL: 'verbose',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/^DISCORD_CLIENT_ID must be the application's id/m);
    expect(problems.join('\n')).toMatch(/^DISCORD_GUILD_ID must be a server's id/m);
    expect(problems.join('\n')).toMatch(/^DISCORD_API_URL must be an http\(s\) URL \(got "discord.com\/api"\)/m);
    expect(problems.join('\n')).toMatch(/^QUICKCHART_URL must be an http\(s\) URL/m);
    expect(problems.join('\n')).toMatch(/^CHARTS must be url or attach \(got "png"\)/m);
    expect(problems.join('\n')).toMatch(/^LOG_LEVEL must be one of debug, info, warn, error/m);
  });

  it('says what is wrong with a token without ever repeating it', () => {
    const problems = problemsOf({ DISCORD_TOKEN: `Bot ${TOKEN}` });
    expect(problems).toEqual(['DISCORD_TOKEN must be the token alone, without the "Bot " prefix']);
    const other = problemsOf({ DISCORD_TOKEN: 'not-a-token-at-all' });
    expect(other[0]).toMatch(/^DISCORD_TOKEN does not look like a bot token/);
    expect(other.join()).not.toContain('not-a-token-at-all');
  });

  it('points to README and .env.example in its message', () => {
    expect(() => loadConfig({ CHARTS: 'png' })).toThrow(
      /not usable:\n {2}- CHARTS must be url or attach[^]*README\.md \(Settings\) and \.env\.example/,
    );
  });
});

describe('sharding settings', () => {
  it('runs unsharded, as before, without SHARD_COUNT (or with it empty)', () => {
    expect(loadConfig({}).sharding).toBeUndefined();
    expect(loadConfig({ SHARD_COUNT: '', SHARD_IDS: ' ' }).sharding).toBeUndefined();
  });

  it('reads SHARD_COUNT as a number or auto, and runs every shard without SHARD_IDS', () => {
    expect(loadConfig({ SHARD_COUNT: '2' }).sharding).toEqual({ count: 2, ids: undefined });
    expect(loadConfig({ SHARD_COUNT: ' 16 ' }).sharding).toEqual({ count: 16, ids: undefined });
    expect(loadConfig({ SHARD_COUNT: 'auto' }).sharding).toEqual({ count: 'auto', ids: undefined });
    expect(loadConfig({ SHARD_COUNT: 'AUTO' }).sharding).toEqual({ count: 'auto', ids: undefined });
  });

  it('reads SHARD_IDS as ids and ranges, in order and without repeats', () => {
    expect(loadConfig({ SHARD_COUNT: '2', SHARD_IDS: '1' }).sharding).toEqual({ count: 2, ids: [1] });
    expect(loadConfig({ SHARD_COUNT: '12', SHARD_IDS: '8-11, 0,2-3,3' }).sharding).toEqual({ count: 12, ids: [0, 2, 3, 8, 9, 10, 11] });
    expect(loadConfig({ SHARD_COUNT: '4', SHARD_IDS: '0 - 3' }).sharding).toEqual({ count: 4, ids: [0, 1, 2, 3] });
  });

  it('says what SHARD_COUNT must be', () => {
    for (const value of ['0', '-1', '1.5', 'two', '100001', 'auto,2']) {
      expect(problemsOf({ SHARD_COUNT: value })).toEqual([
        `SHARD_COUNT must be auto or a whole number of shards from 1 to 100000 (got ${JSON.stringify(value)})`,
      ]);
    }
  });

  it('says what SHARD_IDS must be', () => {
    for (const value of ['a', '0,,1', '1-', '-1', '0;1', '1.0']) {
      expect(problemsOf({ SHARD_COUNT: '4', SHARD_IDS: value })).toEqual([
        `SHARD_IDS must list shard ids (whole numbers from 0) like 0,1 or ranges like 0-3, separated by commas (got ${JSON.stringify(value)})`,
      ]);
    }
    expect(problemsOf({ SHARD_COUNT: '4', SHARD_IDS: '3-1' })).toEqual([
      'SHARD_IDS has a range that goes backwards (3-1); write it as 1-3 (got "3-1")',
    ]);
  });

  it('checks SHARD_IDS against SHARD_COUNT: needed, fixed, and every id below it', () => {
    expect(problemsOf({ SHARD_IDS: '0-3' })).toEqual([
      'SHARD_IDS needs SHARD_COUNT, the number of shards on all machines together (SHARD_IDS names the ones this machine runs)',
    ]);
    expect(problemsOf({ SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toEqual([
      'SHARD_IDS needs a fixed SHARD_COUNT, not auto: every machine must agree on the total, and the count Discord recommends can change between starts',
    ]);
    expect(problemsOf({ SHARD_COUNT: '2', SHARD_IDS: '1,2,4-5' })).toEqual([
      'SHARD_IDS lists 2, 4, 5, but with SHARD_COUNT=2 shard ids run from 0 to 1',
    ]);
  });

  it('reports sharding problems together with every other problem', () => {
    const problems = problemsOf({ CHARTS: 'png', SHARD_IDS: '9', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/^CHARTS must be url or attach/m);
    expect(problems.join('\n')).toMatch(/^LOG_LEVEL must be one of/m);
    expect(problems.join('\n')).toMatch(/^SHARD_IDS needs SHARD_COUNT/m);
    expect(problemsOf({ SHARD_COUNT: 'x', SHARD_IDS: 'y' })).toEqual([
      expect.stringMatching(/^SHARD_COUNT must be auto or a whole number/),
      expect.stringMatching(/^SHARD_IDS must list shard ids/),
    ]);
  });
});

describe('requireDiscord', () => {
  it('needs the token to run the bot, and says where to find it', () => {
    expect(() => requireDiscord(loadConfig({}), 'bot')).toThrow(
      /DISCORD_TOKEN is missing: Developer Portal > your application > Bot > Reset Token/,
    );
    expect(requireDiscord(loadConfig({ DISCORD_TOKEN: TOKEN }), 'bot').token).toBe(TOKEN);
  });

  it('needs the token and the application id to deploy commands, naming both when both are missing', () => {
    try {
      requireDiscord(loadConfig({}), 'deploy-commands');
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^DISCORD_TOKEN is missing/),
        expect.stringMatching(/^DISCORD_CLIENT_ID is missing: Developer Portal > your application > General Information > Application ID/),
      ]);
    }
    const settings = requireDiscord(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '300000000000000001' }), 'deploy-commands');
    expect(settings.clientId).toBe('300000000000000001');
  });
});

describe('readEnvironment', () => {
  it('reads .env under the environment, which wins, without touching process.env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'CHARTS=attach\nLOG_LEVEL=debug\n# a comment\nDISCORD_GUILD_ID=\n');
    const env = readEnvironment({ envFile: file, env: { LOG_LEVEL: 'warn' } });
    expect(env).toMatchObject({ CHARTS: 'attach', LOG_LEVEL: 'warn', DISCORD_GUILD_ID: '' });
    expect(loadConfig(env)).toMatchObject({ charts: 'attach', logLevel: 'warn' });
    expect(process.env.CHARTS).toBeUndefined();
  });

  it('works without a .env file', () => {
    expect(readEnvironment({ envFile: '/nonexistent/.env', env: { CHARTS: 'url' } })).toEqual({ CHARTS: 'url' });
  });
});
