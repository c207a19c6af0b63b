import { AllowedMentionsTypes, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { toChannelBody } from '../../src/format/channelMessage.js';

describe('a reply turned into a channel message', () => {
  it('is never ephemeral and never pings, whatever the reply asked for', () => {
    const { body } = toChannelBody({
      data: {
        content: '@everyone look',
        flags: MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds,
        allowed_mentions: { parse: [AllowedMentionsTypes.Everyone] },
      },
    });
    expect(body.flags).toBe(MessageFlags.SuppressEmbeds);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it("is shortened to Discord's limits, saying so, rather than refused", () => {
    const { body } = toChannelBody({ data: { content: 'x'.repeat(2500) } });
    expect([...(body.content ?? '')].length).toBeLessThanOrEqual(2000);
    expect(body.content).toContain('(shortened to fit Discord)');
  });

  it('names its files as attachments and carries an enforced nonce when given one', () => {
    const { body, files } = toChannelBody(
      {
        data: { embeds: [{ title: 'chart', image: { url: 'attachment://c.png' } }] },
        files: [{ name: 'c.png', data: Buffer.from('png'), description: 'A chart' }],
      },
      { nonce: 'slot-1' },
    );
    expect(body.attachments).toEqual([{ id: 0, filename: 'c.png', description: 'A chart' }]);
    expect(files.map((f) => f.name)).toEqual(['c.png']);
    expect(body).toMatchObject({ nonce: 'slot-1', enforce_nonce: true });
  });
});
