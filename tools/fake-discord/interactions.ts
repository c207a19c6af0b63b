/**
 * Interactions as Discord sends them (INTERACTION_CREATE, with channel options resolved) and what
 * the bot answered, kept per interaction until the answer a user would see settles the asker.
 */
import {
  BOT_PERMISSIONS,
  HUMAN,
  MEMBER_PERMISSIONS,
  botPermissionsIn,
  channelJson,
  memberJson,
  snowflake,
  type FakeChannel,
  type FakeGuild,
  type Json,
} from './fixtures.js';
import type { RecordedFile } from './http.js';
import type { FakeState } from './state.js';
import { withTimeout } from './wait.js';

const EPHEMERAL = 64;
const COMMAND = 2;
const AUTOCOMPLETE = 4;

/** The visible result of one interaction, as a user would see it. */
export interface FakeReply {
  readonly interactionId: string;
  /** The response that carried it: the initial callback, an edit of the deferred original, or a follow-up. */
  readonly via: 'callback' | 'edit' | 'followup';
  readonly deferred: boolean;
  readonly ephemeral: boolean;
  readonly data: Json;
  readonly files: readonly RecordedFile[];
}

export interface FakeResponse {
  readonly kind: 'callback' | 'edit' | 'followup' | 'delete';
  readonly type?: number;
  readonly data?: Json;
  readonly files: readonly RecordedFile[];
}

export interface InteractOptions {
  readonly name: string;
  /** A flat record (`subcommand` becomes a subcommand option) or raw option objects. */
  readonly options?: Readonly<Record<string, string | number | boolean>> | readonly Json[];
  /** true (default): from a member in the first guild's first channel; false: from a DM. */
  readonly guild?: boolean;
  readonly guildId?: string;
  readonly channelId?: string;
  readonly userId?: string;
  readonly memberPermissions?: bigint;
  /**
   * The member's permissions in channels that options name, by channel id (default:
   * memberPermissions). An option whose value is a channel of the fake (of any guild) is sent as a
   * channel option (type 7) with `data.resolved.channels`, as Discord does.
   */
  readonly channelPermissions?: Readonly<Record<string, bigint>>;
  /** false: resolved channels carry no `app_permissions` (Discord added it in 2026). */
  readonly resolvedAppPermissions?: boolean;
  readonly timeoutMs?: number;
}

export interface AutocompleteOptions extends InteractOptions {
  /** The option being typed; its value is what the user typed so far. */
  readonly focused: string;
}

// A command waits for the reply a user sees, an autocomplete for its choices.
type Waiter =
  | { readonly kind: 'reply'; readonly resolve: (reply: FakeReply) => void }
  | { readonly kind: 'choices'; readonly resolve: (choices: Json[]) => void };

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: typeof COMMAND | typeof AUTOCOMPLETE;
  readonly name: string;
  readonly channelId: string;
  readonly guildId: string | null;
  acknowledged: boolean;
  deferred: boolean;
  deferredEphemeral: boolean;
  originalDeleted: boolean;
  readonly responses: FakeResponse[];
  /** Cleared once settled: only the first visible answer is the reply. */
  waiter: Waiter | null;
}

export interface Interactions {
  send(options: InteractOptions): { readonly id: string; readonly reply: Promise<FakeReply> };
  autocomplete(options: AutocompleteOptions): Promise<Json[]>;
  byId(id: string): InteractionRecord | undefined;
  byToken(token: string): InteractionRecord | undefined;
}

function optionList(options: InteractOptions['options'], focused?: string): Json[] {
  if (!options) return [];
  if (Array.isArray(options)) return options as Json[];
  const flat: Json[] = [];
  let sub: string | undefined;
  for (const [name, value] of Object.entries(options as Record<string, string | number | boolean>)) {
    if (name === 'subcommand') {
      sub = String(value);
      continue;
    }
    const type = typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10;
    flat.push({ name, type, value, ...(name === focused ? { focused: true, type: 3, value: String(value) } : {}) });
  }
  return sub ? [{ name: sub, type: 1, options: flat }] : flat;
}

// Discord sends a channel named in an option as type 7, with the channel itself in `resolved.channels`.
function resolveChannels(
  state: FakeState,
  list: Json[],
  memberIn: (channelId: string) => bigint,
  withAppPermissions: boolean,
): Json | undefined {
  const out: Json = {};
  const walk = (options: Json[]) => {
    for (const option of options) {
      if (Array.isArray(option.options)) walk(option.options);
      const known = option.type === 3 && !option.focused ? state.channels.get(String(option.value)) : undefined;
      if (!known) continue;
      option.type = 7;
      out[known.channel.id] = {
        ...channelJson(known.channel, known.guild, 0),
        permissions: String(memberIn(known.channel.id)),
        ...(withAppPermissions ? { app_permissions: String(botPermissionsIn(known.channel)) } : {}),
      };
    }
  };
  walk(list);
  return Object.keys(out).length > 0 ? out : undefined;
}

interface Origin {
  readonly guild: FakeGuild | undefined;
  readonly channel: FakeChannel | undefined;
}

function originOf(state: FakeState, options: InteractOptions): Origin {
  if (options.guild === false) return { guild: undefined, channel: undefined };
  const guild = state.guilds.find((g) => g.id === (options.guildId ?? state.guilds[0]?.id));
  if (!guild) throw new Error('fake Discord: no guild to interact in');
  const channel = guild.channels.find((c) => c.id === options.channelId) ?? guild.channels[0];
  if (!channel) throw new Error('fake Discord: guild has no channels');
  return { guild, channel };
}

function interactionPayload(
  state: FakeState,
  options: InteractOptions,
  type: number,
  focused: string | undefined,
  id: string,
  token: string,
): Json {
  const { guild, channel } = originOf(state, options);
  const user = options.userId ? { ...HUMAN, id: options.userId } : HUMAN;
  const dmChannelId = `6${user.id.slice(1)}`;
  const memberPermissions = options.memberPermissions ?? MEMBER_PERMISSIONS;
  const data: Json = {
    id: '700000000000000001',
    name: options.name,
    type: 1,
    options: optionList(options.options, focused),
    ...(guild ? { guild_id: guild.id } : {}),
  };
  const resolved = resolveChannels(
    state,
    data.options,
    (id) => options.channelPermissions?.[id] ?? memberPermissions,
    options.resolvedAppPermissions !== false,
  );
  if (resolved) data.resolved = { channels: resolved };
  const payload: Json = {
    id,
    application_id: state.applicationId,
    type,
    token,
    version: 1,
    data,
    channel_id: channel?.id ?? dmChannelId,
    channel:
      guild && channel
        ? { ...channelJson(channel, guild, 0), permissions: String(memberPermissions) }
        : { id: dmChannelId, type: 1, flags: 0, last_message_id: null, recipients: [user] },
    app_permissions: String(channel ? botPermissionsIn(channel) : BOT_PERMISSIONS),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: guild ? { '0': guild.id } : { '1': user.id },
    context: guild ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (guild) {
    payload.guild_id = guild.id;
    payload.guild = { id: guild.id, locale: 'en-US', features: [] };
    payload.guild_locale = 'en-US';
    payload.member = memberJson(user, [], { permissions: String(memberPermissions) });
  } else {
    payload.user = user;
  }
  return payload;
}

// A deferral or a deletion shows the user nothing; an edit shows only once deferred.
function visibleAs(record: InteractionRecord, response: FakeResponse): FakeReply['via'] | null {
  if (response.kind === 'callback') return response.type === 4 ? 'callback' : null;
  if (response.kind === 'edit') return record.deferred ? 'edit' : null;
  return response.kind === 'followup' ? 'followup' : null;
}

export function recordResponse(record: InteractionRecord, response: FakeResponse): void {
  record.responses.push(response);
  const waiter = record.waiter;
  if (!waiter) return;
  if (waiter.kind === 'choices') {
    if (response.kind === 'callback' && response.type === 8) {
      record.waiter = null;
      waiter.resolve(response.data?.choices ?? []);
    }
    return;
  }
  const via = visibleAs(record, response);
  if (!via) return;
  const flags = Number(response.data?.flags ?? 0);
  record.waiter = null;
  waiter.resolve({
    interactionId: record.id,
    via,
    deferred: record.deferred,
    ephemeral: via === 'edit' ? record.deferredEphemeral : (flags & EPHEMERAL) !== 0,
    data: response.data ?? {},
    files: response.files,
  });
}

/** The interaction's one callback, already checked: 5 defers (privately when its flags say so). */
export function acknowledge(record: InteractionRecord, type: number, data: Json | undefined, files: readonly RecordedFile[]): void {
  record.acknowledged = true;
  if (type === 5) {
    record.deferred = true;
    record.deferredEphemeral = (Number(data?.flags ?? 0) & EPHEMERAL) !== 0;
  }
  recordResponse(record, { kind: 'callback', type, data, files });
}

/** `deliver` puts an INTERACTION_CREATE on the gateway. */
export function createInteractions(state: FakeState, deliver: (payload: Json) => Promise<void>): Interactions {
  const byId = new Map<string, InteractionRecord>();
  const byToken = new Map<string, InteractionRecord>();

  function create(options: InteractOptions, type: InteractionRecord['type'], focused?: string) {
    const id = snowflake();
    const token = Buffer.from(`interaction:${id}:${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`).toString(
      'base64url',
    );
    const payload = interactionPayload(state, options, type, focused, id, token);
    const record: InteractionRecord = {
      id,
      token,
      type,
      name: options.name,
      channelId: payload.channel_id,
      guildId: payload.guild_id ?? null,
      acknowledged: false,
      deferred: false,
      deferredEphemeral: false,
      originalDeleted: false,
      responses: [],
      waiter: null,
    };
    byId.set(id, record);
    byToken.set(token, record);
    return { payload, record };
  }

  return {
    send(options) {
      const { payload, record } = create(options, COMMAND);
      const settled = new Promise<FakeReply>((resolve) => {
        record.waiter = { kind: 'reply', resolve };
      });
      const reply = deliver(payload).then(() =>
        withTimeout(
          settled,
          options.timeoutMs ?? 15_000,
          () => `a reply to /${options.name} (${record.id}); got ${JSON.stringify(record.responses.map((r) => r.kind + (r.type ?? '')))}`,
        ),
      );
      return { id: record.id, reply };
    },
    async autocomplete(options) {
      const { payload, record } = create(options, AUTOCOMPLETE, options.focused);
      const settled = new Promise<Json[]>((resolve) => {
        record.waiter = { kind: 'choices', resolve };
      });
      await deliver(payload);
      return withTimeout(settled, options.timeoutMs ?? 15_000, () => `autocomplete choices for /${options.name}`);
    },
    byId: (id) => byId.get(id),
    byToken: (token) => byToken.get(token),
  };
}
