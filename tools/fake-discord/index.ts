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
  DEFAULT_APPLICATION_ID,
  DEFAULT_GUILDS,
  FAKE_TOKEN,
  channelJson,
  snowflake,
  type FakeGuild,
  type Json,
} from './fixtures.js';
import { startGateway } from './gateway.js';
import { discardedResponse, discordError, json, parseBody, readBody, type RecordedFile, type RecordedRequest } from './http.js';
import { acknowledge, createInteractions, recordResponse, type AutocompleteOptions, type FakeReply, type FakeResponse, type InteractOptions } from './interactions.js';
import { createState } from './state.js';
import { choiceErrors, commandErrors, messageLimitErrors } from './validators.js';
import { waitForCount, withTimeout } from './wait.js';

export { BOT_PERMISSIONS, FAKE_TOKEN, guildIdOnShard, shardOf, snowflake, type FakeChannel, type FakeGuild } from './fixtures.js';
export type { RecordedFile, RecordedRequest } from './http.js';
export type { AutocompleteOptions, FakeReply, FakeResponse, InteractOptions } from './interactions.js';
export { messageLimitErrors } from './validators.js';

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly applicationId?: string;
  readonly guilds?: readonly FakeGuild[];
  readonly heartbeatIntervalMs?: number;
  /** The `shards` GET /gateway/bot recommends (what SHARD_COUNT=auto asks for); default 1. */
  readonly recommendedShards?: number;
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
  const interactions = createInteractions(state, gateway.deliver);

  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const losses: Loss[] = [];
  const posted = new Map<string, Json[]>();
  const commands: FakeDiscord['commands'] = { global: null, guild: new Map() };

  // -- REST --

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
      const record = interactions.byId(m[1]!);
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
      acknowledge(record, type, body?.data, rec.files);
      if (rec.query.with_response === 'true') {
        return json(res, 200, { interaction: { id: record.id, type: record.type, response_message_loading: type === 5, response_message_ephemeral: false } });
      }
      res.writeHead(204).end();
      return 204;
    }

    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(\/messages\/([^/]+))?$/))) {
      const record = interactions.byToken(m[2]!);
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
    interact: (options) => interactions.send(options).reply,
    send: interactions.send,
    autocomplete: interactions.autocomplete,
    responsesTo: (id) => interactions.byId(id)?.responses ?? [],
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
