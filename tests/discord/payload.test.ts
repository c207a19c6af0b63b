import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { DiscordAPIError, HTTPError, type CommandInteractionOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { readOptions } from '../../src/discord/dispatcher.js';
import { postFailureText, RateLimitedWithoutRetryAfter } from '../../src/discord/errors.js';
import { toInteractionOptions } from '../../src/discord/payload.js';
import { fitChoices } from '../../src/format/limits.js';

const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'http://x/api/v10/channels/1/messages', { body: {}, files: [] });

describe('readOptions', () => {
  it('flattens a subcommand (and group) with its options', () => {
    const data = [
      {
        name: 'subscribe',
        type: ApplicationCommandOptionType.Subcommand,
        options: [
          { name: 'channel', type: ApplicationCommandOptionType.Channel, value: '200000000000000001' },
          { name: 'frequency', type: ApplicationCommandOptionType.String, value: 'weekly' },
        ],
      },
    ] as CommandInteractionOption[];
    expect({ ...readOptions(data) }).toEqual({ subcommand: 'subscribe', channel: '200000000000000001', frequency: 'weekly' });
  });

  it('keeps an option named __proto__ as a plain key', () => {
    const options = readOptions([
      { name: '__proto__', type: ApplicationCommandOptionType.String, value: 'x' },
    ] as CommandInteractionOption[]);
    expect(Object.keys(options)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('toInteractionOptions', () => {
  const reply = {
    data: { content: 'hi @everyone', embeds: [{ title: 't' }], flags: 64, attachments: [{ id: 0, filename: 'chart.png' }] },
    files: [{ name: 'chart.png', data: Buffer.from('png'), description: 'A chart' }],
  };

  it('turns a reply into discord.js options: flags, no mentions, files once', () => {
    expect(toInteractionOptions(reply, 'reply')).toEqual({
      allowedMentions: { parse: [] },
      content: 'hi @everyone',
      embeds: [{ title: 't' }],
      files: [{ attachment: Buffer.from('png'), name: 'chart.png', description: 'A chart' }],
      flags: 64,
    });
  });

  it('leaves the ephemeral flag out of an edit, where it is decided by the deferral', () => {
    expect(toInteractionOptions(reply, 'edit')).not.toHaveProperty('flags');
  });
});

describe('fitChoices', () => {
  it('keeps 25 choices, clips names to 100, drops empty names and over-long values', () => {
    const choices = [
      { name: '', value: 'empty-name' },
      { name: 'v', value: 'x'.repeat(101) },
      { name: 'n'.repeat(150), value: 'long-name' },
      { name: 'line\nbreak', value: 'lb' },
      { name: 'nan', value: Number.NaN },
      ...Array.from({ length: 30 }, (_, i) => ({ name: `c${i}`, value: i })),
    ];
    const fitted = fitChoices(choices);
    expect(fitted).toHaveLength(25);
    expect(fitted[0]).toEqual({ name: `${'n'.repeat(99)}…`, value: 'long-name' });
    expect(fitted[1]).toEqual({ name: 'line break', value: 'lb' });
    expect(fitted.map((c) => c.value)).not.toContain('empty-name');
  });

  it('counts an emoji as two characters, as Discord may, so a name never exceeds 100', () => {
    const [choice] = fitChoices([{ name: '😀'.repeat(80), value: 'e' }]);
    expect(choice!.name.length).toBeLessThanOrEqual(100);
  });
});

describe('postFailureText', () => {
  it.each([
    [
      apiError(403, 50013, 'Missing Permissions'),
      false,
      "I can't post in <#200000000000000001>: Missing Permissions (I need Send Messages and Embed Links there).",
    ],
    [
      apiError(403, 50013, 'Missing Permissions'),
      true,
      "I can't post in <#200000000000000001>: Missing Permissions (I need Send Messages and Embed Links and Attach Files there).",
    ],
    [
      apiError(403, 50001, 'Missing Access'),
      false,
      "I can't post in <#200000000000000001>: Missing Access (I need View Channel, Send Messages and Embed Links there).",
    ],
    [
      apiError(404, 10003, 'Unknown Channel'),
      false,
      "I can't post in <#200000000000000001>: Unknown Channel (it does not exist, or it is in a server I am not in).",
    ],
    [
      apiError(400, 50008, 'Cannot send messages in a non-text channel'),
      false,
      "I can't post in <#200000000000000001>: Cannot send messages in a non-text channel (pick a text channel).",
    ],
    [
      new HTTPError(503, 'Service Unavailable', 'POST', 'http://x', { body: {}, files: [] }),
      false,
      "I couldn't post in <#200000000000000001>: Discord did not accept it just now (HTTP 503). Please try again in a minute.",
    ],
    [
      apiError(401, 0, '401: Unauthorized'),
      false,
      "I couldn't post in <#200000000000000001>: Discord no longer accepts my login, so I am stopping until my token is fixed.",
    ],
    [
      new RateLimitedWithoutRetryAfter('POST', 'http://x/api/v10/channels/1/messages', 4),
      false,
      "I couldn't post in <#200000000000000001>: Discord is limiting how fast I can send just now. Please try again in a minute.",
    ],
  ])("names Discord's reason: %s", (error, withFiles, text) => {
    expect(postFailureText('200000000000000001', error, withFiles)).toBe(text);
  });
});
