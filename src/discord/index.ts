export { startDiscordBot, createDiscordClient, type DiscordBot, type StartDiscordBotOptions } from './startDiscordBot.js';
export { createInteractionHandler, readOptions, invocationOf, send, type InteractionHandler, type DispatcherOptions } from './dispatcher.js';
export { registerCommands, type Registered, type RegisterOptions } from './registerCommands.js';
export { installProcessHandlers } from './process.js';
export { toInteractionOptions, toChannelMessage, NO_MENTIONS, APOLOGY } from './payload.js';
export { postFailureText, errorFields } from './errors.js';
