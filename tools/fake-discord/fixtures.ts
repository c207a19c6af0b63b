/** Who and what lives in the fake: ids, shards, permissions, and the JSON Discord sends for them. */
import { PermissionFlagsBits as P } from 'discord-api-types/v10';

/** Discord's JSON, loosely: the fake passes on whatever shape the client sent or expects. */
export type Json = Record<string, any>;

export const FAKE_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GfAkEx.fake-token-for-tests-only-0123456789abc';
export const DEFAULT_APPLICATION_ID = '300000000000000001';

const DISCORD_EPOCH = 1420070400000n;
// Shared by every fake in the process, which only makes ids more unique.
let snowflakeCounter = 0n;
export function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeCounter).toString();
}

/** The shard that receives a guild's events: Discord's `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A guild id (18 digits) on shard `shardId` of `shardCount`; `n` picks a different one on the same shard. */
export function guildIdOnShard(shardId: number, shardCount: number, n = 0): string {
  if (!Number.isInteger(shardId) || shardId < 0 || shardId >= shardCount) throw new Error(`no shard ${shardId} of ${shardCount}`);
  const base = 24_000_000_000n; // ms after Discord's epoch: a timestamp in 2015
  const count = BigInt(shardCount);
  const timestamp = base - (base % count) + BigInt(shardId) + count * BigInt(n);
  return ((timestamp << 22n) | 1n).toString();
}

/** What the bot may do in a normal channel of the fake: see, send, embed, attach, use commands. */
export const BOT_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.UseApplicationCommands;
export const MEMBER_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.UseApplicationCommands;

export interface FakeChannel {
  readonly id: string;
  readonly name: string;
  /** false: the bot cannot see it (403 Missing Access, 50001). */
  readonly botCanView?: boolean;
  /** false: the bot can see it but not send (403 Missing Permissions, 50013). */
  readonly botCanSend?: boolean;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly FakeChannel[];
}

export interface GuildChannel {
  readonly channel: FakeChannel;
  readonly guild: FakeGuild;
}

export const DEFAULT_GUILDS: readonly FakeGuild[] = [
  {
    id: '100000000000000001',
    name: 'Trade Desk',
    channels: [
      { id: '200000000000000001', name: 'general' },
      { id: '200000000000000002', name: 'digest' },
      { id: '200000000000000003', name: 'read-only', botCanSend: false },
      { id: '200000000000000004', name: 'staff', botCanView: false },
    ],
  },
];

export function channelsById(guilds: readonly FakeGuild[]): Map<string, GuildChannel> {
  const channels = new Map<string, GuildChannel>();
  for (const guild of guilds) for (const channel of guild.channels) channels.set(channel.id, { channel, guild });
  return channels;
}

const BOT_ROLE_ID = '400000000000000001';

/** The one person who uses the bot; guilds name them as owner. */
export const HUMAN = {
  id: '500000000000000001',
  username: 'asker',
  discriminator: '0',
  global_name: 'Asker',
  avatar: null,
  public_flags: 0,
};

export function botUserJson(applicationId: string): Json {
  return {
    id: applicationId,
    username: 'Trade Bot',
    discriminator: '0000',
    global_name: null,
    avatar: null,
    bot: true,
    flags: 0,
    verified: true,
    mfa_enabled: false,
  };
}

/** The bot's role is denied what the channel withholds, so the client computes the same permissions as botPermissionsIn. */
export function channelJson(c: FakeChannel, g: FakeGuild, position: number): Json {
  return {
    id: c.id,
    type: 0,
    guild_id: g.id,
    name: c.name,
    position,
    permission_overwrites: [
      ...(c.botCanView === false ? [{ id: BOT_ROLE_ID, type: 0, allow: '0', deny: String(P.ViewChannel) }] : []),
      ...(c.botCanSend === false ? [{ id: BOT_ROLE_ID, type: 0, allow: '0', deny: String(P.SendMessages) }] : []),
    ],
    nsfw: false,
    parent_id: null,
    topic: null,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
}

export function botPermissionsIn(c: FakeChannel): bigint {
  let p = BOT_PERMISSIONS;
  if (c.botCanView === false) p &= ~P.ViewChannel;
  if (c.botCanSend === false) p &= ~P.SendMessages;
  return p;
}

/** A full GUILD_CREATE: roles, the bot as member and channels are what the client needs for permissions. */
/** A guild member as Discord sends it, in GUILD_CREATE and on an interaction. */
export function memberJson(user: Json, roles: readonly string[], extra: Json = {}): Json {
  return {
    user,
    roles,
    ...extra,
    joined_at: new Date().toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    premium_since: null,
    communication_disabled_until: null,
  };
}

export function guildCreateJson(g: FakeGuild, botUser: Json): Json {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: HUMAN.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    description: null,
    banner: null,
    vanity_url_code: null,
    features: [],
    roles: [
      {
        id: g.id,
        name: '@everyone',
        color: 0,
        hoist: false,
        position: 0,
        permissions: String(MEMBER_PERMISSIONS),
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: BOT_ROLE_ID,
        name: 'Trade Bot',
        color: 0,
        hoist: false,
        position: 1,
        permissions: String(BOT_PERMISSIONS),
        managed: true,
        mentionable: false,
        flags: 0,
        tags: { bot_id: botUser.id },
      },
    ],
    emojis: [],
    stickers: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [memberJson(botUser, [BOT_ROLE_ID])],
    channels: g.channels.map((c, i) => {
      const { guild_id: _ignored, ...rest } = channelJson(c, g, i);
      return rest;
    }),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
