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
    });
    expect(config).toEqual({
      discord: { token: TOKEN, clientId: '300000000000000001', guildId: '100000000000000001', apiUrl: 'http://127.0.0.1:8080/api' },
      quickchartUrl: 'http://charts.internal:3400/prefix',
      charts: 'attach',
      logLevel: 'debug',
      databasePath: '/srv/bot/bot.sqlite',
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
    expect(() => loadConfig({ CHARTS: 'png' })).toThrow(/not usable:\n  - CHARTS must be url or attach[^]*README\.md \(Settings\) and \.env\.example/);
  });
});

describe('requireDiscord', () => {
  it('needs the token to run the bot, and says where to find it', () => {
    expect(() => requireDiscord(loadConfig({}), 'bot')).toThrow(/DISCORD_TOKEN is missing: Developer Portal > your application > Bot > Reset Token/);
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
