import { afterEach, describe, expect, it } from 'vitest';
import { startDigestRunner, slotNonce, type DigestRunner } from '../../src/digest/runner.js';
import { openDigestStore, type DigestStore } from '../../src/digest/store.js';
import { memoryLog } from '../support/logs.js';
import { UNKNOWN_CHANNEL, fakePost, keyPoints } from './helpers.js';

const t = (s: string) => new Date(s);
const runners: DigestRunner[] = [];
const stores: DigestStore[] = [];
const track = (store: DigestStore | undefined, runner: DigestRunner) => {
  if (store) stores.push(store);
  runners.push(runner);
};
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  for (const store of stores.splice(0)) store.close();
});

/** A runner on an in-memory store whose clock reads `clock.now`; the start-up pass has finished. */
async function setUp(startAt: string, extra: { shardFilter?: (guildId: string) => boolean } = {}) {
  const store = openDigestStore(':memory:');
  const clock = { now: t(startAt) };
  const poster = fakePost();
  const log = memoryLog();
  const built: (string | undefined)[] = [];
  const runner = startDigestRunner({
    store,
    now: () => clock.now,
    post: poster.post,
    buildMessage: (region) => {
      built.push(region);
      return keyPoints(region);
    },
    log: log.logger,
    intervalMs: 3_600_000,
    ...extra,
  });
  track(store, runner);
  await runner.ready;
  return { store, clock, poster, log, runner, built };
}

const weekly = (channelId: string, guildId = 'g1') => ({ guildId, channelId, frequency: 'weekly' as const, region: null, userId: 'u1' });

describe('the digest runner', () => {
  it('posts nothing before the first slot and posts the slot once it is due', async () => {
    const { store, clock, poster, runner } = await setUp('2025-06-03T12:00:00Z');
    store.subscribe({ ...weekly('c1'), region: 'central-asia' }, clock.now);
    expect((await runner.runDueDigests()).posted).toEqual([]);

    clock.now = t('2025-06-09T09:00:30Z');
    const report = await runner.runDueDigests();
    expect(report.posted.map((p) => [p.channelId, p.slot.toISOString()])).toEqual([['c1', '2025-06-09T09:00:00.000Z']]);
    expect(poster.calls[0]?.message.data.embeds?.[0]?.title).toBe('Key points: central-asia');
    expect(store.sends('c1')[0]).toMatchObject({ status: 'sent', messageId: 'msg-1' });
  });

  it('never posts the same slot twice, however often it wakes', async () => {
    const { store, clock, poster, runner } = await setUp('2025-06-01T00:00:00Z');
    store.subscribe(weekly('c1'), clock.now);
    clock.now = t('2025-06-02T09:00:00Z');
    for (let minute = 0; minute < 5; minute++) {
      clock.now = new Date(clock.now.getTime() + 60_000);
      await runner.runDueDigests();
    }
    await Promise.all([runner.runDueDigests(), runner.runDueDigests()]);
    expect(poster.calls).toHaveLength(1);
  });

  it('after downtime that missed several slots, posts once at start, for the latest slot only', async () => {
    const first = await setUp('2025-06-01T00:00:00Z');
    first.store.subscribe({ ...weekly('c1'), frequency: 'daily' }, first.clock.now);
    first.clock.now = t('2025-06-02T09:01:00Z');
    await first.runner.runDueDigests();
    expect(first.poster.calls).toHaveLength(1);

    // "Restart" five days later: a new runner on the same store wakes once at start.
    await first.runner.stop();
    const poster = fakePost();
    const runner = startDigestRunner({
      store: first.store,
      now: () => t('2025-06-07T15:00:00Z'),
      post: poster.post,
      buildMessage: keyPoints,
      log: memoryLog().logger,
      intervalMs: 3_600_000,
    });
    track(undefined, runner);
    const report = await runner.ready;
    expect(report.posted.map((p) => p.slot.toISOString())).toEqual(['2025-06-07T09:00:00.000Z']);
    expect(poster.calls).toHaveLength(1);
    expect((await runner.runDueDigests()).posted).toEqual([]);
  });

  it('sends one nonce per slot with every attempt, so Discord can drop a repeat', async () => {
    const { store, clock, poster, runner } = await setUp('2025-06-01T00:00:00Z');
    store.subscribe(weekly('c1'), clock.now);
    poster.answer('c1', { ok: false, permanent: false, reason: '503 Service Unavailable' });
    clock.now = t('2025-06-02T09:00:00Z');
    await runner.runDueDigests();
    poster.answer('c1', { ok: true, messageId: 'm' });
    clock.now = t('2025-06-02T09:01:00Z');
    const report = await runner.runDueDigests();
    expect(report.posted).toHaveLength(1);
    const nonces = poster.calls.map((c) => c.options?.nonce);
    expect(nonces).toEqual([slotNonce('c1', t('2025-06-02T09:00:00Z')), slotNonce('c1', t('2025-06-02T09:00:00Z'))]);
    expect(nonces[0]!.length).toBeLessThanOrEqual(25);
    expect(store.sends('c1')[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up on a slot after three temporary failures and posts the next slot', async () => {
    const { store, clock, poster, runner } = await setUp('2025-06-01T00:00:00Z');
    store.subscribe(weekly('c1'), clock.now);
    poster.answer('c1', 'throw');
    for (const minute of ['00', '01', '02', '03', '04']) {
      clock.now = t(`2025-06-02T09:${minute}:00Z`);
      await runner.runDueDigests();
    }
    expect(poster.calls).toHaveLength(3);
    expect(store.sends('c1')[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(store.active()).toHaveLength(1);

    poster.answer('c1', { ok: true, messageId: 'm' });
    clock.now = t('2025-06-09T09:00:00Z');
    expect((await runner.runDueDigests()).posted).toHaveLength(1);
  });

  it('pauses a subscription whose channel is gone, logs why, and does not try it again', async () => {
    const { store, clock, poster, log, runner } = await setUp('2025-06-01T00:00:00Z');
    store.subscribe(weekly('gone'), clock.now);
    store.subscribe(weekly('fine'), clock.now);
    poster.answer('gone', UNKNOWN_CHANNEL);
    clock.now = t('2025-06-02T09:00:00Z');
    const report = await runner.runDueDigests();
    expect(report.paused).toEqual([{ channelId: 'gone', reason: UNKNOWN_CHANNEL.reason }]);
    expect(report.posted.map((p) => p.channelId)).toEqual(['fine']);
    expect(store.byChannel('gone')?.paused?.reason).toEqual(UNKNOWN_CHANNEL.reason);
    expect(log.matching({ level: 'warn', msg: /subscription paused/, channel: 'gone', code: UNKNOWN_CHANNEL.reason.code })).toHaveLength(1);

    clock.now = t('2025-06-09T09:00:00Z');
    await runner.runDueDigests();
    expect(poster.calls.filter((c) => c.channelId === 'gone')).toHaveLength(1);
    expect(poster.calls.filter((c) => c.channelId === 'fine')).toHaveLength(2);
  });

  it('does not use up a slot when the message cannot be built', async () => {
    const store = openDigestStore(':memory:');
    store.subscribe(weekly('c1'), t('2025-06-01T00:00:00Z'));
    let broken = true;
    const poster = fakePost();
    const runner = startDigestRunner({
      store,
      now: () => t('2025-06-02T09:00:00Z'),
      post: poster.post,
      buildMessage: (region) => {
        if (broken) throw new Error('figures are reloading');
        return keyPoints(region);
      },
      log: memoryLog().logger,
      intervalMs: 3_600_000,
    });
    track(store, runner);
    expect((await runner.ready).failed[0]?.reason).toMatch(/could not build/);
    expect(poster.calls).toHaveLength(0);
    broken = false;
    expect((await runner.runDueDigests()).posted).toHaveLength(1);
  });

  it('posts only the guilds its shard filter accepts', async () => {
    const { store, clock, poster, runner } = await setUp('2025-06-01T00:00:00Z', { shardFilter: (g) => g === 'mine' });
    store.subscribe(weekly('c-mine', 'mine'), clock.now);
    store.subscribe(weekly('c-other', 'other'), clock.now);
    clock.now = t('2025-06-02T09:00:00Z');
    await runner.runDueDigests();
    expect(poster.calls.map((c) => c.channelId)).toEqual(['c-mine']);
    expect(store.sends('c-other')).toEqual([]);
  });

  it('builds each region message once per pass', async () => {
    const { store, clock, runner, built } = await setUp('2025-06-01T00:00:00Z');
    for (const c of ['a', 'b', 'c']) store.subscribe(weekly(c), clock.now);
    store.subscribe({ ...weekly('d'), region: 'south-caucasus' }, clock.now);
    clock.now = t('2025-06-02T09:00:00Z');
    await runner.runDueDigests();
    expect(built.sort()).toEqual(['south-caucasus', undefined]);
  });
});

describe('the figures-updated announcement', () => {
  it('posts once to every active subscribed channel, skips paused ones, and pauses channels that are gone', async () => {
    const { store, clock, poster, runner } = await setUp('2025-06-01T00:00:00Z');
    store.subscribe(weekly('a'), clock.now);
    store.subscribe({ ...weekly('b'), frequency: 'daily' }, clock.now);
    const { subscription } = store.subscribe(weekly('paused'), clock.now);
    store.pause(subscription.id, { code: 'missing-access' }, clock.now);
    store.subscribe(weekly('gone'), clock.now);
    poster.answer('gone', UNKNOWN_CHANNEL);

    const report = await runner.announceFiguresUpdated('2025 figures for Kazakhstan and Georgia');
    expect([...report.posted].sort()).toEqual(['a', 'b']);
    expect(report.paused.map((p) => p.channelId)).toEqual(['gone']);
    expect(poster.calls.map((c) => c.channelId).sort()).toEqual(['a', 'b', 'gone']);
    expect(poster.calls[0]?.message.data.content).toContain('Figures updated:** 2025 figures for Kazakhstan and Georgia');
    expect(store.byChannel('gone')?.paused).not.toBeNull();
  });

  it('posts a typo and its revert within the same minute with nonces of their own, so Discord drops neither', async () => {
    const { store, clock, poster, runner } = await setUp('2025-06-03T12:00:00Z');
    store.subscribe(weekly('a'), clock.now);
    store.subscribe(weekly('b'), clock.now);
    const summary = "Kazakhstan 2024 China's imports changed";
    await runner.announceFiguresUpdated(summary); // the typo
    clock.now = t('2025-06-03T12:00:20Z');
    await runner.announceFiguresUpdated(summary); // put right twenty seconds later: the same summary
    const nonces = poster.calls.map((c) => c.options?.nonce);
    expect(poster.calls.map((c) => c.channelId)).toEqual(['a', 'b', 'a', 'b']);
    expect(new Set(nonces).size, nonces.join(' ')).toBe(4);
    for (const nonce of nonces) expect(nonce?.length).toBeLessThanOrEqual(25);
  });
});
