import { describe, expect, it } from 'vitest';
import { run } from '../support/child.js';
import { memoryLog, parseOutput } from '../support/logs.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.secret-part-of-the-token-0123456789';
const OTHER_TOKEN = 'NzY1NDMyMTA5ODc2NTQzMjEw.HxYzAb.another-bot-token-never-configured-987';

describe('the logger', () => {
  it('writes one JSON record per event: level, time, message and fields, leaving out undefined ones', () => {
    const log = memoryLog({ level: 'info' });
    log.logger.info({ command: 'trade', guild: '1', ms: 42, outcome: 'ok', skipped: undefined }, 'interaction');
    expect(log.raw).toHaveLength(1);
    expect(log.raw[0]).toMatch(/^\{.*\}\n$/);
    expect(log.records).toEqual([
      { level: 'info', time: expect.any(Number), msg: 'interaction', command: 'trade', guild: '1', ms: 42, outcome: 'ok' },
    ]);
  });

  it('drops events below its level', () => {
    const log = memoryLog({ level: 'warn' });
    log.logger.debug('d');
    log.logger.info('i');
    log.logger.warn('w');
    log.logger.error('e');
    expect(log.records.map((r) => [r.level, r.msg])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
    ]);
  });

  it('names the shard on every record of a shard child', () => {
    const log = memoryLog();
    log.logger.child({ shard: 1 }).info({ guilds: 1 }, 'ready');
    expect(log.records).toEqual([expect.objectContaining({ shard: 1, guilds: 1, msg: 'ready' })]);
  });

  it('keeps an error with its type, its causes and its stack', () => {
    const log = memoryLog();
    log.logger.error({ err: new Error('boom', { cause: new TypeError('underneath') }) }, 'command failed');
    const [record] = log.records;
    expect(record).toMatchObject({ level: 'error', msg: 'command failed', err: { type: 'Error', message: 'boom: underneath' } });
    expect(record?.err?.stack).toMatch(/^Error: boom\n\s+at .*\ncaused by: TypeError: underneath\n\s+at /s);
  });

  it("leaves out a failed request's body, which holds the whole reply and its file bytes", () => {
    const log = memoryLog();
    const error = Object.assign(new Error('Invalid Form Body'), {
      status: 400,
      requestBody: { files: [{ data: Buffer.alloc(4096) }], json: {} },
    });
    log.logger.error({ err: error }, 'Discord refused the reply');
    expect(log.records[0]?.err).toMatchObject({ message: 'Invalid Form Body', status: 400 });
    expect(log.records[0]?.err).not.toHaveProperty('requestBody');
  });

  it('censors fields that carry a token by name, whatever their value', () => {
    const log = memoryLog();
    log.logger.info(
      { token: 'abc', headers: { authorization: 'Bot def', accept: 'application/json' }, authorization: 'Bot ghi' },
      'request',
    );
    expect(log.records[0]).toMatchObject({
      token: '[redacted]',
      headers: { authorization: '[redacted]', accept: 'application/json' },
      authorization: '[redacted]',
    });
  });

  it('never writes the configured token: not in the message, a field, or an error', () => {
    const log = memoryLog({ secrets: [TOKEN] });
    log.logger.info({ note: `Bot ${TOKEN}`, err: new Error(`Bot ${TOKEN} refused`) }, `token is ${TOKEN}`);
    const written = log.raw.join('');
    expect(written).not.toContain(TOKEN);
    expect(written).not.toContain('secret-part');
    expect(log.records[0]).toMatchObject({
      msg: 'token is [redacted]',
      note: 'Bot [redacted]',
      err: { message: 'Bot [redacted] refused' },
    });
  });

  it('never writes a configured secret that has no dot or slash in it either', () => {
    const log = memoryLog({ secrets: ['hunter2hunter2'] });
    log.logger.info({ command: 'trade', guild: '1', ms: 3, outcome: 'ok', note: 'pw hunter2hunter2' }, 'interaction');
    expect(log.raw.join('')).not.toContain('hunter2hunter2');
    expect(log.records[0]).toMatchObject({ note: 'pw [redacted]' });
  });

  it("cuts the interaction token out of a failed request's URL before the line is made", () => {
    const log = memoryLog();
    const error = Object.assign(new Error('Unknown interaction'), {
      url: 'https://discord.com/api/v10/interactions/123/aW50ZXJhY3Rpb246MTIz/callback?with_response=false',
    });
    log.logger.error({ err: error }, 'Discord refused the reply');
    expect(log.records[0]?.err).toMatchObject({ url: 'https://discord.com/api/v10/interactions/123/[token]/callback?with_response=false' });
  });

  it('redacts strings shaped like a bot token even when not told about them, after an escape too', () => {
    const log = memoryLog();
    log.logger.warn({ reason: `line one\n${OTHER_TOKEN}` }, `saw ${OTHER_TOKEN}`);
    expect(log.raw.join('')).not.toContain(OTHER_TOKEN.split('.')[2]);
    expect(log.records[0]).toMatchObject({ msg: 'saw [redacted]', reason: 'line one\n[redacted]' });
  });

  it('redacts interaction and webhook tokens in URLs, keeping the line valid JSON', () => {
    const log = memoryLog();
    log.logger.error(
      {
        request: 'POST /interactions/123/aW50ZXJhY3Rpb246MTIz/callback',
        url: 'https://discord.com/api/v10/webhooks/300/aW50ZXJh-Y3_Rpb/messages/@original',
        quoted: 'PATCH /webhooks/300/aW50ZXJh"quoted',
      },
      'could not answer',
    );
    expect(log.raw.join('')).not.toContain('aW50ZXJh');
    expect(log.records[0]).toMatchObject({
      request: 'POST /interactions/123/[token]/callback',
      url: 'https://discord.com/api/v10/webhooks/300/[token]/messages/@original',
      quoted: 'PATCH /webhooks/300/[token]"quoted',
    });
  });

  it('writes every line, in order, before exitAfterFlush ends the process', { timeout: 30_000 }, async () => {
    const { code, stderr } = await run('tests/config/logThenExit.ts', {}, ['5000']);
    expect(code).toBe(3);
    const { records, plain } = parseOutput(stderr);
    expect(plain).toEqual([]);
    expect(records.map((r) => r.n)).toEqual(Array.from({ length: 5000 }, (_, n) => n));
  });
});
