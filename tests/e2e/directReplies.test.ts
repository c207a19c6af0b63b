import { Events, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/botHarness.js';
import { realApp } from '../support/realApp.js';
import { scriptedApp } from '../support/scriptedApp.js';
import type { RecordedRequest } from '../../tools/fake-discord/http.js';

// One bot answering first replies with direct callbacks (the default), one through discord.js's
// interaction.reply(), as every reply went before: what Discord receives must not differ.
let direct: Harness;
let viaDiscordJs: Harness;
beforeAll(async () => {
  [direct, viaDiscordJs] = await Promise.all([startHarness({ app: realApp() }), startHarness({ app: realApp(), directReplies: false })]);
});
afterAll(async () => {
  await Promise.all([direct?.stop(), viaDiscordJs?.stop()]);
});

/** The interaction callback the bot sent for one command, as the fake received it. */
async function callbackFor(h: Harness, name: string, options: Record<string, string>): Promise<RecordedRequest> {
  const { id, reply } = h.fake.send({ name, options });
  await reply;
  const callbacks = h.fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`));
  expect(callbacks).toHaveLength(1);
  return callbacks[0]!;
}

const COMMANDS: [string, string, Record<string, string>][] = [
  ['/trade kazakhstan', 'trade', { country: 'kazakhstan' }],
  ['/compare kazakhstan georgia', 'compare', { first: 'kazakhstan', second: 'georgia' }],
  ['/trade with an unknown country (a private refusal)', 'trade', { country: 'atlantis' }],
];

describe('a first reply sent as a direct interaction callback', () => {
  it.each(COMMANDS)('gives Discord the same JSON as discord.js would for %s', async (_label, name, options) => {
    const sent = await callbackFor(direct, name, options);
    const before = await callbackFor(viaDiscordJs, name, options);
    expect(sent.body).toEqual(before.body);
    expect(sent.query).toEqual(before.query);
    expect({ auth: sent.auth, multipart: sent.multipart }).toEqual({ auth: before.auth, multipart: before.multipart });
  });

  it('gives the same JSON again when the reply comes from the cache', async () => {
    const first = await callbackFor(direct, 'compare', { first: 'kazakhstan', second: 'georgia' });
    const again = await callbackFor(direct, 'compare', { first: 'kazakhstan', second: 'georgia' });
    expect(again.body).toEqual(first.body);
    expect((again.body as any).data.embeds[0].image.url).toMatch(/^https:\/\/quickchart\.io\/chart\?/);
  });

  it('keeps a refusal private, with flags 64', async () => {
    const answer = await direct.fake.interact({ name: 'trade', options: { country: 'atlantis' } });
    expect(answer.via).toBe('callback');
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.flags).toBe(64);
    expect(answer.data.content).toMatch(/atlantis/i);
  });
});

describe('the interaction after a direct callback', () => {
  let h: Harness;
  let latest: ChatInputCommandInteraction | undefined;
  beforeAll(async () => {
    h = await startHarness({ app: scriptedApp() });
    // Registered after the bot's own handler: it sees the interaction once the bot has answered.
    h.bot.client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (interaction.isChatInputCommand()) latest = interaction;
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("is marked replied, as discord.js's reply() leaves it, so its follow-ups and edits work", async () => {
    const since = h.records.length;
    const { id, reply } = h.fake.send({ name: 'echo', options: { text: 'first' } });
    expect((await reply).via).toBe('callback');
    // The callback reaches Discord before the bot reads its answer: its last line comes after.
    await h.waitForRecord({ msg: 'interaction', command: 'echo' }, { since });
    const interaction = latest!;
    expect(interaction.id).toBe(id);
    expect({ replied: interaction.replied, deferred: interaction.deferred, ephemeral: interaction.ephemeral }).toEqual({
      replied: true,
      deferred: false,
      ephemeral: false,
    });
    await interaction.followUp({ content: 'and one more thing' });
    await interaction.editReply({ content: 'first, edited' });
    expect(h.fake.responsesTo(id).map((r) => [r.kind, r.data?.content])).toEqual([
      ['callback', 'You said: first'],
      ['followup', 'and one more thing'],
      ['edit', 'first, edited'],
    ]);
  });

  it('is marked private after a private reply', async () => {
    const since = h.records.length;
    const answer = await h.fake.interact({ name: 'private' });
    expect(answer.ephemeral).toBe(true);
    await h.waitForRecord({ msg: 'interaction', command: 'private' }, { since });
    expect(latest!.ephemeral).toBe(true);
  });
});
