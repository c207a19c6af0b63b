import { z } from 'zod';

// Why a digest subscription is paused. The store keeps a code (and, where the code alone cannot
// say what to fix, Discord's own detail); the words are built from the table here wherever a
// pause is shown, so they can be reworded, or one day translated, without touching stored rows.

/** Pauses that one Discord error code says all about: the channel is gone or closed to the bot. */
const CHANNEL_PAUSE_CODES = [
  'unknown-channel',
  'unknown-guild',
  'missing-access',
  'missing-permissions',
  'not-text',
  'thread-archived',
] as const;
type ChannelPauseCode = (typeof CHANNEL_PAUSE_CODES)[number];

/** The Discord error code behind each channel pause, and what people are told about it. */
const CHANNEL_PAUSES = {
  'unknown-channel': { discordCode: 10003, text: 'Unknown Channel (10003): the channel was deleted' },
  'unknown-guild': { discordCode: 10004, text: 'Unknown Guild (10004): the bot is no longer in this server' },
  'missing-access': { discordCode: 50001, text: 'Missing Access (50001): the bot cannot see the channel' },
  'missing-permissions': {
    discordCode: 50013,
    text: 'Missing Permissions (50013): the bot cannot post there (it needs View Channel, Send Messages and Embed Links)',
  },
  'not-text': { discordCode: 50008, text: 'Cannot send messages in a non-text channel (50008)' },
  'thread-archived': { discordCode: 50083, text: 'The thread is archived (50083)' },
} as const satisfies Record<ChannelPauseCode, { discordCode: number; text: string }>;

/** A pause reason as the store keeps it; read back through this schema, so an unreadable row is noticed. */
export const pauseReason = z.discriminatedUnion('code', [
  z.object({ code: z.enum(CHANNEL_PAUSE_CODES) }),
  // Discord refused the message itself (HTTP 400): what it said, its error code, and the fields it named.
  z.object({
    code: z.literal('invalid-message'),
    summary: z.string(),
    discordCode: z.number().int().optional(),
    fields: z.array(z.string()).readonly(),
  }),
  // No code covers it (a sentence stored before there were codes, or another poster's reason): shown as it is.
  z.object({ code: z.literal('other'), text: z.string() }),
]);

/** Why a subscription is paused: a code, with Discord's detail where the code alone is not enough. */
export type PauseReason = z.infer<typeof pauseReason>;
export type PauseCode = PauseReason['code'];

/** The pause for a Discord error code that closes the channel to the bot, if it is one. */
export function channelPauseFor(discordCode: number): PauseReason | undefined {
  const code = CHANNEL_PAUSE_CODES.find((c) => CHANNEL_PAUSES[c].discordCode === discordCode);
  return code === undefined ? undefined : { code };
}

/** A pause reason is one line in /digest list and the log; Discord's own text can run long. */
export const MAX_PAUSE_TEXT = 300;

/** What people are told about a pause, in /digest list, /digest subscribe and the log. */
export function pauseText(reason: PauseReason): string {
  const text = words(reason);
  return text.length > MAX_PAUSE_TEXT ? `${text.slice(0, MAX_PAUSE_TEXT - 3)}...` : text;
}

function words(reason: PauseReason): string {
  switch (reason.code) {
    case 'invalid-message': {
      const code = reason.discordCode === undefined ? '' : `, code ${reason.discordCode}`;
      const fields = reason.fields.length > 0 ? `: ${reason.fields.join('; ')}` : '';
      return `Discord refused the message as invalid (HTTP 400 ${reason.summary}${code})${fields}`;
    }
    case 'other':
      return reason.text;
    default:
      return CHANNEL_PAUSES[reason.code].text;
  }
}
