/**
 * The REST endpoints the bot uses, one small handler each. A route first makes the checks Discord
 * makes before it looks at the method (the token, then the thing the path names), then answers by
 * method; a method it does not serve is a 404, as an unknown path is.
 */
import type { ServerResponse } from 'node:http';
import { channelJson, snowflake, type GuildChannel, type Json } from './fixtures.js';
import { discordError, json, noContent, notFound, type RecordedFile, type RecordedRequest } from './http.js';
import { acknowledge, recordResponse, type InteractionRecord, type Interactions } from './interactions.js';
import type { FakeState } from './state.js';
import { choiceErrors, commandErrors, messageLimitErrors } from './validators.js';

/** Commands registered by PUT: `global` and per guild id. */
export interface RegisteredCommands {
  global: Json[] | null;
  readonly guild: Map<string, Json[]>;
}

/** What the routes read and change: one per fake. */
export interface RouteState {
  readonly shared: FakeState;
  readonly interactions: Interactions;
  /** The `shards` GET /gateway/bot recommends. */
  readonly recommendedShards: number;
  readonly commands: RegisteredCommands;
  /** Messages the bot posted, by channel id. */
  readonly posted: Map<string, Json[]>;
}

export interface Call {
  readonly state: RouteState;
  readonly rec: RecordedRequest;
  /** The parsed body, as Discord's JSON. */
  readonly body: Json | undefined;
  readonly res: ServerResponse;
}

type Handler = () => number;
// The handlers by method; or, when a check made before the method is looked at fails, the status answered.
type Opened = Readonly<Partial<Record<string, Handler>>> | number;

interface Route {
  /** Its groups always take part in a match: they become the handler's string parameters. */
  readonly path: RegExp;
  readonly open: (call: Call, ...params: string[]) => Opened;
}

const invalidForm = (call: Call, errors: string[]) => discordError(call.res, 400, 50035, 'Invalid Form Body', errors);

const unauthorized = (call: Call) => (call.rec.auth === 'bot' ? undefined : discordError(call.res, 401, 0, '401: Unauthorized'));

function messageJson(author: Json, channelId: string, data: Json, files: readonly RecordedFile[], extra: Json = {}): Json {
  return {
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    author,
    content: data.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    mention_channels: [],
    attachments: files.map((f, i) => ({
      id: snowflake(),
      filename: f.name,
      size: f.data.length,
      url: `https://cdn.example/${i}/${f.name}`,
      proxy_url: `https://cdn.example/${i}/${f.name}`,
      content_type: f.contentType,
    })),
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    pinned: false,
    flags: Number(data.flags ?? 0),
    ...extra,
  };
}

const webhookMessage = (call: Call, record: InteractionRecord, data: Json) =>
  messageJson(call.state.shared.botUser, record.channelId, data, call.rec.files, { webhook_id: call.state.shared.applicationId });

function gatewayBot(call: Call): number {
  const { shared, recommendedShards } = call.state;
  return (
    unauthorized(call) ??
    json(call.res, 200, {
      url: shared.gatewayUrl,
      shards: recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    })
  );
}

function callback(call: Call, id: string, token: string): number {
  const { body, res, rec } = call;
  const record = call.state.interactions.byId(id);
  if (!record || record.token !== token) return discordError(res, 404, 10062, 'Unknown interaction');
  if (record.acknowledged) return discordError(res, 400, 40060, 'Interaction has already been acknowledged.');
  const type = Number(body?.type);
  if (type === 8) {
    const errors = record.type === 4 ? choiceErrors(body?.data?.choices) : ['type: Invalid interaction response type for this interaction'];
    if (errors.length) return invalidForm(call, errors);
  } else if (type === 4 || type === 5) {
    if (record.type !== 2) return invalidForm(call, ['type: Autocomplete interactions must be answered with choices']);
    const errors = type === 4 ? messageLimitErrors(body?.data) : [];
    if (errors.length) return invalidForm(call, errors);
  } else {
    return invalidForm(call, ['type: Value is not a valid interaction response type']);
  }
  acknowledge(record, type, body?.data, rec.files);
  if (rec.query.with_response === 'true') {
    return json(res, 200, {
      interaction: { id: record.id, type: record.type, response_message_loading: type === 5, response_message_ephemeral: false },
    });
  }
  return noContent(res);
}

// Discord knows an interaction's webhook by its token, under the application that received it.
function webhook(call: Call, applicationId: string, token: string, open: (record: InteractionRecord) => Opened): Opened {
  const record = call.state.interactions.byToken(token);
  if (!record || applicationId !== call.state.shared.applicationId) return discordError(call.res, 404, 10015, 'Unknown Webhook');
  return open(record);
}

function followup(call: Call, record: InteractionRecord): number {
  if (!record.acknowledged) return discordError(call.res, 404, 10015, 'Unknown Webhook');
  const errors = messageLimitErrors(call.body);
  if (errors.length) return invalidForm(call, errors);
  const data = call.body ?? {};
  recordResponse(record, { kind: 'followup', data, files: call.rec.files });
  return json(call.res, 200, webhookMessage(call, record, data));
}

// Only the original response (@original) is kept: it exists once acknowledged, until deleted.
function original(call: Call, record: InteractionRecord, messageId: string): Opened {
  if (messageId !== '@original') return {};
  if (!record.acknowledged || record.originalDeleted) return discordError(call.res, 404, 10008, 'Unknown Message');
  return {
    PATCH: () => {
      const errors = messageLimitErrors(call.body);
      if (errors.length) return invalidForm(call, errors);
      const data = call.body ?? {};
      recordResponse(record, { kind: 'edit', data, files: call.rec.files });
      return json(call.res, 200, webhookMessage(call, record, data));
    },
    DELETE: () => {
      record.originalDeleted = true;
      recordResponse(record, { kind: 'delete', files: [] });
      return noContent(call.res);
    },
    GET: () => json(call.res, 200, messageJson(call.state.shared.botUser, record.channelId, {}, [])),
  };
}

function channel(call: Call, channelId: string, open: (found: GuildChannel) => Opened): Opened {
  const denied = unauthorized(call);
  if (denied) return denied;
  const found = call.state.shared.channels.get(channelId);
  if (!found) return discordError(call.res, 404, 10003, 'Unknown Channel');
  if (found.channel.botCanView === false) return discordError(call.res, 403, 50001, 'Missing Access');
  return open(found);
}

function postMessage(call: Call, { channel, guild }: GuildChannel): number {
  const { body, res, rec } = call;
  if (channel.botCanSend === false) return discordError(res, 403, 50013, 'Missing Permissions');
  const errors = messageLimitErrors(body);
  if (errors.length) return invalidForm(call, errors);
  if (!body?.content && !body?.embeds?.length && rec.files.length === 0)
    return discordError(res, 400, 50006, 'Cannot send an empty message');
  const message = messageJson(call.state.shared.botUser, channel.id, body ?? {}, rec.files, { guild_id: guild.id });
  const list = call.state.posted.get(channel.id) ?? [];
  list.push(message);
  call.state.posted.set(channel.id, list);
  return json(res, 200, message);
}

function commands(call: Call, applicationId: string, guildId: string | undefined): Opened {
  const { shared, commands: registered } = call.state;
  const denied = unauthorized(call);
  if (denied) return denied;
  if (applicationId !== shared.applicationId) return discordError(call.res, 403, 50001, 'Missing Access');
  if (guildId && !shared.guilds.some((g) => g.id === guildId)) return discordError(call.res, 403, 50001, 'Missing Access');
  return {
    PUT: () => {
      const errors = commandErrors(call.body);
      if (errors.length) return invalidForm(call, errors);
      const saved = (call.body as Json[]).map((c) => ({
        id: snowflake(),
        application_id: shared.applicationId,
        version: snowflake(),
        type: 1,
        default_member_permissions: null,
        ...(guildId ? { guild_id: guildId } : {}),
        ...c,
      }));
      if (guildId) registered.guild.set(guildId, saved);
      else registered.global = saved;
      return json(call.res, 200, saved);
    },
    GET: () => json(call.res, 200, (guildId ? registered.guild.get(guildId) : registered.global) ?? []),
  };
}

const ROUTES: readonly Route[] = [
  { path: /^\/gateway\/bot$/, open: (call) => ({ GET: () => gatewayBot(call) }) },
  { path: /^\/gateway$/, open: (call) => ({ GET: () => json(call.res, 200, { url: call.state.shared.gatewayUrl }) }) },
  { path: /^\/interactions\/(\d+)\/([^/]+)\/callback$/, open: (call, id, token) => ({ POST: () => callback(call, id, token) }) },
  {
    path: /^\/webhooks\/(\d+)\/([^/]+)$/,
    open: (call, app, token) => webhook(call, app, token, (record) => ({ POST: () => followup(call, record) })),
  },
  {
    path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
    open: (call, app, token, messageId) => webhook(call, app, token, (record) => original(call, record, messageId)),
  },
  {
    path: /^\/channels\/(\d+)$/,
    open: (call, id) => channel(call, id, (found) => ({ GET: () => json(call.res, 200, channelJson(found.channel, found.guild, 0)) })),
  },
  { path: /^\/channels\/(\d+)\/messages$/, open: (call, id) => channel(call, id, (found) => ({ POST: () => postMessage(call, found) })) },
  { path: /^\/applications\/(\d+)\/commands$/, open: (call, app) => commands(call, app, undefined) },
  { path: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, open: (call, app, guildId) => commands(call, app, guildId) },
];

/** Carries out a request and answers it; returns the status answered. */
export function route(call: Call): number {
  for (const { path, open } of ROUTES) {
    const match = path.exec(call.rec.path);
    if (!match) continue;
    const opened = open(call, ...match.slice(1));
    if (typeof opened === 'number') return opened;
    return opened[call.rec.method]?.() ?? notFound(call.res);
  }
  return notFound(call.res);
}
