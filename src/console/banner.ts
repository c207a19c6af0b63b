/** What a newcomer sees when `npm start` runs without a Discord token. */
export const CONSOLE_BANNER = [
  'China trade bot: console mode (no DISCORD_TOKEN set).',
  'To answer on Discord instead: copy .env.example to .env, set DISCORD_TOKEN and DISCORD_CLIENT_ID,',
  'run `npm run deploy-commands` once, then `npm start` again. The README walks through it.',
  '',
  'Type a slash command and press Enter, e.g. /trade kazakhstan, /compare kazakhstan uzbekistan,',
  '/region central-asia, /rank balance, /sources, /help. Ctrl+D (end of input) quits.',
  '',
].join('\n');
