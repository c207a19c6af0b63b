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

/** A sanity bound on SHARD_COUNT (a typo's extra digits), far above any bot's real count. */
export const MAX_SHARDS = 100_000;

/** Discord's gateway sharding: how many shards there are in all, and which this process runs. */
export interface ShardingConfig {
  /** Shards across every machine; 'auto': ask Discord (GET /gateway/bot) at start. */
  readonly count: number | 'auto';
  /** The shards this machine runs, ascending; undefined: all of them. Only with a numeric count. */
  readonly ids: readonly number[] | undefined;
}

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
  /** Where the figures are loaded from (and `npm run import` writes to); undefined: the bundled data/. */
  readonly dataDir: string | undefined;
  /** Set (SHARD_COUNT): run the bot as shards under discord.js's ShardingManager. Unset: one process. */
  readonly sharding: ShardingConfig | undefined;
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

const snowflake = (what: string) => z.string().regex(SNOWFLAKE, `must be ${what}: a number of 17 to 20 digits`);

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

const shardCount = z.string().transform((v, ctx) => {
  if (v.toLowerCase() === 'auto') return 'auto' as const;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_SHARDS) return n;
  ctx.addIssue({ code: 'custom', message: `must be auto or a whole number of shards from 1 to ${MAX_SHARDS}` });
  return z.NEVER;
});

/** `0,1`, `0-3`, `0-3,8`: ascending, without repeats. Checked against SHARD_COUNT in loadConfig. */
const shardIds = z.string().transform((v, ctx) => {
  const ids = new Set<number>();
  for (const part of v.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] !== undefined ? Number(m[2]) : from;
    if (!m || !Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must list shard ids (whole numbers from 0) like 0,1 or ranges like 0-3, separated by commas',
      });
      return z.NEVER;
    }
    if (to < from) {
      ctx.addIssue({ code: 'custom', message: `has a range that goes backwards (${part}); write it as ${to}-${from}` });
      return z.NEVER;
    }
    if (to >= MAX_SHARDS) {
      ctx.addIssue({ code: 'custom', message: `lists shard ${to}, but there are at most ${MAX_SHARDS} shards` });
      return z.NEVER;
    }
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
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
  DATA_DIR: optional(z.string()),
  SHARD_COUNT: optional(shardCount),
  SHARD_IDS: optional(shardIds),
});

/** SHARD_IDS only makes sense against a fixed SHARD_COUNT; each checked on its own first. */
function shardingProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const count = schema.shape.SHARD_COUNT.safeParse(env.SHARD_COUNT);
  const ids = schema.shape.SHARD_IDS.safeParse(env.SHARD_IDS);
  if (!count.success || !ids.success || ids.data === undefined) return [];
  if (count.data === undefined) {
    return ['SHARD_IDS needs SHARD_COUNT, the number of shards on all machines together (SHARD_IDS names the ones this machine runs)'];
  }
  if (count.data === 'auto') {
    return [
      'SHARD_IDS needs a fixed SHARD_COUNT, not auto: every machine must agree on the total, and the count Discord recommends can change between starts',
    ];
  }
  const total = count.data;
  const outside = ids.data.filter((id) => id >= total);
  if (outside.length === 0) return [];
  return [`SHARD_IDS lists ${outside.join(', ')}, but with SHARD_COUNT=${total} shard ids run from 0 to ${total - 1}`];
}

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
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? 'settings');
        return `${key} ${issue.message}${shown(key, env[key])}`;
      });
  problems.push(...shardingProblems(env));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
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
    dataDir: e.DATA_DIR,
    sharding: e.SHARD_COUNT === undefined ? undefined : { count: e.SHARD_COUNT, ids: e.SHARD_IDS },
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
  DISCORD_CLIENT_ID: 'DISCORD_CLIENT_ID is missing: Developer Portal > your application > General Information > Application ID',
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
