import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import type { App } from '../../src/app/types.js';
import { openDigestStore } from '../../src/digest/store.js';
import { charts, figures } from '../helpers/app.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import type { FakeReply } from '../../tools/fake-discord/index.js';
import { realApp } from '../support/realApp.js';
import { gate, scriptedApp } from '../support/scriptedApp.js';

/** The real app, except that /trade country:explode throws out of handle (breaking its contract). */
function withExplodingHandler(app: App): App {
  return {
    definitions: app.definitions,
    autocomplete: (...args) => app.autocomplete(...args),
    handle: async (name, options, invocation) => {
      if (options.country === 'explode') throw new Error('exploded on purpose');
      return app.handle(name, options, invocation);
    },
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ app: withExplodingHandler(realApp()) });
});
afterAll(async () => {
  await h?.stop();
});

const COUNTRIES = ['kazakhstan', 'kyrgyzstan', 'uzbekistan', 'turkmenistan', 'tajikistan', 'azerbaijan', 'georgia', 'armenia'];
/** The latest full year with figures for each: what /trade answers unless asked. */
const LATEST: Record<string, number> = { ...Object.fromEntries(COUNTRIES.map((c) => [c, 2025])), georgia: 2024, armenia: 2024 };
const titleOf = (r: FakeReply) => String((r.data.embeds as any[] | undefined)?.[0]?.title ?? r.data.content);
const visible = (id: string) => h.fake.responsesTo(id).filter((r) => r.kind !== 'delete' && !(r.kind === 'callback' && r.type === 5));

describe('through a gateway disconnect', () => {
  it('answers every interaction sent before, during and after the fake closes the gateway with 4000', async () => {
    const identifiesBefore = h.fake.identifies;
    const resumesBefore = h.fake.resumes;
    const sent: { id: string; country: string; reply: Promise<FakeReply> }[] = [];
    const burst = (n: number) => {
      for (let i = 0; i < n; i++) {
        const country = COUNTRIES[sent.length % COUNTRIES.length]!;
        sent.push({ country, ...h.fake.send({ name: 'trade', options: { country } }) });
      }
    };

    burst(12);
    await sent[5]!.reply; // the stream is flowing
    await h.fake.closeGateway(4000);
    burst(12); // dispatched while the bot is disconnected: Discord holds them for the resume
    await h.fake.waitForResume(resumesBefore + 1);
    burst(12);

    const replies = await Promise.all(sent.map((s) => s.reply));
    replies.forEach((reply, i) => {
      const name = sent[i]!.country.replace(/^./, (c) => c.toUpperCase());
      expect(titleOf(reply)).toBe(`China–${name} trade, ${LATEST[sent[i]!.country]}`);
      expect(visible(sent[i]!.id)).toHaveLength(1);
    });
    // Resumed, not logged in again; and no interaction was answered twice.
    expect(h.fake.identifies).toBe(identifiesBefore);
    expect(h.fake.resumes).toBe(resumesBefore + 1);
    const resumed = await h.waitForRecord({ level: 'info', msg: 'gateway resumed', shard: 0, replayed: expect.any(Number) });
    // The twelve sent while disconnected reached the bot as replayed events.
    expect(resumed.replayed).toBeGreaterThanOrEqual(12);
    expect(h.fake.requests.filter((r) => r.status === 400)).toEqual([]);
  });
});

describe('through Discord refusing or failing requests', () => {
  it('still delivers every reply when the first callbacks get 429 (with Retry-After) and 500', async () => {
    h.fake.failNext('/callback', 429, 3, { retryAfter: 0.1 });
    h.fake.failNext('/callback', 500, 3);
    const sent = COUNTRIES.slice(0, 6).map((country) => ({ country, ...h.fake.send({ name: 'trade', options: { country } }) }));
    const replies = await Promise.all(sent.map((s) => s.reply));
    replies.forEach((r, i) => expect(titleOf(r)).toContain(sent[i]!.country.replace(/^./, (c) => c.toUpperCase())));
    const injected = h.fake.requests.filter((r) => r.injected && r.path.endsWith('/callback'));
    expect(injected.map((r) => r.status).sort()).toEqual([429, 429, 429, 500, 500, 500]);
    for (const s of sent) expect(visible(s.id)).toHaveLength(1);
    await h.waitForRecord({ level: 'warn', msg: 'rate limited by Discord; waiting', route: '/interactions/:id/:token/callback' });
    await h.waitForRecord({ level: 'warn', msg: 'Discord answered with a server error; retrying', status: 500 });
  });

  it('still delivers an edit of a deferred reply through 429 and 502 on the webhook', async () => {
    const attach = await startHarness({ app: realApp('attach') });
    try {
      attach.fake.failNext(/^PATCH \/webhooks\//, 429, 1, { retryAfter: 0.1 });
      attach.fake.failNext(/^PATCH \/webhooks\//, 502, 1);
      const reply = await attach.fake.interact({ name: 'trade', options: { country: 'georgia' } });
      expect(reply.via).toBe('edit');
      expect(titleOf(reply)).toBe('China–Georgia trade, 2024');
      expect(attach.fake.requests.filter((r) => r.injected).map((r) => r.status)).toEqual([429, 502]);
    } finally {
      await attach.stop();
    }
  });

  it('logs the reason when the retries run out, and answers with an apology', async () => {
    // Four 500s: the first attempt and all three retries fail.
    h.fake.failNext('/callback', 500, 4);
    const reply = await h.fake.interact({ name: 'trade', options: { country: 'armenia' } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toMatch(/^Sorry, something went wrong on my side/);
    await h.waitForRecord({
      level: 'error',
      msg: 'could not answer',
      command: 'trade',
      status: 500,
      reason: 'Internal Server Error',
      request: /^POST \/interactions\/\d+\/\[token\]\/callback$/,
    });
  });
});

describe('through a handler that throws', () => {
  it('answers with a private apology, logs the stack, and answers the next interaction', async () => {
    const reply = await h.fake.interact({ name: 'trade', options: { country: 'explode' } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toMatch(/^Sorry, something went wrong on my side/);
    expect(reply.data.content).not.toContain('exploded');
    await h.waitForRecord({
      level: 'error',
      msg: 'command failed',
      command: 'trade',
      err: { message: 'exploded on purpose', stack: /^Error: exploded on purpose\n\s+at / },
    });
    const next = await h.fake.interact({ name: 'trade', options: { country: 'kazakhstan' } });
    expect(titleOf(next)).toBe('China–Kazakhstan trade, 2025');
  });
});

describe('stopping', () => {
  it('finishes the interactions in flight, then closes the gateway cleanly', async () => {
    const app = scriptedApp();
    let onStopCalls = 0;
    const own = await startHarness({ app, deferAfterMs: 50, onStop: () => void onStopCalls++ });
    const pending = own.fake.send({ name: 'slow' });
    await own.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${pending.id}/`) && (r.body as any)?.type === 5);
    const stopped = own.bot.stop('test');
    await own.waitForRecord({ level: 'info', msg: 'stopping', reason: 'test', inFlight: 1 });
    app.slowGate.open();
    await stopped;
    expect((await pending.reply).data.content).toBe('Worth the wait.');
    expect(own.bot.client.isReady()).toBe(false);
    await own.waitForRecord({ level: 'info', msg: 'stopped' });
    await own.fake.stop();
    // Stopping twice is harmless.
    await own.bot.stop('again');
    expect(onStopCalls).toBe(1);
  });
});

/** The records that mention `text` anywhere: a setting should be named by exactly one. */
const naming = (harness: Harness, text: string) => harness.records.filter((r) => JSON.stringify(r).includes(text));

describe('when Discord no longer accepts the bot token', () => {
  it('stops cleanly with exit code 1 and one line naming DISCORD_TOKEN after a 401 on a channel post', async () => {
    let onStopCalls = 0;
    const own = await startHarness({ app: scriptedApp(), onStop: () => void onStopCalls++ });
    try {
      const channel = own.fake.guilds[0]!.channels[1]!;
      own.fake.failNext(`POST /channels/${channel.id}/messages`, 401, 1, { body: { message: '401: Unauthorized', code: 0 } });
      const reply = await own.fake.interact({ name: 'post', options: { channel: channel.id } });
      expect(reply.ephemeral).toBe(true);
      expect(reply.data.content).toBe(
        `I couldn't post in <#${channel.id}>: Discord no longer accepts my login, so I am stopping until my token is fixed.`,
      );
      await expect(own.bot.stopped).resolves.toEqual({ reason: 'Discord refused the bot token', exitCode: 1 });
      expect(onStopCalls).toBe(1);
      expect(own.bot.client.isReady()).toBe(false);
      expect(naming(own, 'DISCORD_TOKEN')).toEqual([
        {
          level: 'error',
          time: expect.any(Number),
          msg: 'Discord refused the bot token; stopping',
          request: 'POST /channels/:id/messages',
          hint: 'check DISCORD_TOKEN (Developer Portal > your application > Bot > Reset Token)',
        },
      ]);
      // No stack: nothing logged an error object.
      expect(own.records.filter((r) => r.err !== undefined)).toEqual([]);
    } finally {
      await own.stop();
    }
  });

  it('stops cleanly with exit code 1 and one line naming DISCORD_TOKEN when the gateway closes with 4004', async () => {
    let onStopCalls = 0;
    const own = await startHarness({ app: scriptedApp(), onStop: () => void onStopCalls++ });
    try {
      await own.fake.closeGateway(4004);
      await expect(own.bot.stopped).resolves.toEqual({ reason: 'the gateway refused the bot token', exitCode: 1 });
      expect(onStopCalls).toBe(1);
      expect(naming(own, 'DISCORD_TOKEN')).toEqual([
        expect.objectContaining({
          level: 'error',
          msg: 'the gateway refused the bot token (close code 4004); stopping',
          shard: 0,
          hint: expect.stringMatching(/^check DISCORD_TOKEN/),
        }),
      ]);
    } finally {
      await own.stop();
    }
  });
});

describe('stopping while interactions keep arriving', () => {
  it('answers them privately with "restarting", and closes the database only after the last reply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trade-bot-drain-'));
    const store = openDigestStore(join(dir, 'bot.sqlite'));
    const real = createApp({ commands, figures: () => figures, charts, digests: store });
    const slowGate = gate();
    const app: App = {
      definitions: real.definitions,
      autocomplete: (...args) => real.autocomplete(...args),
      handle: async (name, options, invocation) => {
        if (name !== 'slow') return real.handle(name, options, invocation);
        await slowGate.promise;
        return real.handle('digest', { subcommand: 'list' }, invocation);
      },
    };
    const order: string[] = [];
    let slowId = '';
    const own = await startHarness({
      app,
      deferAfterMs: 50,
      onStopping: () => void order.push('digests stopped'),
      onStop: () => {
        order.push(
          `database closed after ${own.fake
            .responsesTo(slowId)
            .map((r) => r.kind)
            .join('+')}`,
        );
        store.close();
      },
    });
    try {
      const mod = 0x2000n | 0x400n | 0x800n;
      const slow = own.fake.send({ name: 'slow', memberPermissions: mod });
      slowId = slow.id;
      await own.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${slow.id}/`) && (r.body as any)?.type === 5);
      const stopped = own.bot.stop('SIGTERM');
      await own.waitForRecord({ level: 'info', msg: 'stopping', reason: 'SIGTERM', inFlight: 1 });

      const during = await own.fake.interact({ name: 'digest', options: { subcommand: 'list' }, memberPermissions: mod });
      expect(during).toMatchObject({ via: 'callback' });
      expect(during.ephemeral).toBe(true);
      expect(during.data.flags).toBe(64);
      expect(during.data.content).toBe("I'm restarting just now. Please try again in a minute.");
      expect(await own.fake.autocomplete({ name: 'trade', options: { country: 'ka' }, focused: 'country' })).toEqual([]);

      slowGate.open();
      await stopped;
      expect((await slow.reply).data.content).toMatch(/No digests in this server yet/);
      expect(order).toEqual(['digests stopped', 'database closed after callback+delete+followup']);
      expect(own.recordsMatching({ level: 'error' })).toEqual([]);
    } finally {
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
