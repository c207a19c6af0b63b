import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageBodies, startHarness, type Harness } from '../support/botHarness.js';
import { gate, scriptedApp, type ScriptedApp } from '../support/scriptedApp.js';

let h: Harness;
let app: ScriptedApp;

beforeAll(async () => {
  app = scriptedApp();
  // A short deferral threshold keeps the slow cases quick; the tests wait on events, not time.
  h = await startHarness({ app, deferAfterMs: 50 });
});
afterAll(async () => {
  await h?.stop();
});

const callbacksOf = (id: string) => h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));

describe('the dispatcher, through the real discord.js client', () => {
  it('answers a command with the app reply, mentions off, in one callback', async () => {
    const { id, reply } = h.fake.send({ name: 'echo', options: { text: 'hello' } });
    const answer = await reply;
    expect(answer.via).toBe('callback');
    expect(answer.ephemeral).toBe(false);
    expect(answer.data.content).toBe('You said: hello');
    expect(answer.data.allowed_mentions).toEqual({ parse: [] });
    expect(h.fake.responsesTo(id)).toHaveLength(1);
  });

  it('hands the app flat options and who asked, in a guild and in a DM', async () => {
    await h.fake.interact({ name: 'echo', options: { text: 'guild' } });
    await h.fake.interact({ name: 'echo', options: { text: 'dm' }, guild: false });
    const [inGuild, inDm] = app.calls.filter((c) => c.name === 'echo').slice(-2);
    expect({ ...inGuild!.options }).toEqual({ text: 'guild' });
    expect(inGuild!.invocation.guildId).toBe(h.fake.guilds[0]!.id);
    expect(typeof inGuild!.invocation.memberPermissions).toBe('bigint');
    expect(inDm!.invocation.guildId).toBeNull();
    expect(inDm!.invocation.memberPermissions).toBeNull();
    expect(inDm!.invocation.userId).toMatch(/^\d+$/);
  });

  it('puts a subcommand under `subcommand`', async () => {
    await h.fake.interact({ name: 'echo', options: { subcommand: 'loud', text: 'hi' } });
    expect({ ...app.calls.at(-1)!.options }).toEqual({ subcommand: 'loud', text: 'hi' });
  });

  it('sends a private reply with flags 64, never the deprecated `ephemeral` key', async () => {
    const answer = await h.fake.interact({ name: 'private' });
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.flags).toBe(64);
    expect(answer.data).not.toHaveProperty('ephemeral');
  });

  it('answers an unknown command', async () => {
    const answer = await h.fake.interact({ name: 'no-such-command' });
    expect(answer.data.content).toContain("I don't know /no-such-command");
    expect(answer.ephemeral).toBe(true);
  });

  it('defers a slow command, then edits the deferred reply with the answer', async () => {
    app.slowGate = gate();
    const { id, reply } = h.fake.send({ name: 'slow' });
    // The command is still waiting: the only way to answer in time is to defer.
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && (r.body as any)?.type === 5);
    app.slowGate.open();
    const answer = await reply;
    expect(answer).toMatchObject({ via: 'edit', deferred: true, ephemeral: false });
    expect(answer.data.content).toBe('Worth the wait.');
    expect(answer.data.allowed_mentions).toEqual({ parse: [] });
    expect(h.fake.responsesTo(id).map((r) => r.kind)).toEqual(['callback', 'edit']);
  });

  it('turns a slow private answer into a private follow-up, removing the public "thinking" message', async () => {
    app.slowGate = gate();
    const { id, reply } = h.fake.send({ name: 'slow-private' });
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && (r.body as any)?.type === 5);
    app.slowGate.open();
    const answer = await reply;
    expect(answer.via).toBe('followup');
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toBe('A private answer, late.');
    expect(h.fake.responsesTo(id).map((r) => r.kind)).toEqual(['callback', 'delete', 'followup']);
  });

  it('uploads files as attachments after deferring', async () => {
    const { id, reply } = h.fake.send({ name: 'chart' });
    const answer = await reply;
    expect(answer.via).toBe('edit');
    expect(answer.files).toHaveLength(1);
    expect(answer.files[0]!.name).toBe('chart.png');
    expect(answer.files[0]!.data.subarray(0, 4).toString('hex')).toBe('89504e47');
    // Each file is described once (not once by the command and again by discord.js).
    expect(answer.data.attachments).toEqual([{ id: '0', description: 'A bar chart' }]);
    expect((callbacksOf(id)[0]!.body as any).type).toBe(5);
  });

  it('posts a post intent into its channel and confirms privately with a link to it', async () => {
    const channel = h.fake.guilds[0]!.channels[1]!;
    const answer = await h.fake.interact({ name: 'post', options: { channel: channel.id } });
    const posted = h.fake.channelMessages(channel.id);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.embeds[0].title).toBe('Key points');
    const sent = h.fake.requests.find((r) => r.path === `/channels/${channel.id}/messages` && r.status === 200)!;
    expect((sent.body as any).allowed_mentions).toEqual({ parse: [] });
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toBe(
      `Posted in <#${channel.id}>: https://discord.com/channels/${h.fake.guilds[0]!.id}/${channel.id}/${posted[0]!.id}`,
    );
  });

  it.each([
    ['read-only', 'Missing Permissions (I need Send Messages and Embed Links there)'],
    ['staff', 'Missing Access (I need View Channel, Send Messages and Embed Links there)'],
  ])("names Discord's reason when it cannot post in #%s", async (channelName, reason) => {
    const channel = h.fake.guilds[0]!.channels.find((c) => c.name === channelName)!;
    const answer = await h.fake.interact({ name: 'post', options: { channel: channel.id } });
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toBe(`I can't post in <#${channel.id}>: ${reason}.`);
    expect(h.fake.channelMessages(channel.id)).toHaveLength(0);
  });

  it('says when the channel does not exist', async () => {
    const answer = await h.fake.interact({ name: 'post', options: { channel: '299999999999999999' } });
    expect(answer.data.content).toBe(
      "I can't post in <#299999999999999999>: Unknown Channel (it does not exist, or it is in a server I am not in).",
    );
  });

  it('refuses to build a request from a channel "id" that is not one', async () => {
    const before = h.fake.requests.length;
    const answer = await h.fake.interact({ name: 'post', options: { channel: '../../users/@me' } });
    expect(answer.data.content).toMatch(/^I can't post in that channel/);
    expect(h.fake.requests.slice(before).some((r) => r.path.includes('users'))).toBe(false);
  });

  it('sends a reply the app shortened to fit Discord, and logs what was cut', async () => {
    const answer = await h.fake.interact({ name: 'huge' });
    expect([...(answer.data.content as string)].length).toBeLessThanOrEqual(2000);
    expect([...(answer.data.embeds[0].title as string)].length).toBeLessThanOrEqual(256);
    await h.waitForRecord({ level: 'warn', msg: 'reply shortened to fit Discord', command: 'huge' });
  });

  it('answers with an apology when the handler throws, logs the stack, and answers the next interaction', async () => {
    const answer = await h.fake.interact({ name: 'throw' });
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toMatch(/^Sorry, something went wrong on my side/);
    await h.waitForRecord({
      level: 'error',
      msg: 'command failed',
      command: 'throw',
      err: { message: 'handler threw on purpose', stack: /^Error: handler threw on purpose\n\s+at / },
    });
    const next = await h.fake.interact({ name: 'echo', options: { text: 'still here' } });
    expect(next.data.content).toBe('You said: still here');
  });

  it("logs an internal error from the app with its stack, and sends the app's apology", async () => {
    const answer = await h.fake.interact({ name: 'internal' });
    expect(answer.data.content).toBe('Sorry, something went wrong on my side.');
    await h.waitForRecord({
      level: 'error',
      msg: 'command failed',
      command: 'internal',
      err: { message: 'model exploded', stack: /^Error: model exploded\n/ },
    });
  });

  it("logs Discord's reason when it refuses a reply, then still answers with an apology", async () => {
    h.fake.failNext('/callback', 400, 1, {
      body: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } },
      },
    });
    const answer = await h.fake.interact({ name: 'echo', options: { text: 'refused' } });
    expect(answer.data.content).toMatch(/^Sorry/);
    await h.waitForRecord({
      level: 'error',
      msg: 'Discord refused the reply',
      command: 'echo',
      status: 400,
      code: 50035,
      reason: 'Invalid Form Body\ndata.content[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.',
      request: /^POST \/interactions\/\d+\/\[token\]\/callback$/,
    });
  });

  it('answers a slow command whose deferral Discord refused with the apology, once the command is done', async () => {
    app.slowGate = gate();
    const since = h.records.length;
    h.fake.failNext('/callback', 400, 1, { body: { code: 50035, message: 'Invalid Form Body' } });
    const { id, reply } = h.fake.send({ name: 'slow' });
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && r.status === 400);
    app.slowGate.open();
    const answer = await reply;
    expect(answer.via).toBe('callback');
    expect(answer.ephemeral).toBe(true);
    expect(answer.data.content).toMatch(/^Sorry/);
    await h.waitForRecord({ level: 'error', msg: 'Discord refused the reply', command: 'slow', status: 400 }, { since });
    await h.waitForRecord({ level: 'info', msg: 'interaction', command: 'slow', outcome: 'failed' }, { since });
  });

  it('logs one record per interaction: command, guild, milliseconds, outcome', async () => {
    await h.fake.interact({ name: 'echo', options: { text: 'log me' } });
    await h.fake.interact({ name: 'private', guild: false });
    await h.waitForRecord({
      level: 'info',
      msg: 'interaction',
      command: 'echo',
      guild: h.fake.guilds[0]!.id,
      ms: expect.any(Number),
      outcome: 'ok',
    });
    await h.waitForRecord({
      level: 'info',
      msg: 'interaction',
      command: 'private',
      guild: 'dm',
      ms: expect.any(Number),
      outcome: 'user-error',
    });
  });
});

describe('autocomplete', () => {
  it("answers with the app's choices, without deferring", async () => {
    const choices = await h.fake.autocomplete({ name: 'echo', options: { text: 'kaz' }, focused: 'text' });
    expect(choices).toEqual([{ name: 'echo:text=kaz', value: 'kaz' }]);
    const callback = h.fake.requests.filter((r) => r.path.endsWith('/callback')).at(-1)!;
    expect((callback.body as any).type).toBe(8);
  });

  it('keeps to 25 choices and 100-character names', async () => {
    const choices = await h.fake.autocomplete({ name: 'echo', options: { text: 'many' }, focused: 'text' });
    expect(choices).toHaveLength(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('drops choices whose value is too long or whose name is empty', async () => {
    const choices = await h.fake.autocomplete({ name: 'echo', options: { text: 'long-values' }, focused: 'text' });
    expect(choices).toEqual([{ name: 'fine', value: 'fine' }]);
  });

  it('answers with an empty list when the app throws', async () => {
    const choices = await h.fake.autocomplete({ name: 'echo', options: { text: 'throw' }, focused: 'text' });
    expect(choices).toEqual([]);
    await h.waitForRecord({ level: 'error', msg: 'autocomplete failed', command: 'echo' });
  });
});

describe('on every request', () => {
  it('sends allowed_mentions { parse: [] } with every message', () => {
    const bodies = messageBodies(h.fake);
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) expect(b.data.allowed_mentions, b.path).toEqual({ parse: [] });
  });

  it('never logs the token', () => {
    const written = h.raw.join('');
    expect(written).not.toContain(h.fake.token);
    expect(written).not.toContain(h.fake.token.split('.')[2]);
  });
});

describe('an acknowledgement whose answer was lost', () => {
  // 'reset' and 500: @discordjs/rest sends the acknowledgement again and Discord answers 40060.
  // 'close': nothing retries it for the client; the bot asks once more and gets the same 40060.
  it.each(['reset', 500, 'close'] as const)(
    'still posts and confirms a channel post whose private deferral Discord carried out (answer lost: %s)',
    async (how) => {
      const logged = h.records.length;
      const channel = h.fake.guilds[0]!.channels[1]!;
      const postedBefore = h.fake.channelMessages(channel.id).length;
      h.fake.loseNextResponse('/callback', 1, how);
      const { id, reply } = h.fake.send({ name: 'post', options: { channel: channel.id }, timeoutMs: 5000 });
      const answer = await reply;
      const posted = h.fake.channelMessages(channel.id).slice(postedBefore);
      expect(posted).toHaveLength(1);
      expect(answer).toMatchObject({ via: 'edit', deferred: true });
      expect(answer.ephemeral).toBe(true);
      expect(answer.data.content).toBe(
        `Posted in <#${channel.id}>: https://discord.com/channels/${h.fake.guilds[0]!.id}/${channel.id}/${posted[0]!.id}`,
      );
      expect(h.fake.responsesTo(id).map((r) => r.kind)).toEqual(['callback', 'edit']);
      await h.waitForRecord({ msg: 'interaction', command: 'post', outcome: 'ok' }, { since: logged });
      expect(
        h.recordsMatching(
          { level: 'warn', msg: 'Discord had already acknowledged the interaction; carrying on', command: 'post', as: 'deferral' },
          logged,
        ),
      ).toHaveLength(1);
      expect(h.recordsMatching({ level: 'error' }, logged)).toEqual([]);
      expect(h.raw.slice(logged).join('')).not.toContain('Sorry');
    },
  );

  it('shows a reply whose answer was lost once, with no apology after it', async () => {
    const logged = h.records.length;
    h.fake.loseNextResponse('/callback', 1, 'reset');
    const { id, reply } = h.fake.send({ name: 'echo', options: { text: 'lost and found' } });
    expect((await reply).data.content).toBe('You said: lost and found');
    await h.waitForRecord({ msg: 'interaction', command: 'echo', outcome: 'ok' }, { since: logged });
    expect(h.fake.responsesTo(id)).toHaveLength(1);
    const sent = callbacksOf(id).map((r) => (r.body as any)?.data?.content);
    expect(sent).toEqual(['You said: lost and found', 'You said: lost and found']);
    expect(
      h.recordsMatching(
        { level: 'warn', msg: 'Discord had already acknowledged the interaction; carrying on', command: 'echo', as: 'reply' },
        logged,
      ),
    ).toHaveLength(1);
    expect(h.recordsMatching({ level: 'error' }, logged)).toEqual([]);
  });
});
