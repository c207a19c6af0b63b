/**
 * "Figures updated" from an edit of data/ to a subscribed channel: the reloader (as src/main.ts
 * wires it) and the digest runner posting through discord.js REST to the fake Discord.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPointsMessage } from '../../commands/keypoints.js';
import { createRestPoster } from '../../src/digest/poster.js';
import { startDigestRunner } from '../../src/digest/runner.js';
import { openDigestStore } from '../../src/digest/store.js';
import { FiguresStore, createReloader } from '../../src/model/figuresStore.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';
import { memoryLog } from '../support/logs.js';
import { keyPoints } from './helpers.js';

const GUILD = '100000000000000001';
const DIGEST = '200000000000000002';

let fake: FakeDiscord;
let dir: string;
beforeAll(async () => {
  fake = await startFakeDiscord();
  dir = await mkdtemp(join(tmpdir(), 'figures-updated-'));
  await cp('data', dir, { recursive: true });
});
afterAll(async () => {
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A customs release for January–November 2026, as an analyst would add it: one new file with its source. */
const JAN_NOV_2026 = {
  about: 'Test release: China customs figures for January–November 2026 (made-up values, for the reload test only).',
  sources: [
    {
      id: 'test-release-2026-12',
      short: 'Test Release',
      publication: 'A test publication',
      title: 'China–Central Asia trade, January–November 2026',
      date: '2026-12-10',
      url: 'https://example.org/jan-nov-2026',
      reports: 'GACC, January–November 2026',
    },
  ],
  figures: ['kazakhstan', 'kyrgyzstan', 'uzbekistan', 'turkmenistan', 'tajikistan'].map((partner, i) => ({
    partner,
    period: 'Jan–Nov 2026',
    reporter: 'china',
    flow: 'total',
    usd: `${40 - i * 5}.1 bn`,
    sources: ['test-release-2026-12'],
  })),
};

async function edit(change: (text: string) => string) {
  const path = join(dir, 'figures', '2022-2024.json');
  await writeFile(path, change(await readFile(path, 'utf8')));
}

describe('an edit of data/ and its revert', () => {
  it('each reach a subscribed channel as a "Figures updated" post, with nonces of their own so Discord keeps both', async () => {
    const store = openDigestStore(':memory:');
    store.subscribe(
      { guildId: GUILD, channelId: DIGEST, frequency: 'weekly', region: null, userId: 'u' },
      new Date('2025-06-03T12:00:00Z'),
    );
    const runner = startDigestRunner({
      store,
      now: () => new Date('2025-06-03T12:00:00Z'), // one minute for both: what used to share a nonce
      post: createRestPoster(new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token)),
      buildMessage: keyPoints,
      log: memoryLog().logger,
      intervalMs: 3_600_000,
    });
    await runner.ready;
    const figures = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    const reloader = createReloader(figures, {
      settleMs: 10,
      onReloaded: async (result) => {
        if (result.ok && result.summary) await runner.announceFiguresUpdated(result.summary);
      },
    });
    const before = fake.requests.length;

    await edit((t) => t.replace('"usd": "15.9 bn"', '"usd": "15.95 bn"')); // a typo...
    reloader.request();
    await reloader.idle();
    await edit((t) => t.replace('"usd": "15.95 bn"', '"usd": "15.9 bn"')); // ...put right
    reloader.request();
    await reloader.idle();
    reloader.close();
    await runner.stop();
    store.close();

    const posts = fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path === `/channels/${DIGEST}/messages`);
    const bodies = posts.map((r) => r.body as { content: string; nonce: string; enforce_nonce: boolean });
    expect(bodies.map((b) => b.content.split('\n')[0])).toEqual([
      "**Figures updated:** Kazakhstan 2024 China's imports changed",
      "**Figures updated:** Kazakhstan 2024 China's imports changed",
    ]);
    expect(bodies.every((b) => b.enforce_nonce)).toBe(true);
    expect(bodies[0]!.nonce).not.toBe(bodies[1]!.nonce);
  });
});

describe('a reload that brings a new period', () => {
  it('posts, once, "Figures updated: Jan–Nov 2026 for five partners" and then each figure, to a subscribed channel', async () => {
    const store = openDigestStore(':memory:');
    store.subscribe(
      { guildId: GUILD, channelId: DIGEST, frequency: 'weekly', region: null, userId: 'u' },
      new Date('2026-12-01T12:00:00Z'),
    );
    const runner = startDigestRunner({
      store,
      now: () => new Date('2026-12-01T12:00:00Z'),
      post: createRestPoster(new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token)),
      buildMessage: keyPoints,
      log: memoryLog().logger,
      intervalMs: 3_600_000,
    });
    await runner.ready;
    const figures = new FiguresStore(await loadModel(dir), () => loadModel(dir));
    const reloader = createReloader(figures, {
      settleMs: 10,
      onReloaded: async (result) => {
        if (result.ok && result.summary) await runner.announceFiguresUpdated(result.summary);
      },
    });
    const before = fake.requests.length;

    // An editor saving the new file twice in quick succession is one settled change: one post.
    const path = join(dir, 'figures', '2026-jan-nov.json');
    await writeFile(path, JSON.stringify(JAN_NOV_2026, null, 2));
    reloader.request();
    await writeFile(path, JSON.stringify(JAN_NOV_2026, null, 2));
    reloader.request();
    await reloader.idle();
    reloader.close();
    await runner.stop();
    store.close();

    const posts = fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path === `/channels/${DIGEST}/messages`);
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as { content: string; enforce_nonce: boolean; nonce: string };
    expect(body.content.split('\n')[0]).toBe(
      '**Figures updated:** Jan–Nov 2026 for five partners. Kazakhstan Jan–Nov 2026 total added; Kyrgyzstan Jan–Nov 2026 total added; ' +
        'Uzbekistan Jan–Nov 2026 total added; Turkmenistan Jan–Nov 2026 total added; Tajikistan Jan–Nov 2026 total added',
    );
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce).toMatch(/^[\w-]{25}$/);
    // The new figures are in use, and the key points (the digest) say the part-year is there.
    expect(figures.current().model.partnerYear('kazakhstan', { year: 2026, first: 1, last: 11 })!.flows.total.value!.usd).toBe(40.1e9);
    expect(keyPointsMessage(figures.current(), 'central-asia').data.embeds![0]!.description).toContain(
      'Jan–Nov 2026 is also available: /keypoints region:central-asia period:"Jan-Nov 2026"',
    );
  });
});
