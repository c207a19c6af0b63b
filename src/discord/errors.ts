import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';
import type { LogFields } from '../log/logger.js';

/** Where a failed request went, without the interaction or webhook token. */
export function requestOf(error: { method: string; url: string }): string {
  let path = error.url;
  try {
    path = new URL(error.url).pathname.replace(/^\/api(\/v\d+)?/, '');
  } catch {
    // keep it as it is; the logger redacts tokens in paths anyway
  }
  return `${error.method.toUpperCase()} ${path.replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, '/$1/$2/[token]')}`;
}

/** What to do about a refused bot token, for the one line that says so. */
export const TOKEN_HINT = 'check DISCORD_TOKEN (Developer Portal > your application > Bot > Reset Token)';

/**
 * A setting that keeps the bot from reaching Discord at all (a wrong DISCORD_API_URL, a refused
 * DISCORD_TOKEN). Its message is the whole story for an operator, one line that names the setting.
 */
export class DiscordSettingError extends Error {
  override readonly name = 'DiscordSettingError';
  constructor(
    readonly setting: 'DISCORD_API_URL' | 'DISCORD_TOKEN',
    message: string,
  ) {
    super(message);
  }
}

/** Discord kept answering 429 without Retry-After, past our backoff: the request was given up. */
export class RateLimitedWithoutRetryAfter extends Error {
  override readonly name = 'RateLimitedWithoutRetryAfter';
  readonly status = 429;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly tries: number,
  ) {
    super(`Discord answered 429 (rate limited) ${tries} times without saying how long to wait; gave up`);
  }
}

/** Log fields for any error, naming Discord's own reason when Discord refused the request. */
export function errorFields(error: unknown): LogFields {
  // Faults outside the bot: the reason is the whole story, a stack would only hide it.
  if (error instanceof RateLimitedWithoutRetryAfter) return { status: 429, reason: error.message, request: requestOf(error) };
  if (error instanceof DiscordSettingError) return { reason: error.message };
  if (error instanceof DiscordAPIError) {
    const fields = { status: error.status, code: error.code, reason: error.message, request: requestOf(error) };
    // A refused token is not a bug here; the line that stops the bot names DISCORD_TOKEN.
    return error.status === 401 ? fields : { ...fields, err: error };
  }
  if (error instanceof HTTPError) {
    return { status: error.status, reason: error.message, request: requestOf(error), err: error };
  }
  return { err: error };
}

/** Whether Discord answered 4xx: the payload or the request itself was refused, and retrying will not help. */
export const isRefusal = (error: unknown): error is DiscordAPIError =>
  error instanceof DiscordAPIError && error.status >= 400 && error.status < 500;

/** Discord's short reason ("Missing Permissions"), without the field-by-field detail. */
export function shortReason(error: DiscordAPIError): string {
  const raw = error.rawError as { message?: unknown };
  return typeof raw.message === 'string' && raw.message.length > 0 ? raw.message : (error.message.split('\n')[0] ?? 'refused');
}

/** A post intent whose channel id is not a snowflake: nothing is sent to Discord. */
export class NotAChannel extends Error {
  override readonly name = 'NotAChannel';
}

/** What a user reads when the bot could not post into a channel: Discord's reason and what would fix it. */
export function postFailureText(channelId: string, error: unknown, withFiles: boolean): string {
  const where = /^\d{17,20}$/.test(channelId) ? `<#${channelId}>` : 'that channel';
  if (error instanceof DiscordAPIError && error.status === 401) {
    // The bot stops on a 401 (see startDiscordBot): the user should not wait for it to work again.
    return `I couldn't post in ${where}: Discord no longer accepts my login, so I am stopping until my token is fixed.`;
  }
  if (error instanceof RateLimitedWithoutRetryAfter) {
    return `I couldn't post in ${where}: Discord is limiting how fast I can send just now. Please try again in a minute.`;
  }
  if (error instanceof DiscordAPIError) {
    const needs = `Send Messages and Embed Links${withFiles ? ' and Attach Files' : ''}`;
    const hint: Partial<Record<number, string>> = {
      [RESTJSONErrorCodes.MissingPermissions]: `I need ${needs} there`,
      [RESTJSONErrorCodes.MissingAccess]: `I need View Channel, ${needs} there`,
      [RESTJSONErrorCodes.UnknownChannel]: 'it does not exist, or it is in a server I am not in',
      [RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel]: 'pick a text channel',
      [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: 'pick a text channel in this server',
    };
    const extra = typeof error.code === 'number' ? hint[error.code] : undefined;
    return `I can't post in ${where}: ${shortReason(error)}${extra ? ` (${extra})` : ''}.`;
  }
  if (error instanceof NotAChannel) return `I can't post in that channel: it is not a channel id. Pick a channel from the list.`;
  if (error instanceof HTTPError) {
    return `I couldn't post in ${where}: Discord did not accept it just now (HTTP ${error.status}). Please try again in a minute.`;
  }
  return `I couldn't post in ${where}: something went wrong on my side. It has been logged; please try again.`;
}
