/**
 * Two servers share the bot. Through the real discord.js client, a member of one of them tries
 * to reach the other's channels, and channels of their own they may not use.
 */
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createApp } from '../../src/app/createApp.js';
import { createLinkService } from '../../src/charts/service.js';
import { openDigestStore, type DigestStore } from '../../src/digest/store.js';
import { loadModel } from '../../src/model/loadFiles.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import type { FakeGuild } from '../../tools/fake-discord/index.js';

const A: FakeGuild = {
  id: '100000000000000001',
  name: 'Trade Desk',
  channels: [
    { id: '200000000000000001', name: 'general' },
    { id: '200000000000000002', name: 'briefings' },
  ],
};
const B: FakeGuild = {
  id: '100000000000000002',
  name: 'Another Team',
  channels: [
    { id: '210000000000000001', name: 'general' },
    { id: '210000000000000002', name: 'their-briefings' },
  ],
};
const OURS = A.channels[1]!.id;
const THEIRS = B.channels[1]!.id;
/** A moderator of their own server: may post and manage messages everywhere they can see. */
const MODERATOR = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.UseApplicationCommands | P.ManageMessages;

let h: Harness;
let store: DigestStore;
beforeAll(async () => {
  store = openDigestStore(':memory:');
  const figures = await loadModel('data');
  const app = createApp({
    commands,
    figures: () => figures,
    charts: createLinkService({ quickchartUrl: 'https://quickchart.io' }),
    digests: store,
  });
  h = await startHarness({ app, fake: { guilds: [A, B] } });
});
afterAll(async () => {
  await h?.stop();
  store?.close();
});

const postsInto = (channelId: string) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

describe('a member of one server, aiming at another server', () => {
  it("cannot post key points into the other server's channel: a private refusal, nothing posted", async () => {
    const reply = await h.fake.interact({ name: 'keypoints', guildId: A.id, options: { channel: THEIRS }, memberPermissions: MODERATOR });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain('That channel is in another server');
    expect(reply.data.content).not.toContain('https://discord.com/channels/');
    expect(postsInto(THEIRS)).toEqual([]);
  });

  it("cannot subscribe the other server's channel, nor take over its subscription", async () => {
    const theirs = await h.fake.interact({
      name: 'digest',
      guildId: B.id,
      options: { subcommand: 'subscribe', channel: THEIRS, every: 'weekly' },
      memberPermissions: MODERATOR,
    });
    expect(theirs.data.content).toContain(`Subscribed <#${THEIRS}>`);

    const attempts: Record<string, string>[] = [
      { subcommand: 'subscribe', channel: THEIRS, every: 'daily' },
      { subcommand: 'unsubscribe', channel: THEIRS },
    ];
    for (const options of attempts) {
      const reply = await h.fake.interact({ name: 'digest', guildId: A.id, options, memberPermissions: MODERATOR });
      expect(reply.ephemeral).toBe(true);
      expect(reply.data.content, options.subcommand).toContain('That channel is in another server');
    }
    expect(store.list(A.id)).toEqual([]);
    expect(store.list(B.id)).toMatchObject([{ channelId: THEIRS, frequency: 'weekly' }]);

    const list = await h.fake.interact({ name: 'digest', guildId: B.id, options: { subcommand: 'list' }, memberPermissions: MODERATOR });
    expect(JSON.stringify(list.data.embeds)).toContain(`<#${THEIRS}>: weekly`);
    const ours = await h.fake.interact({ name: 'digest', guildId: A.id, options: { subcommand: 'list' }, memberPermissions: MODERATOR });
    expect(ours.data.content).toContain('No digests in this server yet');
  });
});

describe('a member of the server, in a channel of their own server they may not use', () => {
  it('cannot post into a channel they cannot see, though they manage messages where they typed', async () => {
    const reply = await h.fake.interact({
      name: 'keypoints',
      guildId: A.id,
      options: { channel: OURS },
      memberPermissions: MODERATOR,
      channelPermissions: { [OURS]: 0n },
    });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toBe(
      `Posting key points into a channel needs View Channel, Send Messages and Manage Messages in <#${OURS}>, and you don't have them there. Leave out channel to see them here.`,
    );
    expect(postsInto(OURS)).toEqual([]);
  });

  it('cannot subscribe it either, and nothing is stored', async () => {
    const reply = await h.fake.interact({
      name: 'digest',
      guildId: A.id,
      options: { subcommand: 'subscribe', channel: OURS, every: 'daily' },
      memberPermissions: MODERATOR,
      channelPermissions: { [OURS]: P.ViewChannel | P.SendMessages },
    });
    expect(reply.data.content).toContain(`Managing digests needs Manage Messages in <#${OURS}>`);
    expect(store.list(A.id)).toEqual([]);
  });

  it('may post there once they have the permissions in that channel', async () => {
    const reply = await h.fake.interact({
      name: 'keypoints',
      guildId: A.id,
      options: { channel: OURS },
      memberPermissions: P.ViewChannel,
      channelPermissions: { [OURS]: MODERATOR },
    });
    expect(reply.data.content).toContain(`Posted the key points in <#${OURS}>: https://discord.com/channels/${A.id}/${OURS}/`);
    expect(postsInto(OURS)).toHaveLength(1);
  });
});
