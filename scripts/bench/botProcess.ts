/**
 * One bot in a process of its own, so start-up and memory compare:
 *   --full  this bot exactly as `npm start` runs it: src/main.ts, configured by the environment
 *           (DISCORD_TOKEN, DISCORD_API_URL, LOG_LEVEL...) with its digest store under the cwd
 *   --bare  discord.js alone: a Client answering every command with a fixed embed (the floor)
 * Sends 'ready' once started, answers 'usage' (CPU time, memory), and stops on 'stop' (the bot
 * through its own SIGTERM handling) or when the bench parent goes away.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { APIEmbed } from 'discord-api-types/v10';
import { exitWithParent, report, reportFailures, type Message } from './harness.js';

exitWithParent();
reportFailures();

const apiUrl = process.env.DISCORD_API_URL;
const token = process.env.DISCORD_TOKEN;
if (!apiUrl?.startsWith('http://127.0.0.1:') || !token)
  throw new Error('botProcess: DISCORD_API_URL (loopback only) and DISCORD_TOKEN are required');

const { values: kind } = parseArgs({ options: { bare: { type: 'boolean' }, full: { type: 'boolean' } } });
let stop: () => Promise<void>;

if (kind.bare) {
  const { Client, Events, GatewayIntentBits } = await import('discord.js');
  // One fixed reply per command name (BENCH_REPLIES, JSON), the size of this bot's real reply, so
  // that both bots send Discord the same bytes and only the work behind the reply differs.
  const replies = JSON.parse(process.env.BENCH_REPLIES ?? '{}') as Record<string, { embeds?: APIEmbed[] }>;
  const fallback: APIEmbed = { title: 'Trade', description: 'A fixed embed.' };
  const client = new Client({ intents: [GatewayIntentBits.Guilds], allowedMentions: { parse: [] }, rest: { api: apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isRepliable()) return;
    const embeds = (interaction.isCommand() ? replies[interaction.commandName]?.embeds : undefined) ?? [fallback];
    interaction.reply({ embeds, allowedMentions: { parse: [] } }).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(token);
  await ready;
  stop = () => client.destroy();
} else if (kind.full) {
  // Its top-level await resolves once the bot is ready (logged in, guilds received, digest runner
  // and data watcher started); a failure to start exits the process, which the parent reports.
  // main.ts refuses flags it does not know; --full is ours.
  process.argv.splice(2);
  await import('../../src/main.js');
  stop = async () => {
    process.kill(process.pid, 'SIGTERM'); // main.ts stops cleanly and exits 0
    await new Promise(() => undefined);
  };
} else {
  throw new Error('botProcess: pass --bare or --full');
}

// performance.now() counts from this process's start: the child's own view of its start-up.
report({ type: 'ready', uptimeMs: performance.now() });

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: Message) => {
  if (message.type === 'usage') {
    // CPU time so far (the parent takes differences per phase), and memory as it is; with
    // `gc: true`, also the heap that survives a full collection.
    const cpu = process.cpuUsage();
    const m = process.memoryUsage();
    if (message.gc) gc?.();
    report({
      type: 'usage',
      cpuUs: cpu.user + cpu.system,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapAfterGc: message.gc && gc ? process.memoryUsage().heapUsed : null,
    });
  } else if (message.type === 'stop') {
    void stop().finally(() => process.exit(0));
  }
});
