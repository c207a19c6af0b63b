import type { LogLevel } from '../config/config.js';

export type { LogLevel };
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  readonly level: LogLevel;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** Pass the thrown value as `fields.err`: its message goes on the line, its stack below it. */
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Values never to print (the bot token): replaced by [redacted] wherever they appear. */
  readonly secrets?: readonly (string | undefined)[];
  /** Where lines go; stderr by default, so console mode keeps stdout for replies. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Shapes of secrets that may reach a log through an error message or URL even when not configured.
const TOKEN_SHAPE = /\b[MNO][\w-]{23,28}\.[\w-]{6}\.[\w-]{27,}\b/g;
const URL_TOKENS = /\/(interactions|webhooks)\/(\d+)\/[^/\s?"']+/g;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  // Most lines hold neither shape; testing first spares two replaces on every log line.
  if (out.includes('.')) out = out.replace(TOKEN_SHAPE, '[redacted]');
  if (out.includes('/interactions/') || out.includes('/webhooks/')) out = out.replace(URL_TOKENS, '/$1/$2/[token]');
  return out;
}

function render(value: unknown): string {
  if (value instanceof Error) return render(value.message);
  const text = typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : JSON.stringify(value) ?? String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

function stackOf(value: unknown): string | undefined {
  if (!(value instanceof Error) || !value.stack) return undefined;
  const cause = value.cause instanceof Error ? `\nCaused by: ${value.cause.stack ?? value.cause.message}` : '';
  return value.stack + cause;
}

/**
 * One line per event: `2026-01-01T00:00:00.000Z INFO message key=value ...`, secrets redacted.
 * An `err` field adds its stack on the lines below, indented.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const log = (at: LogLevel, message: string, fields: LogFields = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const parts = [now().toISOString(), at.toUpperCase(), message];
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      parts.push(`${key}=${render(value)}`);
    }
    let line = parts.join(' ');
    const stack = stackOf(fields.err);
    if (stack) line += `\n${stack.replace(/^/gm, '    ')}`;
    try {
      write(redact(line, secrets));
    } catch {
      // A log that cannot be written must not take the bot down.
    }
  };

  return {
    level,
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** A logger that keeps its lines, for tests. */
export function memoryLogger(level: LogLevel = 'debug', secrets: readonly string[] = []): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, secrets, write: (l) => lines.push(l) }), { lines });
}
