/**
 * Log records for tests: the bot's own pino logger (same redaction, same serializers) writing to
 * memory, and the JSON lines of a child process's stderr, parsed. Tests assert on fields, never
 * on how a line is formatted.
 */
import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { createLogger, type Logger, type LogLevel } from '../../src/log/logger.js';

export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly msg: string;
  readonly time: number;
  /** pino's serialized error: the message with its causes', and the stack. */
  readonly err?: { readonly type: string; readonly message: string; readonly stack: string; readonly [key: string]: unknown };
  readonly [field: string]: unknown;
}

/**
 * What a record should hold: every field given, equal (a RegExp tests a string field, vitest's
 * `expect.any(Number)` and kin work as in toMatchObject, a nested object is matched in part); or
 * a predicate.
 */
export type RecordPattern = { readonly [field: string]: unknown } | ((record: LogRecord) => boolean);

const isAsymmetric = (value: unknown): value is { asymmetricMatch(actual: unknown): boolean } =>
  typeof (value as { asymmetricMatch?: unknown } | null)?.asymmetricMatch === 'function';

function holds(actual: unknown, expected: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (typeof expected === 'object' && expected !== null && !Array.isArray(expected)) {
    if (typeof actual !== 'object' || actual === null) return false;
    return Object.entries(expected).every(([key, value]) => holds((actual as Record<string, unknown>)[key], value));
  }
  return isDeepStrictEqual(actual, expected);
}

export const matches = (record: LogRecord, pattern: RecordPattern): boolean =>
  typeof pattern === 'function' ? pattern(record) : holds(record, pattern);

export const describePattern = (pattern: RecordPattern): string =>
  typeof pattern === 'function' ? pattern.toString() : JSON.stringify(pattern, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v));

/**
 * A child process's stderr: its JSON lines as records, and the plain lines written around the
 * logger (the one-line startup errors). A line still being written is left for the next call.
 */
export function parseOutput(text: string): { records: LogRecord[]; plain: string[] } {
  const records: LogRecord[] = [];
  const plain: string[] = [];
  for (const line of text.split('\n').slice(0, -1)) {
    if (line === '') continue;
    const record = line.startsWith('{') ? parseRecord(line) : undefined;
    if (record) records.push(record);
    else plain.push(line);
  }
  return { records, plain };
}

function parseRecord(line: string): LogRecord | undefined {
  try {
    return JSON.parse(line) as LogRecord;
  } catch {
    return undefined; // shown with the plain lines, where a test that expects none will show it
  }
}

export interface MemoryLog {
  readonly logger: Logger;
  /** Each line exactly as written, after redaction: where a leaked secret would show. */
  readonly raw: string[];
  readonly records: LogRecord[];
  /** The records that match, from the `since`-th on (a count of records taken earlier). */
  matching(pattern: RecordPattern, since?: number): LogRecord[];
  /**
   * Resolves with the `count`-th (by default the first) matching record from the `since`-th on,
   * logged so far or later: lines are written after the reply is sent.
   */
  waitFor(pattern: RecordPattern, options?: WaitOptions): Promise<LogRecord>;
}

export interface WaitOptions {
  /** A count of records taken earlier: only those after them count. */
  readonly since?: number;
  /** How many matching records to wait for (default 1). */
  readonly count?: number;
  readonly timeoutMs?: number;
}

export function memoryLog(options: { readonly level?: LogLevel; readonly secrets?: readonly string[] } = {}): MemoryLog {
  const raw: string[] = [];
  const records: LogRecord[] = [];
  const written = new EventEmitter();
  const logger = createLogger({
    level: options.level ?? 'debug',
    secrets: options.secrets ?? [],
    destination: {
      write(line: string) {
        raw.push(line);
        records.push(JSON.parse(line) as LogRecord);
        written.emit('record');
      },
    },
  });
  const matching = (pattern: RecordPattern, since = 0) => records.slice(since).filter((r) => matches(r, pattern));
  return {
    logger,
    raw,
    records,
    matching,
    waitFor(pattern, { since = 0, count = 1, timeoutMs = 15_000 } = {}) {
      return new Promise((resolve, reject) => {
        // Each record is looked at once, however long the wait: a fuzz run logs tens of thousands.
        let next = since;
        let found = 0;
        const check = () => {
          for (; next < records.length; next++) {
            const record = records[next]!;
            if (!matches(record, pattern) || ++found < count) continue;
            written.off('record', check);
            clearTimeout(timer);
            resolve(record);
            return;
          }
        };
        const timer = setTimeout(() => {
          written.off('record', check);
          reject(
            new Error(
              `${found} of ${count} log records matched ${describePattern(pattern)} within ${timeoutMs} ms; the last lines:\n${raw.slice(-50).join('')}`,
            ),
          );
        }, timeoutMs);
        written.on('record', check);
        check();
      });
    },
  };
}
