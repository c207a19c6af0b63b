import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Logger } from '../log/logger.js';
import { checkDiscordApi, restOptions } from './rest.js';

export interface RegisterOptions {
  readonly apiUrl: string;
  readonly token: string;
  readonly clientId: string;
  /** Register in this server only (appears at once); globally without it. */
  readonly guildId?: string | undefined;
  readonly definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
  readonly logger?: Logger;
}

export interface Registered {
  readonly scope: 'guild' | 'global';
  readonly names: readonly string[];
}

/**
 * Replaces the application's commands with `definitions` in one bulk overwrite (PUT), so commands
 * removed from the code disappear from Discord too. 429s and 5xx are retried by @discordjs/rest.
 * Rejects with a DiscordSettingError when DISCORD_API_URL is not Discord's API or the token is
 * refused, within checkDiscordApi's 10 s.
 */
export async function registerCommands(options: RegisterOptions): Promise<Registered> {
  const rest = new REST(restOptions(options.apiUrl, options.logger)).setToken(options.token);
  rest.on('rateLimited', (info) => options.logger?.warn({ retryAfterMs: info.retryAfter }, 'rate limited by Discord; waiting'));
  await checkDiscordApi(rest, options.apiUrl);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.clientId, options.guildId)
    : Routes.applicationCommands(options.clientId);
  const saved = (await rest.put(route, { body: options.definitions })) as RESTPutAPIApplicationCommandsResult;
  return { scope: options.guildId ? 'guild' : 'global', names: saved.map((c) => c.name) };
}
