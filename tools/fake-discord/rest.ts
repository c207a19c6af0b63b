/**
 * The fake's REST API under /api/v10: records every request, answers an injected failure instead
 * of carrying the request out, loses an answer after the work is done, and leaves the rest to the
 * routes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Json } from './fixtures.js';
import { discardedResponse, discordError, json, notFound, parseBody, readBody, type RecordedRequest } from './http.js';
import type { Interactions } from './interactions.js';
import { route, type RegisteredCommands, type RouteState } from './routes.js';
import type { FakeState } from './state.js';
import { withTimeout } from './wait.js';

/** How the answer to a request the fake has carried out never reaches the client. */
export type LostResponse = 'reset' | 'close' | number;

export interface FailureOptions {
  readonly retryAfter?: number | null;
  readonly body?: Json;
  readonly global?: boolean;
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

interface Loss {
  readonly match: (key: string) => boolean;
  readonly how: LostResponse;
  remaining: number;
}

export interface Rest {
  readonly requests: readonly RecordedRequest[];
  readonly commands: RegisteredCommands;
  channelMessages(channelId: string): readonly Json[];
  failNext(pattern: string | RegExp, status: number, count?: number, options?: FailureOptions): void;
  loseNextResponse(pattern: string | RegExp, count?: number, how?: LostResponse): void;
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
}

const matcher = (pattern: string | RegExp) =>
  typeof pattern === 'string' ? (key: string) => key.includes(pattern) : (key: string) => pattern.test(key);

function answerFailure(res: ServerResponse, failure: Failure): number {
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
    return 429;
  }
  if (failure.status >= 500) {
    res
      .writeHead(failure.status, { 'content-type': 'application/json' })
      .end(JSON.stringify(failure.body ?? { message: `${failure.status}: Internal Server Error`, code: 0 }));
    return failure.status;
  }
  return json(res, failure.status, failure.body ?? { message: 'Injected failure', code: 0 });
}

export function startRest(server: Server, shared: FakeState, interactions: Interactions, recommendedShards: number): Rest {
  const { events, token } = shared;
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  const losses: Loss[] = [];
  const state: RouteState = { shared, interactions, recommendedShards, commands: { global: null, guild: new Map() }, posted: new Map() };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/api/v10/')) {
      notFound(res);
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
      rec.status = answerFailure(res, failure);
      events.emit('request', rec);
      return;
    }
    const loss = losses.find((l) => l.remaining > 0 && l.match(key));
    if (loss) loss.remaining -= 1;
    // A lost answer: the request is carried out against a response nobody reads.
    const target = loss ? discardedResponse() : res;
    try {
      rec.status = route({ state, rec, body: rec.body as Json | undefined, res: target });
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
  }

  server.on('request', (req, res) => void handle(req, res));

  return {
    requests,
    commands: state.commands,
    channelMessages: (channelId) => state.posted.get(channelId) ?? [],
    failNext(pattern, status, count = 1, options = {}) {
      const retryAfter = options.retryAfter === undefined ? 0.2 : options.retryAfter;
      failures.push({ match: matcher(pattern), status, remaining: count, retryAfter, body: options.body, global: options.global ?? false });
    },
    loseNextResponse(pattern, count = 1, how = 'reset') {
      losses.push({ match: matcher(pattern), how, remaining: count });
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
  };
}
