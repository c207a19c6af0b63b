/**
 * How the bot talks to Discord's REST API: @discordjs/rest as it is, with two gaps closed
 * (a 429 without Retry-After, and an address that is not Discord's API at all).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultRestOptions, DiscordAPIError, HTTPError, Routes, type REST, type RESTOptions } from 'discord.js';
import type { Logger } from '../log/logger.js';
import { DiscordSettingError, RateLimitedWithoutRetryAfter, requestOf, TOKEN_HINT } from './errors.js';

/**
 * The waits before each retry of a 429 that came without Retry-After. @discordjs/rest reads a
 * missing header as "wait 0 ms" and retries at once, without counting the attempt: hundreds of
 * requests a second for as long as the 429s last, and Discord bans an IP for 10,000 invalid
 * requests in 10 minutes. Three retries, as @discordjs/rest allows for a 5xx; their sum (7 s)
 * stays inside its 15 s timeout for one request.
 */
export const BARE_429_WAITS_MS: readonly number[] = [1000, 2000, 4000];

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Wraps how @discordjs/rest sends a request (its `makeRequest` option): a 429 without Retry-After
 * is retried here after `waits`, and given up past them. A 429 with the header goes on to
 * @discordjs/rest, which waits as told, as before.
 */
export function waitOnBare429(make: MakeRequest, logger?: Logger, waits: readonly number[] = BARE_429_WAITS_MS): MakeRequest {
  return async (url, init) => {
    const method = (init.method ?? 'GET').toUpperCase();
    for (let attempt = 1; ; attempt++) {
      const response = await make(url, init);
      if (response.status !== 429 || response.headers.has('retry-after')) return response;
      // Read the body so the connection goes back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      const wait = waits[attempt - 1];
      if (wait === undefined) throw new RateLimitedWithoutRetryAfter(method, url, attempt);
      logger?.warn(
        {
          request: requestOf({ method, url }),
          attempt,
          waitMs: wait,
        },
        'Discord answered 429 without Retry-After; waiting before trying again',
      );
      await sleep(wait, undefined, init.signal ? { signal: init.signal } : {});
    }
  };
}

/** REST options for every client of the bot: the discord.js client and `npm run deploy-commands`. */
export function restOptions(apiUrl: string, logger?: Logger): Partial<RESTOptions> {
  return { api: apiUrl, makeRequest: waitOnBare429(DefaultRestOptions.makeRequest, logger) };
}

/** How long the first request may take before DISCORD_API_URL counts as not answering. */
export const PROBE_TIMEOUT_MS = 10_000;

/**
 * Asks for the gateway (GET /gateway/bot, which needs a valid token) once, within
 * PROBE_TIMEOUT_MS, and throws a DiscordSettingError that says what answered instead. Without it
 * a silent host costs a minute (four tries of 15 s), and an HTML page reaches discord.js as if it
 * were JSON ("Cannot read properties of undefined").
 */
export async function checkDiscordApi(rest: REST, apiUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  let answer: unknown;
  try {
    answer = await rest.get(Routes.gatewayBot(), { signal });
  } catch (error) {
    if (signal.aborted) throw urlError(apiUrl, `did not answer within ${Math.round(timeoutMs / 1000)} s`);
    throw probeFailure(error, apiUrl);
  }
  if (typeof (answer as { url?: unknown } | null)?.url !== 'string') {
    throw urlError(apiUrl, `answered with ${describeBody(answer)} (HTTP 200), not Discord's API`);
  }
}

const SETTING = 'DISCORD_API_URL';
const urlError = (apiUrl: string, what: string) =>
  new DiscordSettingError(
    SETTING,
    `${SETTING}=${apiUrl} ${what}: ` +
      (apiUrl === DefaultRestOptions.api
        ? 'check that this machine can reach discord.com'
        : `it should be ${DefaultRestOptions.api} (the default, when unset) or a proxy for it`),
  );

/** What an answer that is not Discord's JSON looks like, from its first bytes. */
function describeBody(body: unknown): string {
  if (!(body instanceof ArrayBuffer)) return "JSON that is not Discord's";
  const text = new TextDecoder().decode(body.slice(0, 512)).trimStart();
  if (text === '') return 'an empty body';
  return text.startsWith('<') ? 'an HTML page' : 'something that is not JSON';
}

const codeOf = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The system's error code, wherever fetch and undici put it. */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    // Node tries each address of a host name and reports them together.
    const code = codeOf(e) ?? codeOf((e as { errors?: unknown[] }).errors?.[0]);
    if (code) return code;
  }
  return undefined;
}

function probeFailure(error: unknown, apiUrl: string): Error {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return new DiscordSettingError('DISCORD_TOKEN', `Discord refused the token: ${TOKEN_HINT}`);
    // @discordjs/rest hands a body that is not JSON on as bytes.
    if (error.rawError instanceof ArrayBuffer) {
      return urlError(apiUrl, `answered with ${describeBody(error.rawError)} (HTTP ${error.status}), not Discord's API`);
    }
    return urlError(apiUrl, `answered HTTP ${error.status} (${error.message.split('\n')[0]}) to GET /gateway/bot`);
  }
  if (error instanceof HTTPError) return urlError(apiUrl, `answered HTTP ${error.status} (${error.message}) to every try`);
  const code = errorCode(error);
  const host = safeHost(apiUrl);
  switch (code) {
    case 'ECONNREFUSED':
      return urlError(apiUrl, 'refused the connection (ECONNREFUSED)');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return urlError(apiUrl, `names a host that was not found (${host}: ${code})`);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return urlError(apiUrl, `did not accept a connection (${code})`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return urlError(apiUrl, `cannot be reached from here (${code})`);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return urlError(apiUrl, `closed the connection without an answer (${code})`);
    default:
      if (code && /CERT|TLS|SSL|SELF_SIGNED/.test(code)) return urlError(apiUrl, `presented a certificate that is not trusted (${code})`);
      return urlError(apiUrl, `could not be reached (${error instanceof Error ? error.message : String(error)}${code ? `, ${code}` : ''})`);
  }
}

function safeHost(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
}
