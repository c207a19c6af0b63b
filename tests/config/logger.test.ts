import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../src/log/logger.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.secret-part-of-the-token-0123456789';
const at = () => new Date('2025-01-29T12:00:00.000Z');

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info', secrets: string[] = []) {
  const lines: string[] = [];
  return { lines, log: createLogger({ level, secrets, write: (l) => lines.push(l), now: at }) };
}

describe('the logger', () => {
  it('writes one line per event: time, level, message, fields', () => {
    const { lines, log } = capture();
    log.info('interaction', { command: 'trade', guild: '1', ms: 42, outcome: 'ok', skipped: undefined });
    expect(lines).toEqual(['2025-01-29T12:00:00.000Z INFO interaction command=trade guild=1 ms=42 outcome=ok']);
  });

  it('quotes values with spaces, and keeps a value on its line', () => {
    const { lines, log } = capture();
    log.warn('odd', { reason: 'two words', multi: 'a\nb' });
    expect(lines).toEqual(['2025-01-29T12:00:00.000Z WARN odd reason="two words" multi="a\\nb"']);
  });

  it('drops events below its level', () => {
    const { lines, log } = capture('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['WARN', 'ERROR']);
  });

  it('puts an error\'s stack under its line', () => {
    const { lines, log } = capture();
    log.error('command failed', { err: new Error('boom') });
    expect(lines[0]).toMatch(/^\S+ ERROR command failed err=boom\n {4}Error: boom\n {8}at /);
  });

  it('never prints the token, wherever it appears', () => {
    const { lines, log } = capture('debug', [TOKEN]);
    log.info(`token is ${TOKEN}`, { token: TOKEN, err: new Error(`Bot ${TOKEN} refused`) });
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain('secret-part');
    expect(lines.join('\n')).toContain('[redacted]');
  });

  it('redacts token-shaped strings and interaction tokens in paths even when not told about them', () => {
    expect(redact(`x ${TOKEN} y`, [])).toBe('x [redacted] y');
    expect(redact('POST /interactions/123/aW50ZXJhY3Rpb246MTIz/callback', [])).toBe('POST /interactions/123/[token]/callback');
    expect(redact('PATCH /webhooks/300/aW50ZXJh-Y3_Rpb/messages/@original', [])).toBe('PATCH /webhooks/300/[token]/messages/@original');
  });

  it('survives a writer that throws', () => {
    const log = createLogger({ write: () => { throw new Error('disk full'); } });
    expect(() => log.error('x')).not.toThrow();
  });
});
