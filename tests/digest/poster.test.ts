import { AllowedMentionsTypes } from 'discord-api-types/v10';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseText } from '../../src/digest/pause.js';
import { classifyPostError, createRestPoster } from '../../src/digest/poster.js';
import { startDigestRunner } from '../../src/digest/runner.js';
import { openDigestStore } from '../../src/digest/store.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';
import { memoryLog } from '../support/logs.js';
import { keyPoints } from './helpers.js';

const GUILD = '100000000000000001';
const DIGEST = '200000000000000002';
const READ_ONLY = '200000000000000003';
const HIDDEN = '200000000000000004';
const DELETED = '299999999999999999';

let fake: FakeDiscord;
let rest: REST;
beforeAll(async () => {
  fake = await startFakeDiscord();
  rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
});
afterAll(async () => {
  await fake.stop();
});

describe('the REST poster (over discord.js REST, against a fake Discord)', () => {
  it('posts the message with its nonce enforced, no ephemeral flag and no pings, and returns the message id', async () => {
    const post = createRestPoster(rest);
    const result = await post(
      DIGEST,
      { data: { content: 'hi @everyone', flags: 64, allowed_mentions: { parse: [AllowedMentionsTypes.Everyone] } } },
      { nonce: 'abc123' },
    );
    expect(result.ok).toBe(true);
    const request = fake.requests.findLast((r) => r.method === 'POST' && r.path === `/channels/${DIGEST}/messages`);
    expect(request?.body).toMatchObject({ content: 'hi @everyone', nonce: 'abc123', enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect((request?.body as { flags?: number }).flags).toBeUndefined();
    expect(result.ok && result.messageId).toBe(fake.channelMessages(DIGEST).at(-1)?.id);
  });

  it('uploads the files of a reply with a locally rendered chart', async () => {
    const post = createRestPoster(rest);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const result = await post(DIGEST, {
      data: {
        embeds: [{ title: 'chart', image: { url: 'attachment://c.png' } }],
        attachments: [{ id: 0, filename: 'c.png' }],
        allowed_mentions: { parse: [] },
      },
      files: [{ name: 'c.png', data: png }],
    });
    expect(result.ok).toBe(true);
    const request = fake.requests.findLast((r) => r.method === 'POST' && r.path === `/channels/${DIGEST}/messages`);
    expect(request?.multipart).toBe(true);
    expect(request?.files[0]?.data.equals(png)).toBe(true);
  });

  it('reports Unknown Channel, Missing Access and Missing Permissions as permanent, each by its pause code', async () => {
    const post = createRestPoster(rest);
    const message = keyPoints(undefined);
    expect(await post(DELETED, message)).toEqual({ ok: false, permanent: true, reason: { code: 'unknown-channel' } });
    expect(await post(HIDDEN, message)).toEqual({ ok: false, permanent: true, reason: { code: 'missing-access' } });
    expect(await post(READ_ONLY, message)).toEqual({ ok: false, permanent: true, reason: { code: 'missing-permissions' } });
  });

  it('reports a server error as temporary', async () => {
    fake.failNext(`POST /channels/${DIGEST}/messages`, 503);
    const result = await createRestPoster(rest)(DIGEST, keyPoints(undefined));
    expect(result).toMatchObject({ ok: false, permanent: false });
  });

  it('classifies errors by their Discord code, and anything else as temporary', () => {
    expect(classifyPostError({ code: 50013, status: 403, message: 'Missing Permissions' }).permanent).toBe(true);
    const invalid = classifyPostError({ code: 50035, status: 400, message: 'Invalid Form Body' });
    expect(invalid).toEqual({
      ok: false,
      permanent: true,
      reason: { code: 'invalid-message', summary: 'Invalid Form Body', discordCode: 50035, fields: [] },
    });
    expect(invalid.permanent && pauseText(invalid.reason)).toBe(
      'Discord refused the message as invalid (HTTP 400 Invalid Form Body, code 50035)',
    );
    expect(classifyPostError({ code: 50006, status: 400, message: 'Cannot send an empty message' }).permanent).toBe(true);
    expect(classifyPostError({ code: 0, status: 400, message: 'Bad Request' })).toMatchObject({
      reason: { code: 'invalid-message', summary: 'Bad Request' },
    });
    expect(classifyPostError({ code: 0, status: 400, message: 'Bad Request' }).reason).not.toHaveProperty('discordCode');
    expect(classifyPostError({ code: 0, status: 404, message: '404: Not Found' }).permanent).toBe(false);
    expect(classifyPostError(new Error('Request aborted')).permanent).toBe(false);
    expect(classifyPostError('weird').reason).toBe('weird');
  });

  it('pauses on each Discord code that closes the channel to the bot, with words that name the code', () => {
    const pauses = {
      10003: 'unknown-channel',
      10004: 'unknown-guild',
      50001: 'missing-access',
      50013: 'missing-permissions',
      50008: 'not-text',
      50083: 'thread-archived',
    } as const;
    for (const [discordCode, code] of Object.entries(pauses)) {
      const result = classifyPostError({ code: Number(discordCode), status: 403, message: 'whatever Discord said' });
      expect(result).toEqual({ ok: false, permanent: true, reason: { code } });
      expect(result.permanent && pauseText(result.reason)).toContain(`(${discordCode})`);
    }
  });

  it('keeps of a long list of field errors only what /digest list can show, which reads as it did before codes', () => {
    const fields = Array.from({ length: 40 }, (_, i) => `embeds[${i}].title[BASE_TYPE_MAX_LENGTH]: Must be 256 or fewer in length.`);
    const result = classifyPostError({ code: 50035, status: 400, message: ['Invalid Form Body', ...fields].join('\n') });
    if (!result.permanent || result.reason.code !== 'invalid-message') throw new Error(`not an invalid message: ${JSON.stringify(result)}`);
    expect(result.reason.fields.length).toBeLessThan(10);
    expect(result.reason.fields).toEqual(fields.slice(0, result.reason.fields.length));
    // What the release before codes stored: the whole sentence, cut to 300 characters.
    const sentence = `Discord refused the message as invalid (HTTP 400 Invalid Form Body, code 50035): ${fields.join('; ')}`;
    expect(pauseText(result.reason)).toBe(`${sentence.slice(0, 297)}...`);
  });
});

describe('digests through the REST poster', () => {
  it('post to a channel that takes them and pause the ones the bot cannot post in', async () => {
    const store = openDigestStore(':memory:');
    const at = new Date('2025-06-01T00:00:00Z');
    for (const channelId of [DIGEST, READ_ONLY, DELETED])
      store.subscribe({ guildId: GUILD, channelId, frequency: 'daily', region: null, userId: 'u' }, at);
    const before = fake.channelMessages(DIGEST).length;
    const runner = startDigestRunner({
      store,
      now: () => new Date('2025-06-01T09:00:05Z'),
      post: createRestPoster(rest),
      buildMessage: keyPoints,
      log: memoryLog().logger,
      intervalMs: 3_600_000,
    });
    const report = await runner.ready;
    await runner.stop();
    expect(report.posted.map((p) => p.channelId)).toEqual([DIGEST]);
    expect(fake.channelMessages(DIGEST)).toHaveLength(before + 1);
    expect(
      store
        .list(GUILD)
        .filter((s) => s.paused)
        .map((s) => [s.channelId, s.paused?.reason]),
    ).toEqual([
      [READ_ONLY, { code: 'missing-permissions' }],
      [DELETED, { code: 'unknown-channel' }],
    ]);
    store.close();
  });

  it('pause a subscription whose digest Discord refuses as invalid (400, 50035), saying which field, and try it no more', async () => {
    const store = openDigestStore(':memory:');
    store.subscribe({ guildId: GUILD, channelId: DIGEST, frequency: 'daily', region: null, userId: 'u' }, new Date('2025-06-01T00:00:00Z'));
    const clock = { now: new Date('2025-06-02T09:00:05Z') };
    const route = `POST /channels/${DIGEST}/messages`;
    const invalid = {
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        embeds: { '0': { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] } } },
      },
    };
    const before = fake.requests.length;
    const attempts = () => fake.requests.slice(before).filter((r) => `${r.method} ${r.path}` === route).length;
    fake.failNext(route, 400, 1, { body: invalid });
    const log = memoryLog();
    const runner = startDigestRunner({
      store,
      now: () => clock.now,
      post: createRestPoster(rest),
      buildMessage: keyPoints,
      log: log.logger,
      intervalMs: 3_600_000,
    });
    const report = await runner.ready;

    const reason = {
      code: 'invalid-message',
      summary: 'Invalid Form Body',
      discordCode: 50035,
      fields: ['embeds[0].description[BASE_TYPE_MAX_LENGTH]: Must be 4096 or fewer in length.'],
    } as const;
    const words =
      'Discord refused the message as invalid (HTTP 400 Invalid Form Body, code 50035): embeds[0].description[BASE_TYPE_MAX_LENGTH]: Must be 4096 or fewer in length.';
    expect(report.paused).toEqual([{ channelId: DIGEST, reason }]);
    expect(store.list(GUILD)[0]?.paused?.reason).toEqual(reason);
    expect(pauseText(reason)).toBe(words);
    expect(store.sends(DIGEST)[0]).toMatchObject({ status: 'failed', attempts: 1, error: words });
    expect(log.matching({ level: 'warn', msg: /subscription paused/, channel: DIGEST, reason: /code 50035/ })).toHaveLength(1);

    // Within the retry window and at the next day's slot alike, the channel is left alone.
    for (const at of ['2025-06-02T09:01:05Z', '2025-06-02T09:02:05Z', '2025-06-03T09:00:05Z']) {
      clock.now = new Date(at);
      await runner.runDueDigests();
    }
    await runner.stop();
    expect(attempts()).toBe(1);
    store.close();
  });
});
