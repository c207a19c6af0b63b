import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { payloadProblems } from '../../src/format/limits.js';
import { messageBodies, startHarness, type Harness } from '../support/botHarness.js';
import { BOT_PERMISSIONS, type FakeReply } from '../../tools/fake-discord/index.js';
import { realApp } from '../support/realApp.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ app: realApp() });
});
afterAll(async () => {
  await h?.stop();
});

/** Everything a reader sees in a reply, as one string. */
function textOf(reply: FakeReply): string {
  const embeds = (reply.data.embeds ?? []) as any[];
  return [
    reply.data.content ?? '',
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]),
      e.footer?.text ?? '',
    ]),
  ].join('\n');
}
const embedOf = (reply: FakeReply) => (reply.data.embeds as any[])[0];
const fieldOf = (reply: FakeReply, name: string): string =>
  (embedOf(reply).fields as any[]).find((f) => f.name === name || f.name.startsWith(name))?.value;

const CASES: { line: string; name: string; options: Record<string, string | number>; check: (r: FakeReply) => void }[] = [
  {
    line: '/trade country:kazakhstan',
    name: 'trade',
    options: { country: 'kazakhstan' },
    check: (r) => {
      // Issue 12: the latest full year, 2025, as GACC published it in January 2026.
      expect(embedOf(r).title).toBe('China–Kazakhstan trade, 2025');
      expect(fieldOf(r, 'Total trade')).toBe('$48.7 bn [1], also printed as over $48.6 bn [2]');
      expect(fieldOf(r, "China's exports")).toMatch(/^\$29\.7 bn \[1, 2\]\n/);
      expect(fieldOf(r, "China's imports")).toMatch(/^\$19 bn \[1, 2\]\n/);
      expect(fieldOf(r, 'Change on 2024')).toBe('+11% [1, 2]');
      expect(fieldOf(r, 'Balance')).toContain("China's surplus of about $11 bn");
      expect(fieldOf(r, 'Sources')).toContain('[1] [The Caspian Post, 2026](https://caspianpost.com/');
      expect(embedOf(r).image.url).toMatch(/^https:\/\/quickchart\.io\//);
    },
  },
  {
    line: '/trade country:Kyrgyz Republic year:2023',
    name: 'trade',
    options: { country: 'Kyrgyz Republic', year: 2023 },
    check: (r) => expect(embedOf(r).title).toBe('China–Kyrgyzstan trade, 2023'),
  },
  {
    line: '/compare first:kazakhstan second:uzbekistan',
    name: 'compare',
    options: { first: 'kazakhstan', second: 'uzbekistan' },
    check: (r) => {
      expect(embedOf(r).title).toBe("China's trade with Kazakhstan, Uzbekistan, 2025");
      expect(fieldOf(r, 'Kazakhstan')).toContain('Total: $48.7 bn');
      expect(fieldOf(r, 'Uzbekistan')).toContain('Total: $16.2 bn');
    },
  },
  {
    line: '/region name:central-asia',
    name: 'region',
    options: { name: 'central-asia' },
    check: (r) => {
      expect(embedOf(r).title).toBe("China's trade with Central Asia, 2025");
      expect(fieldOf(r, 'Total trade')).toMatch(/^\$106\.3 bn/);
      expect(fieldOf(r, 'Data notes')).toContain("Sources differ on China's exports to Central Asia in 2025: $71.2 bn");
    },
  },
  {
    line: '/rank by:total',
    name: 'rank',
    options: { by: 'total' },
    check: (r) => expect(embedOf(r).description).toMatch(/^1\. \*\*Kazakhstan\*\*: \$48\.7 bn/),
  },
  {
    line: '/keypoints',
    name: 'keypoints',
    options: {},
    check: (r) => {
      // The latest full year, 2025: the briefing's own points are about 2024.
      expect(embedOf(r).title).toMatch(/^Key points: .*, 2025$/);
      expect(textOf(r)).toContain('$48.7 bn');
    },
  },
  {
    line: '/sources',
    name: 'sources',
    options: {},
    check: (r) => expect(embedOf(r).title).toMatch(/^Where the figures come from/),
  },
  {
    line: '/cite country:kazakhstan year:2024 flow:china-exports',
    name: 'cite',
    options: { country: 'kazakhstan', year: 2024, flow: 'china-exports' },
    check: (r) => {
      expect(r.data.content).toMatch(
        /^```\nChina's exports to Kazakhstan .*: \$28 bn\. Reported by China's General Administration of Customs \(GACC\)/,
      );
      expect(r.data.content).toContain(
        'https://energynews.africa/?p=8322: “Kazakhstan imported $28 billion worth of goods and services from China”.',
      );
      expect(r.data.content).toMatch(/\nAccessed \d{1,2} [A-Z][a-z]+ \d{4}\.\n```$/);
    },
  },
  {
    line: '/help',
    name: 'help',
    options: {},
    check: (r) => expect(textOf(r)).toContain('/trade country:kazakhstan'),
  },
];

describe('every command through the real client', () => {
  for (const where of ['guild', 'DM'] as const) {
    for (const c of CASES) {
      it(`answers ${c.line} in a ${where} with the right embed, publicly, within Discord's limits`, async () => {
        const reply = await h.fake.interact({ name: c.name, options: c.options, guild: where === 'guild' });
        expect(reply.ephemeral).toBe(false);
        c.check(reply);
        expect(payloadProblems(reply.data as any)).toEqual([]);
      });
    }
  }

  it('answers a misspelt country privately, with a suggestion', async () => {
    const reply = await h.fake.interact({ name: 'trade', options: { country: 'Kazakhsta' } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain('Did you mean Kazakhstan?');
  });

  it('answers a command Discord knows but the bot does not', async () => {
    const reply = await h.fake.interact({ name: 'weather' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain("I don't know /weather");
  });

  it('autocompletes a country', async () => {
    const choices = await h.fake.autocomplete({ name: 'trade', options: { country: 'kaz' }, focused: 'country' });
    expect(choices[0]).toEqual({ name: 'Kazakhstan', value: expect.any(String) });
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it('autocompletes in a DM too, and with nothing typed yet', async () => {
    const choices = await h.fake.autocomplete({ name: 'compare', options: { first: '' }, focused: 'first', guild: false });
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
  });
});

describe('posting key points into a channel', () => {
  const guild = () => h.fake.guilds[0]!;
  const canManage = BOT_PERMISSIONS | PermissionFlagsBits.ManageMessages;

  it('posts them and confirms privately with a link to the message', async () => {
    const channel = guild().channels.find((c) => c.name === 'digest')!;
    const reply = await h.fake.interact({ name: 'keypoints', options: { channel: channel.id }, memberPermissions: canManage });
    const posted = h.fake.channelMessages(channel.id);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.embeds[0].title).toMatch(/^Key points/);
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain(`https://discord.com/channels/${guild().id}/${channel.id}/${posted[0]!.id}`);
  });

  it('posts the key points of a part-year asked for, as the period option names it', async () => {
    const channel = guild().channels.find((c) => c.name === 'digest')!;
    const before = h.fake.channelMessages(channel.id).length;
    const options = { channel: channel.id, region: 'central-asia', period: 'Jan-Oct 2025' };
    const reply = await h.fake.interact({ name: 'keypoints', options, memberPermissions: canManage });
    const posted = h.fake.channelMessages(channel.id).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.embeds[0].title).toBe("Key points: China's trade with Central Asia, Jan–Oct 2025");
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain(`https://discord.com/channels/${guild().id}/${channel.id}/${posted[0]!.id}`);
  });

  it('names what the bot lacks in the channel, before posting anything', async () => {
    const channel = guild().channels.find((c) => c.name === 'read-only')!;
    const reply = await h.fake.interact({ name: 'keypoints', options: { channel: channel.id }, memberPermissions: canManage });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toBe(
      `I need Send Messages in <#${channel.id}> for that: a server admin can allow it for my role there. Leave out channel to see them here.`,
    );
    expect(h.fake.requests.some((r) => r.path === `/channels/${channel.id}/messages`)).toBe(false);
  });

  it("works out the bot's permissions from its roles when Discord sends none with the channel", async () => {
    const channel = guild().channels.find((c) => c.name === 'staff')!;
    const reply = await h.fake.interact({
      name: 'keypoints',
      options: { channel: channel.id },
      memberPermissions: canManage,
      resolvedAppPermissions: false,
    });
    expect(reply.data.content).toContain(`I need View Channel in <#${channel.id}> for that`);
  });

  it("says Discord's reason when Discord refuses the post all the same", async () => {
    const channel = guild().channels.find((c) => c.name === 'digest')!;
    h.fake.failNext(`POST /channels/${channel.id}/messages`, 403, 1, { body: { message: 'Missing Permissions', code: 50013 } });
    const reply = await h.fake.interact({ name: 'keypoints', options: { channel: channel.id }, memberPermissions: canManage });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toBe(`I can't post in <#${channel.id}>: Missing Permissions (I need Send Messages and Embed Links there).`);
  });

  it('refuses a member without Manage Messages, privately', async () => {
    const channel = guild().channels.find((c) => c.name === 'digest')!;
    const reply = await h.fake.interact({ name: 'keypoints', options: { channel: channel.id } });
    expect(reply.ephemeral).toBe(true);
    expect(reply.data.content).toContain('Manage Messages');
  });
});

describe('mentions and secrets', () => {
  it('pings nobody when an option carries @everyone or a role mention', async () => {
    for (const hostile of ['@everyone', '@here', '<@&400000000000000001>', '<@500000000000000001>']) {
      const reply = await h.fake.interact({ name: 'trade', options: { country: hostile } });
      expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    }
    const bodies = messageBodies(h.fake);
    expect(bodies.length).toBeGreaterThan(20);
    for (const b of bodies) expect(b.data.allowed_mentions, b.path).toEqual({ parse: [] });
  });

  it('never writes the token to the log', () => {
    expect(h.recordsMatching({ level: 'info', msg: 'ready' })).toHaveLength(1);
    expect(h.raw.join('')).not.toContain(h.fake.token);
  });
});

describe('charts as attachments (CHARTS=attach)', () => {
  it('uploads the rendered PNG with the reply', async () => {
    const attach = await startHarness({ app: realApp('attach') });
    try {
      const reply = await attach.fake.interact({ name: 'trade', options: { country: 'kazakhstan' } });
      expect(reply.deferred).toBe(true);
      expect(reply.files).toHaveLength(1);
      expect(reply.files[0]!.data.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(embedOf(reply).image.url).toBe(`attachment://${reply.files[0]!.name}`);
    } finally {
      await attach.stop();
    }
  });
});

describe('a CSV of the figures (format:csv) through the real client', () => {
  it('/trade kazakhstan format:csv arrives as the usual embed with trade-kazakhstan-2025.csv uploaded as multipart', async () => {
    const before = h.fake.requests.length;
    const reply = await h.fake.interact({ name: 'trade', options: { country: 'kazakhstan', format: 'csv' } });
    expect(embedOf(reply).title).toBe('China–Kazakhstan trade, 2025');
    expect(reply.files.map((f) => f.name)).toEqual(['trade-kazakhstan-2025.csv']);
    const rows = parse<Record<string, string>>(reply.files[0]!.data.toString('utf8'), { columns: true });
    expect(rows.find((r) => r.flow === 'total')).toMatchObject({ value: '48700000000', provenance: 'reported' });
    expect(rows.find((r) => r.flow === 'balance')).toMatchObject({ provenance: 'derived' });
    const upload = h.fake.requests.slice(before).find((r) => r.files.length > 0)!;
    expect(upload.multipart).toBe(true);
    // discord.js describes the upload in payload_json by id; the part files[0] carries its name.
    const body = upload.body as { attachments?: { id: unknown; description?: string }[] };
    expect(body.attachments).toEqual([expect.objectContaining({ id: '0', description: expect.stringContaining('CSV') })]);
    expect(upload.files.map((f) => [f.field, f.name])).toEqual([['files[0]', 'trade-kazakhstan-2025.csv']]);
    expect(payloadProblems(reply.data as never)).toEqual([]);
  });
});
