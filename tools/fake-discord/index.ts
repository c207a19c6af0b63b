/**
 * A small fake Discord on 127.0.0.1 (random port) that the real discord.js client talks to:
 * REST under /api/v10 and a plain-JSON gateway (no zlib), with sessions that RESUME and replay
 * events held while disconnected, failure injection (429 with or without Retry-After, 5xx, any
 * status, an answer lost after the work was done), Discord's own checks on payload limits, and a
 * record of every request.
 *
 *   const fake = await startFakeDiscord();
 *   new Client({ rest: { api: fake.apiUrl } }).login(fake.token);
 *   const reply = await fake.interact({ name: 'trade', options: { country: 'kazakhstan' } });
 *
 * Sharding as Discord does it: IDENTIFY's `shard: [id, count]` gets READY and GUILD_CREATE for
 * only the guilds with (guild_id >> 22) % count === id, and an interaction goes to the session of
 * its guild's shard (DMs to shard 0). `guildIdOnShard` makes guild ids that land where a test needs.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BOT_PERMISSIONS,
  DEFAULT_APPLICATION_ID,
  DEFAULT_GUILDS,
  FAKE_TOKEN,
  HUMAN,
  MEMBER_PERMISSIONS,
  botPermissionsIn,
  channelJson,
  snowflake,
  type FakeGuild,
  type Json,
} from './fixtures.js';
import { startGateway } from './gateway.js';
import { createState } from './state.js';
import { choiceErrors, commandErrors, messageLimitErrors } from './validators.js';
import { waitForCount, withTimeout } from './wait.js';

export { BOT_PERMISSIONS, FAKE_TOKEN, guildIdOnShard, shardOf, snowflake, type FakeChannel, type FakeGuild } from './fixtures.js';
export { messageLimitErrors } from './validators.js';

const EPHEMERAL = 64;
export interface FakeDiscordOptions {
  readonly token?: string;
  readonly applicationId?: string;
  readonly guilds?: readonly FakeGuild[];
  readonly heartbeatIntervalMs?: number;
  /** The `shards` GET /gateway/bot recommends (what SHARD_COUNT=auto asks for); default 1. */
  readonly recommendedShards?: number;
}

export interface RecordedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path after /api/v10, percent-decoded: `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Whether the request carried the bot token ('bot'), none, or a wrong one. */
  readonly auth: 'bot' | 'none' | 'wrong';
  /** JSON body, or multipart's payload_json. */
  readonly body: unknown;
  readonly files: readonly RecordedFile[];
  readonly multipart: boolean;
  status: number;
  /** Set when this request was answered by an injected failure. */
  injected?: boolean;
  /** When the fake received it (performance.now(), in ms): for the spacing of retries. */
  readonly at: number;
}

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

interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly name: string;
  readonly channelId: string;
  readonly guildId: string | null;
  acknowledged: boolean;
  deferred: boolean;
  deferredEphemeral: boolean;
  originalDeleted: boolean;
  readonly responses: FakeResponse[];
  settle?: (reply: FakeReply | Json[]) => void;
  settled: boolean;
}

interface Failure {
  readonly match: (key: string) => boolean;
  readonly status: number;
  remaining: number;
  /** null: a 429 without Retry-After (as a proxy or Cloudflare may send). */
  readonly retryAfter: number | null;
  readonly body: Json | undefined;
  readonly global: boolean;
}

/** How the answer to a request the fake has carried out never reaches the client. */
export type LostResponse = 'reset' | 'close' | number;

interface Loss {
  readonly match: (key: string) => boolean;
  readonly how: LostResponse;
  remaining: number;
}

export interface FakeDiscord {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: Json;
  readonly guilds: readonly FakeGuild[];
  /** Every REST request, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  /** Commands registered by PUT: `global` and per guild id. */
  readonly commands: { global: Json[] | null; readonly guild: Map<string, Json[]> };
  readonly identifies: number;
  /** The `shard` of every IDENTIFY, in order: `[id, count]`. */
  readonly identifiedShards: readonly (readonly [number, number])[];
  readonly resumes: number;
  /** Heartbeats received (each answered with op 11). */
  readonly heartbeats: number;
  /** Sends a slash command and resolves with the reply the user ends up seeing. */
  interact(options: InteractOptions): Promise<FakeReply>;
  /** Sends an interaction and returns its id at once; `reply` settles as in interact(). */
  send(options: InteractOptions): { readonly id: string; readonly reply: Promise<FakeReply> };
  /** Sends an autocomplete interaction (type 4) and resolves with the choices answered. */
  autocomplete(options: AutocompleteOptions): Promise<Json[]>;
  /** Every successful response to one interaction, in order. */
  responsesTo(interactionId: string): readonly FakeResponse[];
  /** Messages the bot posted to a channel (POST /channels/{id}/messages that succeeded). */
  channelMessages(channelId: string): readonly Json[];
  /**
   * Closes the gateway socket with `code` (of the latest session, or of `shard`'s); the session
   * stays resumable for 4000-class codes.
   */
  closeGateway(code?: number, options?: { readonly shard?: number }): Promise<void>;
  /**
   * The next `count` requests whose `METHOD /path` matches answer with `status`, without being
   * carried out. A 429 has `Retry-After: 0.2` unless `retryAfter` says otherwise; null sends none.
   */
  failNext(
    pattern: string | RegExp,
    status: number,
    count?: number,
    options?: { readonly retryAfter?: number | null; readonly body?: Json; readonly global?: boolean },
  ): void;
  /**
   * The next `count` matching requests are carried out (an acknowledgement counts as given, a
   * message as posted) but their answer is lost: 'reset' ends the connection with a TCP reset
   * (ECONNRESET, which @discordjs/rest retries), 'close' closes it without an answer (not retried),
   * a number answers with that status instead (a proxy's 5xx after Discord did the work).
   */
  loseNextResponse(pattern: string | RegExp, count?: number, how?: LostResponse): void;
  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Resolves once a client has identified (or at once if one has) and its guilds were sent. */
  waitForIdentify(count?: number, timeoutMs?: number): Promise<void>;
  waitForResume(count?: number, timeoutMs?: number): Promise<void>;
  waitForHeartbeats(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

// ---- helpers ------------------------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[]; multipart: boolean }> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [], multipart: false };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files, multipart: true };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [], multipart: false };
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

function discordError(res: ServerResponse, status: number, code: number, message: string, errors?: string[]) {
  const body: Json = { message, code };
  if (errors?.length) {
    // Discord nests field errors; a flat `_errors` per path is enough for discord.js to print them.
    body.errors = Object.fromEntries(errors.map((e, i) => {
      const [path, text] = e.split(': ');
      return [path ?? `e${i}`, { _errors: [{ code: 'BASE_TYPE_INVALID', message: text ?? e }] }];
    }));
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return status;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return status;
}

/** A stand-in for a ServerResponse whose answer is lost: route() writes into it and nothing is sent. */
function discardedResponse(): ServerResponse {
  const sink = {
    writeHead: () => sink,
    setHeader: () => sink,
    end: () => sink,
  };
  return sink as unknown as ServerResponse;
}

// ---- the fake ---------------------------------------------------------------------------------

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const heartbeatInterval = options.heartbeatIntervalMs ?? 41_250;
  const recommendedShards = options.recommendedShards ?? 1;

  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const state = createState(options.token ?? FAKE_TOKEN, options.applicationId ?? DEFAULT_APPLICATION_ID, options.guilds ?? DEFAULT_GUILDS, `ws://127.0.0.1:${port}/gateway`);
  const { token, applicationId, gatewayUrl, botUser, guilds, channels, events } = state;
  const gateway = startGateway(server, state, heartbeatInterval);

  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const losses: Loss[] = [];
  const interactions = new Map<string, InteractionRecord>();
  const byToken = new Map<string, InteractionRecord>();
  const posted = new Map<string, Json[]>();
  const commands: FakeDiscord['commands'] = { global: null, guild: new Map() };

  // -- REST --

  const recordResponse = (record: InteractionRecord, response: FakeResponse) => {
    record.responses.push(response);
    if (record.settled || !record.settle) return;
    if (response.kind === 'callback' && response.type === 8) {
      record.settled = true;
      record.settle(response.data?.choices ?? []);
      return;
    }
    const visible =
      (response.kind === 'callback' && response.type === 4) ||
      (response.kind === 'edit' && record.deferred) ||
      response.kind === 'followup';
    if (!visible) return;
    const flags = Number(response.data?.flags ?? 0);
    const ephemeral = response.kind === 'edit' ? record.deferredEphemeral : (flags & EPHEMERAL) !== 0;
    record.settled = true;
    record.settle({
      interactionId: record.id,
      via: response.kind as FakeReply['via'],
      deferred: record.deferred,
      ephemeral,
      data: response.data ?? {},
      files: response.files,
    });
  };

  const messageJson = (channelId: string, data: Json, files: readonly RecordedFile[], extra: Json = {}) => ({
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    author: botUser,
    content: data.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    mention_channels: [],
    attachments: files.map((f, i) => ({ id: snowflake(), filename: f.name, size: f.data.length, url: `https://cdn.example/${i}/${f.name}`, proxy_url: `https://cdn.example/${i}/${f.name}`, content_type: f.contentType })),
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    pinned: false,
    flags: Number(data.flags ?? 0),
    ...extra,
  });

  async function route(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): Promise<number> {
    const { method, path } = rec;
    const body = rec.body as Json;
    const requireBot = () => (rec.auth === 'bot' ? 0 : discordError(res, 401, 0, '401: Unauthorized'));
    let m: RegExpMatchArray | null;

    if (method === 'GET' && path === '/gateway/bot') {
      return (
        requireBot() ||
        json(res, 200, { url: gatewayUrl, shards: recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } })
      );
    }
    if (method === 'GET' && path === '/gateway') return json(res, 200, { url: gatewayUrl });

    if ((m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      const record = interactions.get(m[1]!);
      if (!record || record.token !== m[2]) return discordError(res, 404, 10062, 'Unknown interaction');
      if (record.acknowledged) return discordError(res, 400, 40060, 'Interaction has already been acknowledged.');
      const type = Number(body?.type);
      if (type === 8) {
        const errors = record.type === 4 ? choiceErrors(body?.data?.choices) : ['type: Invalid interaction response type for this interaction'];
        if (errors.length) return discordError(res, 400, 50035, 'Invalid Form Body', errors);
      } else if (type === 4 || type === 5) {
        if (record.type !== 2) return discordError(res, 400, 50035, 'Invalid Form Body', ['type: Autocomplete interactions must be answered with choices']);
        const errors = type === 4 ? messageLimitErrors(body?.data) : [];
        if (errors.length) return discordError(res, 400, 50035, 'Invalid Form Body', errors);
      } else {
        return discordError(res, 400, 50035, 'Invalid Form Body', ['type: Value is not a valid interaction response type']);
      }
      record.acknowledged = true;
      if (type === 5) {
        record.deferred = true;
        record.deferredEphemeral = (Number(body?.data?.flags ?? 0) & EPHEMERAL) !== 0;
      }
      recordResponse(record, { kind: 'callback', type, data: body?.data, files: rec.files });
      if (rec.query.with_response === 'true') {
        return json(res, 200, { interaction: { id: record.id, type: record.type, response_message_loading: type === 5, response_message_ephemeral: false } });
      }
      res.writeHead(204).end();
      return 204;
    }

    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(\/messages\/([^/]+))?$/))) {
      const record = byToken.get(m[2]!);
      if (!record || m[1] !== applicationId) return discordError(res, 404, 10015, 'Unknown Webhook');
      const messageId = m[4];
      if (method === 'POST' && !messageId) {
        if (!record.acknowledged) return discordError(res, 404, 10015, 'Unknown Webhook');
        const errors = messageLimitErrors(body);
        if (errors.length) return discordError(res, 400, 50035, 'Invalid Form Body', errors);
        const data = body ?? {};
        recordResponse(record, { kind: 'followup', data, files: rec.files });
        return json(res, 200, messageJson(record.channelId, data, rec.files, { webhook_id: applicationId }));
      }
      if (messageId === '@original') {
        if (!record.acknowledged || record.originalDeleted) return discordError(res, 404, 10008, 'Unknown Message');
        if (method === 'PATCH') {
          const errors = messageLimitErrors(body);
          if (errors.length) return discordError(res, 400, 50035, 'Invalid Form Body', errors);
          const data = body ?? {};
          recordResponse(record, { kind: 'edit', data, files: rec.files });
          return json(res, 200, messageJson(record.channelId, data, rec.files, { webhook_id: applicationId }));
        }
        if (method === 'DELETE') {
          record.originalDeleted = true;
          recordResponse(record, { kind: 'delete', files: [] });
          res.writeHead(204).end();
          return 204;
        }
        if (method === 'GET') return json(res, 200, messageJson(record.channelId, {}, []));
      }
      return discordError(res, 404, 0, '404: Not Found');
    }

    if ((m = path.match(/^\/channels\/(\d+)(\/messages)?$/))) {
      const denied = requireBot();
      if (denied) return denied;
      const found = channels.get(m[1]!);
      if (!found) return discordError(res, 404, 10003, 'Unknown Channel');
      if (found.channel.botCanView === false) return discordError(res, 403, 50001, 'Missing Access');
      if (method === 'GET' && !m[2]) return json(res, 200, channelJson(found.channel, found.guild, 0));
      if (method === 'POST' && m[2]) {
        if (found.channel.botCanSend === false) return discordError(res, 403, 50013, 'Missing Permissions');
        const errors = messageLimitErrors(body);
        if (errors.length) return discordError(res, 400, 50035, 'Invalid Form Body', errors);
        if (!body?.content && !body?.embeds?.length && rec.files.length === 0) {
          return discordError(res, 400, 50006, 'Cannot send an empty message');
        }
        const message = messageJson(found.channel.id, body, rec.files, { guild_id: found.guild.id });
        const list = posted.get(found.channel.id) ?? [];
        list.push(message);
        posted.set(found.channel.id, list);
        return json(res, 200, message);
      }
    }

    if ((m = path.match(/^\/applications\/(\d+)(\/guilds\/(\d+))?\/commands$/))) {
      const denied = requireBot();
      if (denied) return denied;
      if (m[1] !== applicationId) return discordError(res, 403, 50001, 'Missing Access');
      const guildId = m[3];
      if (guildId && !guilds.some((g) => g.id === guildId)) return discordError(res, 403, 50001, 'Missing Access');
      if (method === 'PUT') {
        const errors = commandErrors(body);
        if (errors.length) return discordError(res, 400, 50035, 'Invalid Form Body', errors);
        const saved = (body as Json[]).map((c) => ({
          id: snowflake(),
          application_id: applicationId,
          version: snowflake(),
          type: 1,
          default_member_permissions: null,
          ...(guildId ? { guild_id: guildId } : {}),
          ...c,
        }));
        if (guildId) commands.guild.set(guildId, saved);
        else commands.global = saved;
        return json(res, 200, saved);
      }
      if (method === 'GET') return json(res, 200, (guildId ? commands.guild.get(guildId) : commands.global) ?? []);
    }

    return discordError(res, 404, 0, '404: Not Found');
  }

  server.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!url.pathname.startsWith('/api/v10/')) {
        discordError(res, 404, 0, '404: Not Found');
        return;
      }
      const raw = await readBody(req);
      const authHeader = req.headers.authorization;
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname.slice('/api/v10'.length)),
        query: Object.fromEntries(url.searchParams),
        auth: authHeader === undefined ? 'none' : authHeader === `Bot ${token}` ? 'bot' : 'wrong',
        body: undefined,
        files: [],
        multipart: false,
        status: 0,
        at: performance.now(),
      };
      try {
        Object.assign(rec, await parseBody(req, raw));
      } catch {
        requests.push(rec);
        rec.status = discordError(res, 400, 50109, 'The request body contains invalid JSON.');
        events.emit('request', rec);
        return;
      }
      requests.push(rec);
      const key = `${rec.method} ${rec.path}`;
      const failure = failures.find((f) => f.remaining > 0 && f.match(key));
      if (failure) {
        failure.remaining -= 1;
        rec.injected = true;
        if (failure.status === 429) {
          res.writeHead(429, {
            'content-type': 'application/json',
            ...(failure.retryAfter !== null ? { 'retry-after': String(failure.retryAfter) } : {}),
            'x-ratelimit-scope': failure.global ? 'global' : 'user',
            ...(failure.global ? { 'x-ratelimit-global': 'true' } : {}),
          });
          res.end(
            JSON.stringify(
              failure.body ?? {
                message: 'You are being rate limited.',
                ...(failure.retryAfter !== null ? { retry_after: failure.retryAfter } : {}),
                global: failure.global,
              },
            ),
          );
          rec.status = 429;
        } else if (failure.status >= 500) {
          res.writeHead(failure.status, { 'content-type': 'application/json' }).end(JSON.stringify(failure.body ?? { message: `${failure.status}: Internal Server Error`, code: 0 }));
          rec.status = failure.status;
        } else {
          rec.status = json(res, failure.status, failure.body ?? { message: 'Injected failure', code: 0 });
        }
        events.emit('request', rec);
        return;
      }
      const loss = losses.find((l) => l.remaining > 0 && l.match(key));
      if (loss) loss.remaining -= 1;
      // A lost answer: the request is carried out against a response nobody reads.
      const target = loss ? discardedResponse() : res;
      try {
        rec.status = await route(req, target, rec);
      } catch (error) {
        rec.status = discordError(target, 500, 0, `fake Discord crashed: ${(error as Error).message}`);
      }
      if (loss) {
        rec.injected = true;
        if (loss.how === 'reset') req.socket.resetAndDestroy();
        else if (loss.how === 'close') req.socket.destroy();
        else rec.status = discordError(res, loss.how, 0, `${loss.how}: the answer was lost`);
      }
      events.emit('request', rec);
    })();
  });

  const defaultGuild = guilds[0];

  /** Turns string options naming a known channel into channel options; returns `resolved.channels`. */
  function resolveChannels(list: Json[], memberIn: (channelId: string) => bigint, withAppPermissions: boolean): Json | undefined {
    const out: Json = {};
    const walk = (options: Json[]) => {
      for (const option of options) {
        if (Array.isArray(option.options)) walk(option.options);
        const known = option.type === 3 && !option.focused ? channels.get(String(option.value)) : undefined;
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

  function build(options: InteractOptions, type: number, focused?: string) {
    const id = snowflake();
    const interactionToken = Buffer.from(`interaction:${id}:${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`).toString("base64url");
    const inGuild = options.guild !== false;
    const guild = inGuild ? guilds.find((g) => g.id === (options.guildId ?? defaultGuild?.id)) : undefined;
    if (inGuild && !guild) throw new Error('fake Discord: no guild to interact in');
    const channel = guild ? (guild.channels.find((c) => c.id === options.channelId) ?? guild.channels[0]) : undefined;
    if (inGuild && !channel) throw new Error('fake Discord: guild has no channels');
    const user = options.userId ? { ...HUMAN, id: options.userId } : HUMAN;
    const dmChannelId = `6${user.id.slice(1)}`;
    const channelId = channel?.id ?? dmChannelId;
    const memberPermissions = options.memberPermissions ?? MEMBER_PERMISSIONS;
    const data: Json = { id: '700000000000000001', name: options.name, type: 1, options: optionList(options.options, focused), ...(guild ? { guild_id: guild.id } : {}) };
    const resolved = resolveChannels(data.options, (id) => options.channelPermissions?.[id] ?? memberPermissions, options.resolvedAppPermissions !== false);
    if (resolved) data.resolved = { channels: resolved };
    const payload: Json = {
      id,
      application_id: applicationId,
      type,
      token: interactionToken,
      version: 1,
      data,
      channel_id: channelId,
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
      payload.member = {
        user,
        roles: [],
        permissions: String(memberPermissions),
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
    } else {
      payload.user = user;
    }
    const record: InteractionRecord = {
      id,
      token: interactionToken,
      type,
      name: options.name,
      channelId,
      guildId: guild?.id ?? null,
      acknowledged: false,
      deferred: false,
      deferredEphemeral: false,
      originalDeleted: false,
      responses: [],
      settled: false,
    };
    interactions.set(id, record);
    byToken.set(interactionToken, record);
    return { payload, record };
  }

  function send(options: InteractOptions): { id: string; reply: Promise<FakeReply> } {
    const { payload, record } = build(options, 2);
    const settled = new Promise<FakeReply>((resolve) => {
      record.settle = (r) => resolve(r as FakeReply);
    });
    const reply = gateway.deliver(payload).then(() =>
      withTimeout(settled, options.timeoutMs ?? 15_000, () =>
        `a reply to /${options.name} (${record.id}); got ${JSON.stringify(record.responses.map((r) => r.kind + (r.type ?? '')))}`,
      ),
    );
    return { id: record.id, reply };
  }

  const fake: FakeDiscord = {
    apiUrl,
    gatewayUrl,
    token,
    applicationId,
    botUser,
    guilds,
    requests,
    commands,
    get identifies() {
      return gateway.identifies;
    },
    identifiedShards: gateway.identifiedShards,
    get resumes() {
      return gateway.resumes;
    },
    get heartbeats() {
      return gateway.heartbeats;
    },
    interact: (options) => send(options).reply,
    send,
    async autocomplete(options) {
      const { payload, record } = build(options, 4, options.focused);
      const settled = new Promise<Json[]>((resolve) => {
        record.settle = (r) => resolve(r as Json[]);
      });
      await gateway.deliver(payload);
      return withTimeout(settled, options.timeoutMs ?? 15_000, () => `autocomplete choices for /${options.name}`);
    },
    responsesTo: (id) => interactions.get(id)?.responses ?? [],
    channelMessages: (channelId) => posted.get(channelId) ?? [],
    closeGateway: (code = 4000, opts = {}) => gateway.close(code, opts.shard),
    failNext(pattern, status, count = 1, opts = {}) {
      const match = typeof pattern === 'string' ? (key: string) => key.includes(pattern) : (key: string) => pattern.test(key);
      const retryAfter = opts.retryAfter === undefined ? 0.2 : opts.retryAfter;
      failures.push({ match, status, remaining: count, retryAfter, body: opts.body, global: opts.global ?? false });
    },
    loseNextResponse(pattern, count = 1, how = 'reset') {
      const match = typeof pattern === 'string' ? (key: string) => key.includes(pattern) : (key: string) => pattern.test(key);
      losses.push({ match, how, remaining: count });
    },
    waitForRequest(predicate, timeoutMs = 15_000) {
      const existing = requests.find((r) => r.status !== 0 && predicate(r));
      if (existing) return Promise.resolve(existing);
      return withTimeout(
        new Promise<RecordedRequest>((resolve) => {
          const on = (r: RecordedRequest) => {
            if (predicate(r)) {
              events.off('request', on);
              resolve(r);
            }
          };
          events.on('request', on);
        }),
        timeoutMs,
        () => 'a matching request',
      );
    },
    waitForIdentify: (count = 1, timeoutMs = 15_000) => waitForCount(events, 'identify', () => gateway.identifies, count, timeoutMs),
    waitForResume: (count = 1, timeoutMs = 15_000) => waitForCount(events, 'resume', () => gateway.resumes, count, timeoutMs),
    waitForHeartbeats: (count, timeoutMs = 15_000) => waitForCount(events, 'heartbeat', () => gateway.heartbeats, count, timeoutMs),
    async stop() {
      gateway.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
