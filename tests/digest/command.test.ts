import { join } from 'node:path';
import { ApplicationCommandOptionType, ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/core/invocation.js';
import { definition, digest } from '../../commands/digest.js';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { startDigestRunner } from '../../src/digest/runner.js';
import { openDigestStore, type DigestStore } from '../../src/digest/store.js';
import { parseLine } from '../../src/console/parseLine.js';
import { charts, figures, isEphemeral, resolvingChannel, textOf, type Target } from '../helpers/app.js';
import { memoryLog } from '../support/logs.js';
import { UNKNOWN_CHANNEL, fakePost, keyPoints, tempDirs, writeVersion1Database } from './helpers.js';

const P = PermissionFlagsBits;
const MOD: Invocation = {
  userId: 'mod',
  guildId: 'g1',
  channelId: 'c0',
  memberPermissions: P.ViewChannel | P.SendMessages | P.ManageMessages,
};
const MEMBER: Invocation = { ...MOD, userId: 'member', memberPermissions: P.ViewChannel | P.SendMessages };
const DM: Invocation = { userId: 'mod', guildId: null, channelId: null, memberPermissions: null };

const stores: DigestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const newDir = tempDirs();

function setUp(now = new Date('2025-06-03T12:00:00Z'), databasePath = ':memory:') {
  const store = openDigestStore(databasePath);
  stores.push(store);
  const clock = { now };
  const app = createApp({ commands, figures: () => figures, charts, now: () => clock.now, digests: store });
  /** Types a line as the console would, and runs it through the same app Discord uses. */
  const ask = async (line: string, invocation: Invocation = MOD, target?: Target) => {
    const parsed = parseLine(line, app.definitions);
    if (!parsed.ok) throw new Error(parsed.error);
    return app.handle(parsed.name, parsed.options, resolvingChannel(invocation, parsed.options, target));
  };
  return { store, clock, app, ask };
}

describe('the /digest definition', () => {
  it('is for servers only, for members with Manage Messages, with subscribe, unsubscribe and list', () => {
    expect(definition.default_member_permissions).toBe('8192');
    expect(definition.dm_permission).toBe(false);
    expect(definition.contexts).toEqual([0]);
    expect(definition.options.map((o) => [o.name, o.type])).toEqual([
      ['subscribe', ApplicationCommandOptionType.Subcommand],
      ['unsubscribe', ApplicationCommandOptionType.Subcommand],
      ['list', ApplicationCommandOptionType.Subcommand],
    ]);
    const subscribe = definition.options[0]!;
    const channel = subscribe.options?.find((o) => o.name === 'channel');
    expect(channel).toMatchObject({
      type: ApplicationCommandOptionType.Channel,
      required: true,
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    });
    const every = subscribe.options?.find((o) => o.name === 'every') as { choices: { value: string }[] };
    expect(every.choices.map((c) => c.value)).toEqual(['daily', 'weekly', 'monthly']);
    // Regions come from the data, so they are autocompleted rather than fixed choices.
    expect(subscribe.options?.find((o) => o.name === 'region')).toMatchObject({ autocomplete: true, required: false });
    expect(commands).toContain(digest);
  });

  it('parses options arriving flat with the subcommand under "subcommand"', () => {
    const channel = '200000000000000123';
    expect(digest.args.parse({ subcommand: 'subscribe', channel, every: 'weekly' })).toEqual({
      subcommand: 'subscribe',
      channel,
      every: 'weekly',
    });
    expect(digest.args.safeParse({ subcommand: 'subscribe', channel, every: 'hourly' }).success).toBe(false);
    for (const notASnowflake of ['general', '0', '123', '1'.repeat(21)]) {
      expect(digest.args.safeParse({ subcommand: 'subscribe', channel: notASnowflake, every: 'daily' }).success, notASnowflake).toBe(false);
    }
    expect(digest.args.parse({ subcommand: 'list' })).toEqual({ subcommand: 'list' });
  });
});

describe('/digest subscribe', () => {
  it('stores the subscription and answers ephemerally with the channel, schedule and next post time', async () => {
    const { ask, store } = setUp();
    const outcome = await ask('/digest subscribe channel:<#200000000000000555> every:weekly region:central-asia');
    expect(outcome.kind).toBe('ok');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(outcome.result.data.allowed_mentions).toEqual({ parse: [] });
    const text = textOf(outcome.result);
    expect(text).toContain('Subscribed <#200000000000000555>');
    expect(text).toContain('Central Asia');
    expect(text).toContain('every Monday at 09:00 UTC');
    const monday = Date.UTC(2025, 5, 9, 9) / 1000;
    expect(text).toContain(`<t:${monday}:R>`);
    expect(store.list('g1')).toMatchObject([
      { channelId: '200000000000000555', frequency: 'weekly', region: 'central-asia', createdBy: 'mod' },
    ]);
  });

  it('updates the schedule when the same channel is subscribed again', async () => {
    const { ask, store } = setUp();
    await ask('/digest subscribe channel:200000000000000555 every:weekly');
    const again = await ask('/digest subscribe channel:200000000000000555 every:monthly');
    expect(textOf(again.result)).toContain('Updated <#200000000000000555>: now the key points for all regions, on the 1st of every month');
    expect(store.list('g1')).toHaveLength(1);
  });

  it('is refused without Manage Messages, ephemerally, naming the permission', async () => {
    const { ask, store } = setUp();
    for (const invocation of [MEMBER, { ...MEMBER, memberPermissions: null }]) {
      const outcome = await ask('/digest subscribe channel:200000000000000555 every:daily', invocation);
      expect(outcome.kind).toBe('user-error');
      expect(isEphemeral(outcome.result)).toBe(true);
      expect(textOf(outcome.result)).toContain('Manage Messages');
    }
    expect(store.list('g1')).toEqual([]);
  });

  it('is allowed for an administrator', async () => {
    const { ask } = setUp();
    expect((await ask('/digest list', { ...MEMBER, memberPermissions: PermissionFlagsBits.Administrator })).kind).toBe('ok');
  });

  it('is refused in a direct message: digests work in a server', async () => {
    const { ask } = setUp();
    for (const line of [
      '/digest subscribe channel:200000000000000555 every:daily',
      '/digest list',
      '/digest unsubscribe channel:200000000000000555',
    ]) {
      const outcome = await ask(line, DM);
      expect(outcome.kind).toBe('user-error');
      expect(isEphemeral(outcome.result)).toBe(true);
      expect(textOf(outcome.result)).toMatch(/works only in a server, not in direct messages/);
    }
  });

  it('says digests are not available when the bot has no database', async () => {
    const app = createApp({ commands, figures: () => figures, charts });
    const outcome = await app.handle('digest', { subcommand: 'list' }, MOD);
    expect(outcome.kind).toBe('user-error');
    expect(textOf(outcome.result)).toContain('not available');
  });
});

describe('/digest unsubscribe', () => {
  it("removes this server's subscription for the channel", async () => {
    const { ask, store } = setUp();
    await ask('/digest subscribe channel:200000000000000555 every:daily');
    const outcome = await ask('/digest unsubscribe channel:200000000000000555');
    expect(outcome.kind).toBe('ok');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(textOf(outcome.result)).toContain('Unsubscribed <#200000000000000555>');
    expect(store.list('g1')).toEqual([]);
  });

  it('says which channels have digests when the channel has none', async () => {
    const { ask } = setUp();
    await ask('/digest subscribe channel:200000000000000555 every:daily');
    const outcome = await ask('/digest unsubscribe channel:200000000000000777');
    expect(outcome.kind).toBe('user-error');
    expect(textOf(outcome.result)).toContain(
      'No digest is posted in <#200000000000000777>. Channels with digests here: <#200000000000000555>',
    );
  });

  it("cannot remove another server's subscription", async () => {
    const { ask, store } = setUp();
    await ask('/digest subscribe channel:200000000000000555 every:daily');
    const outcome = await ask('/digest unsubscribe channel:200000000000000555', { ...MOD, guildId: 'g2' });
    expect(outcome.kind).toBe('user-error');
    expect(store.list('g1')).toHaveLength(1);
  });
});

describe('/digest list', () => {
  it('shows each subscription of this server with its frequency, region and next post time', async () => {
    const { ask } = setUp();
    await ask('/digest subscribe channel:200000000000000555 every:daily');
    await ask('/digest subscribe channel:200000000000000666 every:monthly region:south-caucasus');
    await ask('/digest subscribe channel:200000000000000999 every:weekly', { ...MOD, guildId: 'g2' });
    const outcome = await ask('/digest list');
    expect(isEphemeral(outcome.result)).toBe(true);
    const text = textOf(outcome.result);
    expect(text).toContain(
      `<#200000000000000555>: daily, all regions: next <t:${Date.UTC(2025, 5, 4, 9) / 1000}:f> (<t:${Date.UTC(2025, 5, 4, 9) / 1000}:R>)`,
    );
    expect(text).toContain(`<#200000000000000666>: monthly, South Caucasus: next <t:${Date.UTC(2025, 6, 1, 9) / 1000}:f>`);
    expect(text).not.toContain('<#200000000000000999>');
  });

  it('says how to start when the server has none', async () => {
    const { ask } = setUp();
    expect(textOf((await ask('/digest list')).result)).toContain('No digests in this server yet');
  });

  it('shows a subscription paused on Unknown Channel, with why, and subscribing again resumes it', async () => {
    const { ask, store, clock } = setUp(new Date('2025-06-01T00:00:00Z'));
    await ask('/digest subscribe channel:200000000000000555 every:weekly');
    await ask('/digest subscribe channel:200000000000000666 every:weekly');
    const poster = fakePost();
    poster.answer('200000000000000555', UNKNOWN_CHANNEL);
    const runner = startDigestRunner({
      store,
      now: () => clock.now,
      post: poster.post,
      buildMessage: keyPoints,
      log: memoryLog().logger,
      intervalMs: 3_600_000,
    });
    await runner.ready;
    clock.now = new Date('2025-06-02T09:00:10Z');
    await runner.runDueDigests();
    await runner.stop();

    const list = textOf((await ask('/digest list')).result);
    expect(list).toContain('<#200000000000000555>: weekly, all regions: **paused: Unknown Channel (10003): the channel was deleted**');
    expect(list).toContain('<#200000000000000666>: weekly, all regions: next');
    expect(list).toContain('1 paused');

    const resumed = await ask('/digest subscribe channel:200000000000000555 every:weekly');
    expect(textOf(resumed.result)).toContain('Resumed <#200000000000000555> (it was paused: Unknown Channel (10003)');
    expect(textOf((await ask('/digest list')).result)).not.toContain('paused:');
  });
});

describe('/digest on a database from the release before pause codes', () => {
  it('lists its paused digests in the words that release showed, and resumes them the same way', async () => {
    const path = join(newDir(), 'bot.sqlite');
    writeVersion1Database(path, {
      '200000000000000555': 'Missing Access (50001): the bot cannot see the channel',
      '200000000000000666':
        'Discord refused the message as invalid (HTTP 400 Invalid Form Body, code 50035): embeds[0].title[BASE_TYPE_MAX_LENGTH]: Must be 256 or fewer in length.',
      '200000000000000777': 'the poster gave up: quota exceeded',
    });
    const { ask } = setUp(new Date('2025-06-10T00:00:00Z'), path);

    const list = textOf((await ask('/digest list')).result);
    expect(list).toContain(
      '<#200000000000000555>: weekly, all regions: **paused: Missing Access (50001): the bot cannot see the channel**',
    );
    expect(list).toContain(
      '<#200000000000000666>: weekly, all regions: **paused: Discord refused the message as invalid (HTTP 400 Invalid Form Body, code 50035): embeds[0].title[BASE_TYPE_MAX_LENGTH]: Must be 256 or fewer in length.**',
    );
    expect(list).toContain('<#200000000000000777>: weekly, all regions: **paused: the poster gave up: quota exceeded**');
    expect(list).toContain('3 paused');

    const resumed = await ask('/digest subscribe channel:200000000000000555 every:weekly');
    expect(textOf(resumed.result)).toContain(
      'Resumed <#200000000000000555> (it was paused: Missing Access (50001): the bot cannot see the channel)',
    );
  });
});

describe('/digest stays inside the server that asked', () => {
  const B = '200000000000000888';

  it("refuses to subscribe another server's channel, and stores nothing", async () => {
    const { ask, store } = setUp();
    const outcome = await ask(`/digest subscribe channel:${B} every:daily`, MOD, { guildId: 'g2' });
    expect(outcome.kind).toBe('user-error');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(textOf(outcome.result)).toContain('That channel is in another server');
    expect(store.list('g1')).toEqual([]);
    expect(store.list('g2')).toEqual([]);
  });

  it("never moves another server's subscription, even when asked about the same channel", async () => {
    const { ask, store } = setUp();
    await ask(`/digest subscribe channel:${B} every:weekly`, { ...MOD, guildId: 'g2' });
    for (const line of [`/digest subscribe channel:${B} every:daily`, `/digest unsubscribe channel:${B}`]) {
      expect((await ask(line, MOD, { guildId: 'g2' })).kind, line).toBe('user-error');
    }
    expect(store.list('g2')).toMatchObject([{ channelId: B, frequency: 'weekly', guildId: 'g2' }]);
    expect(textOf((await ask('/digest list')).result)).toContain('No digests in this server yet');
  });

  it('refuses a channel that Discord could not resolve for this interaction', async () => {
    const { app, store } = setUp();
    const outcome = await app.handle('digest', { subcommand: 'subscribe', channel: B, every: 'daily' }, MOD);
    expect(outcome.kind).toBe('user-error');
    expect(textOf(outcome.result)).toContain("I couldn't check that channel's permissions");
    expect(store.list('g1')).toEqual([]);
  });

  it('checks the permissions in the target channel, not where the command was typed', async () => {
    const { ask, store } = setUp();
    const hidden = await ask(`/digest subscribe channel:${B} every:daily`, MOD, { member: 0n });
    expect(textOf(hidden.result)).toContain(
      `Managing digests needs View Channel, Send Messages and Manage Messages in <#${B}>, and you don't have them there.`,
    );
    const noManage = await ask(`/digest unsubscribe channel:${B}`, MOD, { member: P.ViewChannel | P.SendMessages });
    expect(textOf(noManage.result)).toContain(`needs Manage Messages in <#${B}>, and you don't have it there.`);
    expect(store.list('g1')).toEqual([]);
  });

  it("names what the bot lacks in the target channel, and an administrator's Administrator bit is enough", async () => {
    const { ask, store } = setUp();
    const noEmbeds = await ask(`/digest subscribe channel:${B} every:daily`, MOD, { bot: P.ViewChannel | P.SendMessages });
    expect(textOf(noEmbeds.result)).toContain(`I need Embed Links in <#${B}> for that`);
    expect(store.list('g1')).toEqual([]);
    const admin = await ask(
      `/digest subscribe channel:${B} every:daily`,
      { ...MEMBER, memberPermissions: P.Administrator },
      { bot: P.Administrator },
    );
    expect(admin.kind).toBe('ok');
    expect(store.list('g1')).toHaveLength(1);
  });

  it('lists only for members with Manage Messages in the channel where it is asked', async () => {
    const { ask } = setUp();
    const outcome = await ask('/digest list', MEMBER);
    expect(textOf(outcome.result)).toContain("Managing digests needs Manage Messages in this channel, and you don't have it there.");
  });
});

describe('/digest with hostile options', () => {
  it('answers each with a private hint, never an internal error, and stores nothing', async () => {
    const { app, store } = setUp();
    const hostile: Record<string, string | number | boolean>[] = [
      {},
      { subcommand: '__proto__' },
      { subcommand: 'subscribe' },
      { subcommand: 'subscribe', channel: '@everyone', every: 'daily' },
      { subcommand: 'subscribe', channel: '<#12a>', every: 'daily' },
      { subcommand: 'subscribe', channel: 123, every: 'daily' },
      { subcommand: 'subscribe', channel: '1'.repeat(40), every: 'daily' },
      { subcommand: 'subscribe', channel: '200000000000000555', every: 'daily', region: 'antarctica' },
      { subcommand: 'unsubscribe', channel: true },
      { subcommand: 'list', extra: 'x'.repeat(5000) },
    ];
    for (const options of hostile) {
      const outcome = await app.handle('digest', options, resolvingChannel(MOD, options));
      if (options.subcommand === 'list') {
        expect(outcome.kind).toBe('ok');
        continue;
      }
      expect(outcome.kind, JSON.stringify(options)).toBe('user-error');
      expect(isEphemeral(outcome.result)).toBe(true);
      expect(outcome.result.data.allowed_mentions).toEqual({ parse: [] });
    }
    expect(store.list('g1')).toEqual([]);
  });

  it('caps a server at 25 digests, saying how to make room', async () => {
    const { app } = setUp();
    const subscribe = (channel: string, every: string) => {
      const options = { subcommand: 'subscribe', channel, every };
      return app.handle('digest', options, resolvingChannel(MOD, options));
    };
    for (let i = 0; i < 25; i++) {
      expect((await subscribe(String(200000000000001000n + BigInt(i)), 'daily')).kind).toBe('ok');
    }
    const full = await subscribe('200000000000002000', 'daily');
    expect(full.kind).toBe('user-error');
    expect(textOf(full.result)).toContain('/digest unsubscribe');
    // Changing an existing one still works.
    expect((await subscribe('200000000000001000', 'weekly')).kind).toBe('ok');
    const list = await app.handle('digest', { subcommand: 'list' }, MOD);
    expect(textOf(list.result)).toContain('Digests in this server (25)');
    expect(textOf(list.result)).not.toContain('Shortened');
  });
});
