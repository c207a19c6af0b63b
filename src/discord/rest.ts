/** How the bot talks to Discord's REST API: @discordjs/rest as it is, with a 429 without Retry-After handled. */
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultRestOptions, type RESTOptions } from 'discord.js';
import type { Logger } from '../log/logger.js';
import { RateLimitedWithoutRetryAfter, requestOf } from './errors.js';

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
      logger?.warn('Discord answered 429 without Retry-After; waiting before trying again', {
        request: requestOf({ method, url }),
        attempt,
        waitMs: wait,
      });
      await sleep(wait, undefined, init.signal ? { signal: init.signal } : {});
    }
  };
}

/** REST options for every client of the bot: the discord.js client and `npm run deploy-commands`. */
export function restOptions(apiUrl: string, logger?: Logger): Partial<RESTOptions> {
  return { api: apiUrl, makeRequest: waitOnBare429(DefaultRestOptions.makeRequest, logger) };
}
