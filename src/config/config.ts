import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const CHART_MODES = ['url', 'attach'] as const;
export type ChartMode = (typeof CHART_MODES)[number];

export const DEFAULTS = {
  DISCORD_API_URL: 'https://discord.com/api',
  QUICKCHART_URL: 'https://quickchart.io',
  CHARTS: 'url',
  LOG_LEVEL: 'info',
  DATABASE_PATH: 'var/bot.sqlite',
} as const;

/** Every setting the bot reads, validated once at start. */
export interface Config {
  readonly discord: {
    /** Absent: the bot runs in console mode. */
    readonly token: string | undefined;
    /** The application id; needed by `npm run deploy-commands`, not by the running bot. */
    readonly clientId: string | undefined;
    /** Register commands in this one server (instant) rather than globally. */
    readonly guildId: string | undefined;
    /** Discord's REST base, e.g. https://discord.com/api; the gateway URL is discovered through it. */
    readonly apiUrl: string;
  };
  readonly quickchartUrl: string;
  readonly charts: ChartMode;
  readonly logLevel: LogLevel;
  readonly databasePath: string;
}

/** The settings are wrong; `problems` lists every one of them, each naming its key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      `The bot's settings (environment variables or .env) are not usable:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\nSee README.md (Settings) and .env.example.`,
    );
  }
}

const SNOWFLAKE = /^\d{17,20}$/;

/** An unset key and an empty one (`DISCORD_GUILD_ID=` in .env) mean the same: not given. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

const snowflake = (what: string) =>
  z.string().regex(SNOWFLAKE, `must be ${what}: a number of 17 to 20 digits`);

const httpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

// The token's value never appears in a message: these checks only say what is wrong with it.
const token = z.string().superRefine((v, ctx) => {
  const problem = /^Bot\s/i.test(v)
    ? 'must be the token alone, without the "Bot " prefix'
    : /\s/.test(v)
      ? 'must not contain spaces or line breaks'
      : v.split('.').length !== 3
        ? 'does not look like a bot token (three parts separated by dots); copy it again from Developer Portal > Bot > Reset Token'
        : undefined;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const schema = z.object({
  DISCORD_TOKEN: optional(token),
  DISCORD_CLIENT_ID: optional(snowflake("the application's id (Developer Portal > General Information > Application ID)")),
  DISCORD_GUILD_ID: optional(snowflake("a server's id (Discord: Developer Mode on, right-click the server > Copy Server ID)")),
  DISCORD_API_URL: optional(httpUrl),
  QUICKCHART_URL: optional(httpUrl),
  CHARTS: optional(z.enum(CHART_MODES, `must be ${CHART_MODES.join(' or ')}`)),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`)),
  DATABASE_PATH: optional(z.string()),
});

function shown(key: string, value: unknown): string {
  if (key === 'DISCORD_TOKEN' || typeof value !== 'string') return '';
  const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return ` (got ${JSON.stringify(short)})`;
}

/**
 * Reads and checks the settings from an environment (process.env merged with .env), reporting
 * every problem at once. Only keys this bot knows are read; unknown keys are ignored.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? 'settings');
        return `${key} ${issue.message}${shown(key, env[key])}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: (e.DISCORD_API_URL ?? DEFAULTS.DISCORD_API_URL).replace(/\/+$/, ''),
    },
    quickchartUrl: (e.QUICKCHART_URL ?? DEFAULTS.QUICKCHART_URL).replace(/\/+$/, ''),
    charts: e.CHARTS ?? DEFAULTS.CHARTS,
    logLevel: e.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL,
    databasePath: e.DATABASE_PATH ?? DEFAULTS.DATABASE_PATH,
  };
}

export interface DiscordSettings {
  readonly token: string;
  readonly clientId: string | undefined;
  readonly guildId: string | undefined;
  readonly apiUrl: string;
}

/** What each use of Discord needs beyond the defaults, said plainly when it is missing. */
const NEEDS = {
  bot: ['DISCORD_TOKEN'],
  'deploy-commands': ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID'],
} as const;

const HOW: Record<string, string> = {
  DISCORD_TOKEN: 'DISCORD_TOKEN is missing: Developer Portal > your application > Bot > Reset Token, then put it in .env',
  DISCORD_CLIENT_ID:
    'DISCORD_CLIENT_ID is missing: Developer Portal > your application > General Information > Application ID',
};

/** The Discord settings for `use`, or a ConfigError naming every missing key and where to find it. */
export function requireDiscord(config: Config, use: 'deploy-commands'): DiscordSettings & { readonly clientId: string };
export function requireDiscord(config: Config, use: 'bot'): DiscordSettings;
export function requireDiscord(config: Config, use: keyof typeof NEEDS): DiscordSettings {
  const have: Record<string, string | undefined> = {
    DISCORD_TOKEN: config.discord.token,
    DISCORD_CLIENT_ID: config.discord.clientId,
  };
  const missing = NEEDS[use].filter((key) => !have[key]);
  if (missing.length > 0) throw new ConfigError(missing.map((key) => HOW[key] ?? `${key} is missing`));
  return { ...config.discord, token: config.discord.token! };
}

/**
 * The environment as the bot sees it: `.env` (if present) under `process.env`, which wins.
 * Nothing is written into process.env.
 */
export function readEnvironment(
  options: { readonly envFile?: string; readonly env?: Readonly<Record<string, string | undefined>> } = {},
): Record<string, string | undefined> {
  const path = resolve(options.envFile ?? '.env');
  const fromFile = existsSync(path) ? parseDotenv(readFileSync(path)) : {};
  return { ...fromFile, ...(options.env ?? process.env) };
}

/** For entry points: the config, or the list of problems on stderr and exit code 1. */
export function loadConfigOrExit(options?: Parameters<typeof readEnvironment>[0]): Config {
  try {
    return loadConfig(readEnvironment(options));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
