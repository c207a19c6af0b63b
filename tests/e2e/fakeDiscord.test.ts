/** The fake Discord itself: enough of the protocol for the real client, and honest about failures. */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../tools/fake-discord/index.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  await fake?.stop();
  client = fake = undefined;
});

async function connect(options: Parameters<typeof startFakeDiscord>[0] = {}, token?: string) {
  fake = await startFakeDiscord(options);
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, allowedMentions: { parse: [] } });
  client.on(Events.InteractionCreate, async (i) => {
    if (i.isChatInputCommand()) await i.reply({ content: `pong ${i.options.getString('n') ?? ''}`.trim() });
  });
  const ready = once(client, Events.ClientReady);
  await client.login(token ?? fake.token);
  await ready;
  return { fake, client };
}

describe('the fake Discord', () => {
  it('gives the client its guilds, channels and roles, so permissions can be computed', async () => {
    const { fake, client } = await connect();
    const guild = client.guilds.cache.get(fake.guilds[0]!.id)!;
    expect(guild.channels.cache.size).toBe(fake.guilds[0]!.channels.length);
    const readOnly = guild.channels.cache.find((c) => c.name === 'read-only')!;
    const general = guild.channels.cache.find((c) => c.name === 'general')!;
    const me = guild.members.me!;
    expect(general.permissionsFor(me)?.has(['SendMessages', 'EmbedLinks'])).toBe(true);
    expect(readOnly.permissionsFor(me)?.has('SendMessages')).toBe(false);
    expect(client.application!.id).toBe(fake.applicationId);
  });

  it('acknowledges heartbeats, so the session lives on', async () => {
    const { fake } = await connect({ heartbeatIntervalMs: 50 });
    await fake.waitForHeartbeats(5);
    expect(fake.identifies).toBe(1);
    expect(fake.resumes).toBe(0);
    expect((await fake.interact({ name: 'ping' })).data.content).toBe('pong');
  });

  it('makes the client identify anew after a normal close (1000), and then delivers interactions', async () => {
    const { fake } = await connect();
    await fake.closeGateway(1000);
    await fake.waitForIdentify(2);
    expect((await fake.interact({ name: 'ping', options: { n: 'again' } })).data.content).toBe('pong again');
  });

  it('refuses a wrong token as Discord does (401 on /gateway/bot)', async () => {
    await expect(connect({}, 'MTExMTExMTExMTExMTExMTEx.GwRong.wrong-token-wrong-token-wrong-token-xx')).rejects.toThrow(/invalid token/i);
    expect(fake!.requests.at(-1)).toMatchObject({ path: '/gateway/bot', status: 401, auth: 'wrong' });
  });

  it('refuses a second answer to the same interaction (40060)', async () => {
    const { fake, client } = await connect();
    client.removeAllListeners(Events.InteractionCreate);
    let refused!: (e: unknown) => void;
    const second = new Promise<unknown>((r) => (refused = r));
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'one' });
      (i as unknown as { replied: boolean }).replied = false; // pretend we forgot
      await i.reply({ content: 'two' }).then(() => refused('accepted'), refused);
    });
    const reply = await fake.interact({ name: 'ping' });
    expect(reply.data.content).toBe('one');
    expect(String(await second)).toContain('Interaction has already been acknowledged');
  });

  it("refuses a message over Discord's limits (50035)", async () => {
    const { fake, client } = await connect();
    client.removeAllListeners(Events.InteractionCreate);
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'x'.repeat(2001) }).catch(() => i.reply({ content: 'fallback' }));
    });
    expect((await fake.interact({ name: 'ping' })).data.content).toBe('fallback');
    expect(fake.requests.find((r) => r.status === 400)).toBeDefined();
  });
});
