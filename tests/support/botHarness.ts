/** Starts the real discord.js bot against a fresh fake Discord, with a logger that keeps its lines. */
import type { App } from '../../src/app/types.js';
import { loadConfig } from '../../src/config/config.js';
import { startDiscordBot, type DiscordBot } from '../../src/discord/startDiscordBot.js';
import { EventEmitter } from 'node:events';
import { createLogger } from '../../src/log/logger.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../tools/fake-discord/index.js';

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: DiscordBot;
  readonly lines: string[];
  /** Everything logged so far, as one string. */
  log(): string;
  /** Resolves when the log (past or future) matches: log lines are written after the reply is sent. */
  waitForLog(pattern: RegExp | ((lines: readonly string[]) => boolean), timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: {
  readonly app: App;
  readonly fake?: FakeDiscordOptions;
  readonly deferAfterMs?: number;
  readonly onStopping?: () => void | Promise<void>;
  readonly onStop?: () => void | Promise<void>;
}): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'debug' });
  const lines: string[] = [];
  const logged = new EventEmitter();
  const logger = createLogger({
    level: 'debug',
    secrets: [fake.token],
    write: (line) => {
      lines.push(line);
      logged.emit('line');
    },
  });
  let bot: DiscordBot;
  try {
    bot = await startDiscordBot({
      config,
      app: options.app,
      logger,
      processHandlers: false,
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
      ...(options.onStopping ? { onStopping: options.onStopping } : {}),
      ...(options.onStop ? { onStop: options.onStop } : {}),
    });
  } catch (error) {
    await fake.stop();
    throw error;
  }
  return {
    fake,
    bot,
    lines,
    log: () => lines.join('\n'),
    waitForLog(pattern, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (typeof pattern === 'function' ? pattern(lines) : pattern.test(lines.join('\n'))) {
            logged.off('line', check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          logged.off('line', check);
          reject(new Error(`no log line matched ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`));
        }, timeoutMs);
        logged.on('line', check);
        check();
      });
    },
    async stop() {
      await bot.stop('test finished');
      await fake.stop();
    },
  };
}

/** Request bodies that carry a message (content, embeds or files), wherever they were sent. */
export function messageBodies(fake: FakeDiscord): { path: string; data: Record<string, unknown> }[] {
  const out: { path: string; data: Record<string, unknown> }[] = [];
  for (const r of fake.requests) {
    const body = r.body as Record<string, any> | undefined;
    if (!body || typeof body !== 'object') continue;
    if (r.path.endsWith('/callback')) {
      if (body.type === 4) out.push({ path: r.path, data: body.data ?? {} });
    } else if (r.path.startsWith('/webhooks/') || /^\/channels\/\d+\/messages$/.test(r.path)) {
      out.push({ path: r.path, data: body });
    }
  }
  return out;
}
