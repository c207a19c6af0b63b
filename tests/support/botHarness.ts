/** Starts the real discord.js bot against a fresh fake Discord, with a logger that keeps its records. */
import type { App } from '../../src/app/types.js';
import { loadConfig } from '../../src/config/config.js';
import { startDiscordBot, type DiscordBot } from '../../src/discord/startDiscordBot.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../tools/fake-discord/index.js';
import { memoryLog, type LogRecord, type RecordPattern, type WaitOptions } from './logs.js';

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: DiscordBot;
  /** Everything logged so far, at debug and above. */
  readonly records: readonly LogRecord[];
  /** The same, as the bytes written: where a leaked token would show. */
  readonly raw: readonly string[];
  /** See MemoryLog.matching: `since` is a count of records taken before. */
  recordsMatching(pattern: RecordPattern, since?: number): LogRecord[];
  /** Resolves with the first matching record, past or future: log lines are written after the reply is sent. */
  waitForRecord(pattern: RecordPattern, options?: WaitOptions): Promise<LogRecord>;
  stop(): Promise<void>;
}

export async function startHarness(options: {
  readonly app: App;
  readonly fake?: FakeDiscordOptions;
  readonly deferAfterMs?: number;
  readonly directReplies?: boolean;
  readonly onStopping?: () => void | Promise<void>;
  readonly onStop?: () => void | Promise<void>;
}): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'debug' });
  const log = memoryLog({ level: 'debug', secrets: [fake.token] });
  let bot: DiscordBot;
  try {
    bot = await startDiscordBot({
      config,
      app: options.app,
      logger: log.logger,
      processHandlers: false,
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
      ...(options.directReplies !== undefined ? { directReplies: options.directReplies } : {}),
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
    records: log.records,
    raw: log.raw,
    recordsMatching: log.matching,
    waitForRecord: log.waitFor,
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
