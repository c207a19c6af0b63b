import { createRequire } from 'node:module';
import pino, { type DestinationStream } from 'pino';
import type { LogLevel } from '../config/config.js';

export type { LogLevel };

/** The bot's logger: pino's, so fields come first (`log.info({ command }, 'interaction')`). */
export type Logger = pino.Logger;
export type LogFields = Readonly<Record<string, unknown>>;

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Values never to print (the bot token): replaced by [redacted] wherever they appear in a line. */
  readonly secrets?: readonly (string | undefined)[];
  /**
   * Where the JSON lines go. By default stderr, so console mode keeps stdout for replies:
   * asynchronously, or pretty-printed when stderr is a terminal.
   */
  readonly destination?: DestinationStream;
}

const REDACTED = '[redacted]';

// Fields that carry a token by name are censored before the line is built, whatever their value.
// Exact paths only: a wildcard (`*.token`) makes redaction walk every field of every line, which
// tripled the cost of a line (3.4 µs instead of 0.9); a token anywhere else is caught in the text.
const REDACT_PATHS = ['token', 'authorization', 'headers.authorization'];

// Shapes of secrets that may reach a line inside free text (an error message, a URL) even when
// not configured. No leading \b: in a JSON line a token may follow an escape such as \n.
const TOKEN_SHAPE = /[MNO][\w-]{23,28}\.[\w-]{6}\.[\w-]{27,}/g;
// Stops at a backslash so that an escaped quote after the token stays escaped.
const URL_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[^/\s?"'\\]+/g;

/** A bot token has two dots exactly 7 characters apart; a line without such a pair cannot hold one. */
function mayHoldTokenShape(line: string): boolean {
  for (let dot = line.indexOf('.'); dot !== -1; dot = line.indexOf('.', dot + 1)) {
    if (line.charCodeAt(dot + 7) === 0x2e) return true;
  }
  return false;
}

const redactUrlTokens = (text: string) =>
  text.includes('/interactions/') || text.includes('/webhooks/') ? text.replace(URL_TOKEN, '/$1/$2/[token]') : text;

/**
 * The free-text safety net over each finished line, for a secret that reached a message or a
 * field by a path nobody foresaw. Every shape it looks for holds a '.' (a bot token, and any
 * configured secret that has one) or a '/' (a token in a URL), and the per-interaction line has
 * neither (names, snowflakes, integers): such a line costs two character searches, not a scan
 * per shape.
 */
function lineRedactor(secrets: readonly string[]): (line: string) => string {
  const unmarked = secrets.filter((s) => !s.includes('.') && !s.includes('/'));
  return (line) => {
    if (unmarked.length === 0 && !line.includes('.') && !line.includes('/')) return line;
    let out = line;
    for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    if (mayHoldTokenShape(out)) out = out.replace(TOKEN_SHAPE, REDACTED);
    return redactUrlTokens(out);
  };
}

// discord.js's request errors carry the request body (the whole reply, file bytes included), and
// the request's URL, with the interaction's token in it: left out and cut out before formatting.
function serializeError(error: Error): ReturnType<typeof pino.stdSerializers.err> {
  const out = pino.stdSerializers.err(error);
  if (typeof out === 'object' && out !== null) {
    if ('requestBody' in out) delete out.requestBody;
    const url: unknown = (out as { url?: unknown }).url;
    if (typeof url === 'string') (out as { url?: unknown }).url = redactUrlTokens(url);
  }
  return out;
}

function stderr(): DestinationStream {
  if (process.stderr.isTTY) {
    // Required here, not imported: a service never uses it and it costs ~13 ms of start-up.
    const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
    // Colours by what stderr can show: stdout may be a pipe while stderr is a terminal.
    const pretty = prettyFactory({ colorize: process.stderr.hasColors(), singleLine: true, translateTime: 'SYS:HH:MM:ss.l' });
    // A terminal write is synchronous, so nothing waits in a buffer when the process exits.
    return { write: (line: string) => void process.stderr.write(pretty(line)) };
  }
  // Written off the reply path, in batches of 4 KB (about 30 interaction lines) or every 250 ms:
  // one asynchronous write per line would cost more CPU than the synchronous write it replaces.
  // What is still buffered at exit is written synchronously by pino; see exitAfterFlush for the
  // write that may be under way then.
  const destination = pino.destination({ fd: 2, sync: false, minLength: 4096, periodicFlush: 250 });
  // A log that cannot be written must not take the bot down (an 'error' with no listener throws).
  destination.on('error', () => undefined);
  return destination;
}

/**
 * One JSON line per event (`{"level":"info","time":…,"msg":"interaction","command":"trade"}`),
 * `err` fields with their stack, and no secret in any line: token fields are censored by name,
 * and the configured secrets, token-shaped strings and the tokens in interaction and webhook
 * URLs are replaced in the finished text.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return pino(
    {
      level: options.level ?? 'info',
      // No pid or hostname: a shard names itself with `shard`, and lines stay short.
      base: null,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: serializeError },
      hooks: { streamWrite: lineRedactor(secrets) },
    },
    options.destination ?? stderr(),
  );
}

/** How long exitAfterFlush waits for stderr: a reader that stopped reading must not keep the process up. */
const FLUSH_TIMEOUT_MS = 2000;

/**
 * Exits with `code` once every line logged so far has been written. process.exit() alone writes
 * what is buffered but not a batch already on its way, which is then lost, or overtaken by the
 * lines after it. Never settles: `await` it where nothing after it may run.
 */
export function exitAfterFlush(logger: Logger, code: number): Promise<never> {
  setTimeout(() => process.exit(code), FLUSH_TIMEOUT_MS).unref();
  logger.flush(() => process.exit(code));
  return new Promise<never>(() => {});
}
