/**
 * `npm run deploy-commands`: registers the bot's slash commands with Discord, in the server named
 * by DISCORD_GUILD_ID (instant) or globally. Needs DISCORD_TOKEN and DISCORD_CLIENT_ID.
 */
import { DiscordAPIError } from 'discord.js';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfigOrExit, requireDiscord } from '../config/index.js';
import { createLogger } from '../log/logger.js';
import { DiscordSettingError, errorFields, shortReason, TOKEN_HINT } from './errors.js';
import { registerCommands } from './registerCommands.js';

const config = loadConfigOrExit();
let discord;
try {
  discord = requireDiscord(config, 'deploy-commands');
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const logger = createLogger({ level: config.logLevel, secrets: [discord.token] });

try {
  const { scope, names } = await registerCommands({
    ...discord,
    definitions: commands.map((c) => c.definition),
    logger,
  });
  const list = names.map((n) => `/${n}`).join(', ');
  process.stdout.write(
    scope === 'guild'
      ? `Registered ${names.length} commands in server ${discord.guildId}: ${list}. They appear there at once.\n`
      : `Registered ${names.length} global commands: ${list}. They can take a while to appear in every server.\n`,
  );
} catch (error) {
  // Discord's refusal or a setting that is wrong: one line that says what to fix, no stack.
  let why: string;
  if (error instanceof DiscordSettingError) {
    why = error.message;
  } else if (error instanceof DiscordAPIError) {
    why =
      error.status === 401
        ? `Discord refused the token: ${TOKEN_HINT}.`
        : error.status === 403 || error.status === 404
          ? `Discord refused (${shortReason(error)}): check that DISCORD_CLIENT_ID is this bot's Application ID` +
            (discord.guildId ? ' and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope.' : '.')
          : `Discord refused the commands: ${error.message}`;
  } else {
    logger.error(errorFields(error), 'could not register the commands');
    why = `Could not register the commands at ${discord.apiUrl}: ${(error as Error).message}`;
  }
  process.stderr.write(`${why}\n`);
  process.exitCode = 1;
}
