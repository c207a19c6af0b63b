import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Invocation } from '../../src/core/invocation.js';
import type { CommandResult } from '../../src/core/reply.js';
import type { Requirement } from '../../src/core/requirement.js';
import type { PersonalCommand } from '../../commands/contract.js';
import { createApp } from '../../src/app/createApp.js';
import { charts, figures, resolvingChannel, textOf } from '../helpers/app.js';

const CHANNEL = '200000000000000042';
const OTHER = '200000000000000043';
const MODERATOR: Invocation = {
  userId: '7',
  guildId: '100',
  channelId: '200',
  memberPermissions: P.ViewChannel | P.SendMessages | P.ManageMessages,
};
const requires: Requirement[] = [
  { in: { option: 'channel' }, member: ['ManageMessages'], bot: ['SendMessages'], action: 'Posting', otherwise: 'Try without channel.' },
];

/** A command that posts whatever `post` returns, under the requirement above. */
function appPosting(post: (channel: string) => CommandResult['post']) {
  const args = z.object({ channel: z.string() });
  const command = {
    definition: { name: 'poster', description: 'posts' },
    args,
    requires,
    run: (input) => ({ data: { content: 'ok' }, post: post(input.channel) }),
  } satisfies PersonalCommand<typeof args>;
  return createApp({ commands: [command], figures: () => figures, charts });
}
const message = (files = 0) => ({
  data: { content: 'hi' },
  files: Array.from({ length: files }, (_, i) => ({ name: `c${i}.png`, data: Buffer.from('png') })),
});

describe('what a command may do with the channels it is given', () => {
  it('may post into the channel its requirement checked', async () => {
    const app = appPosting((channel) => ({ channelId: channel, message: message(), confirm: 'done' }));
    const options = { channel: CHANNEL };
    const outcome = await app.handle('poster', options, resolvingChannel(MODERATOR, options, { bot: P.SendMessages }));
    expect(outcome.kind).toBe('ok');
    expect(outcome.result.post?.channelId).toBe(CHANNEL);
  });

  it('may not post anywhere else: that is a bug of ours, answered with an apology', async () => {
    const app = appPosting(() => ({ channelId: OTHER, message: message(), confirm: 'done' }));
    const options = { channel: CHANNEL };
    const outcome = await app.handle('poster', options, resolvingChannel(MODERATOR, options));
    expect(outcome.kind).toBe('internal-error');
    expect(String(outcome.error)).toContain(`channel ${OTHER}, which no requirement of it checked`);
    expect(outcome.result.post).toBeUndefined();
  });

  it('needs Attach Files for the bot when the post carries a chart', async () => {
    const app = appPosting((channel) => ({ channelId: channel, message: message(1), confirm: 'done' }));
    const options = { channel: CHANNEL };
    const outcome = await app.handle('poster', options, resolvingChannel(MODERATOR, options, { bot: P.SendMessages }));
    expect(outcome.kind).toBe('user-error');
    expect(textOf(outcome.result)).toBe(
      `I need Attach Files in <#${CHANNEL}> to post a chart there: a server admin can allow it for my role there.`,
    );
    const allowed = await app.handle('poster', options, resolvingChannel(MODERATOR, options, { bot: P.SendMessages | P.AttachFiles }));
    expect(allowed.kind).toBe('ok');
  });

  it("treats unknown member permissions in the channel as none, and unknown bot permissions as Discord's to judge", async () => {
    const app = appPosting((channel) => ({ channelId: channel, message: message(), confirm: 'done' }));
    const options = { channel: CHANNEL };
    const unknownMember = await app.handle('poster', options, resolvingChannel(MODERATOR, options, { member: null }));
    expect(textOf(unknownMember.result)).toBe(
      `Posting needs Manage Messages in <#${CHANNEL}>, and you don't have it there. Try without channel.`,
    );
    const unknownBot = await app.handle('poster', options, resolvingChannel(MODERATOR, options, { bot: null }));
    expect(unknownBot.kind).toBe('ok');
  });
});

describe('a reply as the app hands it over', () => {
  it("is shortened to Discord's limits on purpose, pings no one, and says what was cut", async () => {
    const args = z.object({});
    const command = {
      definition: { name: 'huge', description: 'too much' },
      args,
      run: () => ({ data: { content: '@everyone ' + 'x'.repeat(5000), embeds: [{ title: 't'.repeat(300) }] } }),
    } satisfies PersonalCommand<typeof args>;
    const app = createApp({ commands: [command], figures: () => figures, charts });
    const outcome = await app.handle('huge', {}, MODERATOR);
    expect([...(outcome.result.data.content ?? '')].length).toBeLessThanOrEqual(2000);
    expect([...(outcome.result.data.embeds?.[0]?.title ?? '')].length).toBeLessThanOrEqual(256);
    expect(outcome.result.data.allowed_mentions).toEqual({ parse: [] });
    expect(outcome.shortened).toEqual(expect.arrayContaining([expect.stringContaining('content is 5010 characters')]));
  });
});
