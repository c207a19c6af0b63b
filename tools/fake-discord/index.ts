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
 *
 * The parts: fixtures (ids and Discord's JSON), validators (Discord's limits), gateway, REST and
 * its routes, interactions; one FakeState per fake is what they share.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_APPLICATION_ID, DEFAULT_GUILDS, FAKE_TOKEN, type FakeGuild, type Json } from './fixtures.js';
import { startGateway } from './gateway.js';
import type { RecordedRequest } from './http.js';
import { createInteractions, type AutocompleteOptions, type FakeReply, type FakeResponse, type InteractOptions } from './interactions.js';
import { startRest, type LostResponse } from './rest.js';
import { createState } from './state.js';
import { waitForCount } from './wait.js';

export { BOT_PERMISSIONS, FAKE_TOKEN, guildIdOnShard, shardOf, snowflake, type FakeChannel, type FakeGuild } from './fixtures.js';
export type { RecordedFile, RecordedRequest } from './http.js';
export type { AutocompleteOptions, FakeReply, FakeResponse, InteractOptions } from './interactions.js';
export type { LostResponse } from './rest.js';
export { messageLimitErrors } from './validators.js';

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly applicationId?: string;
  readonly guilds?: readonly FakeGuild[];
  readonly heartbeatIntervalMs?: number;
  /** The `shards` GET /gateway/bot recommends (what SHARD_COUNT=auto asks for); default 1. */
  readonly recommendedShards?: number;
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

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const state = createState(
    options.token ?? FAKE_TOKEN,
    options.applicationId ?? DEFAULT_APPLICATION_ID,
    options.guilds ?? DEFAULT_GUILDS,
    `ws://127.0.0.1:${port}/gateway`,
  );
  const gateway = startGateway(server, state, options.heartbeatIntervalMs ?? 41_250);
  const interactions = createInteractions(state, gateway.deliver);
  const rest = startRest(server, state, interactions, options.recommendedShards ?? 1);
  const { events } = state;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: state.gatewayUrl,
    token: state.token,
    applicationId: state.applicationId,
    botUser: state.botUser,
    guilds: state.guilds,
    requests: rest.requests,
    commands: rest.commands,
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
    channelMessages: rest.channelMessages,
    closeGateway: (code = 4000, opts = {}) => gateway.close(code, opts.shard),
    failNext: rest.failNext,
    loseNextResponse: rest.loseNextResponse,
    waitForRequest: rest.waitForRequest,
    waitForIdentify: (count = 1, timeoutMs = 15_000) => waitForCount(events, 'identify', () => gateway.identifies, count, timeoutMs),
    waitForResume: (count = 1, timeoutMs = 15_000) => waitForCount(events, 'resume', () => gateway.resumes, count, timeoutMs),
    waitForHeartbeats: (count, timeoutMs = 15_000) => waitForCount(events, 'heartbeat', () => gateway.heartbeats, count, timeoutMs),
    async stop() {
      gateway.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
