import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandChannelOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { EMBED_COLOUR, ephemeralReply } from '../src/format/replies.js';
import { pauseText } from '../src/digest/pause.js';
import { FREQUENCIES, FREQUENCY_TEXT, nextPostAt, type Frequency } from '../src/digest/schedule.js';
import type { DigestCommands, Subscription } from '../src/digest/types.js';
import type { TradeModel } from '../src/model/model.js';
import type { CommandResult } from '../src/core/reply.js';
import type { Requirement } from '../src/core/requirement.js';
import { UserError } from '../src/core/userError.js';
import type { CommandContext, CommandModule } from './contract.js';
import { channelArg, completeRegion, POSTING, regionArg, regionOption, resolveRegion } from './options.js';

/** Subscriptions one server may have; keeps /digest list readable and a server from flooding the runner. */
export const MAX_SUBSCRIPTIONS_PER_GUILD = 25;

const MANAGE_MESSAGES = PermissionFlagsBits.ManageMessages;

const FREQUENCY_CHOICES = FREQUENCIES.map((f) => ({ name: `${f} (${FREQUENCY_TEXT[f]})`.slice(0, 100), value: f }));

const channelOption = (description: string): APIApplicationCommandChannelOption => ({
  type: ApplicationCommandOptionType.Channel,
  name: 'channel',
  description,
  required: true,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
});

export const definition = {
  name: 'digest',
  description: 'Post the key points to a channel every day, week or month',
  default_member_permissions: String(MANAGE_MESSAGES),
  dm_permission: false,
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'subscribe',
      description: 'Post the key points to a channel on a schedule (or change its schedule)',
      options: [
        channelOption('The channel to post in'),
        {
          type: ApplicationCommandOptionType.String,
          name: 'every',
          description: 'How often (09:00 UTC)',
          required: true,
          choices: FREQUENCY_CHOICES,
        },
        regionOption('region', 'Only this region (default: all)', false),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'unsubscribe',
      description: 'Stop posting the key points to a channel',
      options: [channelOption('The channel to stop posting in')],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'list',
      description: "This server's digests, when they post next, and any that are paused",
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.discriminatedUnion('subcommand', [
  z.object({
    subcommand: z.literal('subscribe'),
    channel: channelArg,
    every: z.enum(FREQUENCIES),
    region: regionArg.optional(),
  }),
  z.object({ subcommand: z.literal('unsubscribe'), channel: channelArg }),
  z.object({ subcommand: z.literal('list') }),
]);

type Args = z.infer<typeof args>;

const MANAGING = { action: 'Managing digests', otherwise: 'Use /keypoints to see the key points now.' } as const;
const requires = [
  { in: { option: 'channel' }, subcommands: ['subscribe'], ...POSTING, ...MANAGING },
  { in: { option: 'channel' }, subcommands: ['unsubscribe'], member: ['ViewChannel', 'ManageMessages'], ...MANAGING },
  { in: 'here', subcommands: ['list'], member: ['ManageMessages'], ...MANAGING },
] satisfies Requirement[];

/** A stored region id in words; a region since removed from data/ is still shown by its id. */
const regionName = (model: TradeModel, region: string | null) => (region === null ? 'all regions' : (model.place(region)?.name ?? region));

const when = (date: Date) => {
  const unix = Math.floor(date.getTime() / 1000);
  return `<t:${unix}:f> (<t:${unix}:R>)`;
};

/** The server and the store; who may manage digests where is checked by the app, from `requires`. */
function checkAllowed(ctx: CommandContext): { guildId: string; digests: DigestCommands } {
  const { guildId } = ctx.invocation;
  if (guildId === null) throw new UserError('Digests work in a server, not in direct messages. Use /digest in a server channel.');
  if (!ctx.digests)
    throw new UserError('Scheduled digests are not available on this bot (it has no database). /keypoints shows the key points now.');
  return { guildId, digests: ctx.digests };
}

function subscribe(
  input: Extract<Args, { subcommand: 'subscribe' }>,
  guildId: string,
  digests: DigestCommands,
  ctx: CommandContext,
): CommandResult {
  const at = ctx.now();
  const existing = digests.list(guildId);
  if (!existing.some((s) => s.channelId === input.channel) && existing.length >= MAX_SUBSCRIPTIONS_PER_GUILD) {
    throw new UserError(
      `This server already has ${existing.length} digests, the most it can have. Remove one with /digest unsubscribe, or see them with /digest list.`,
    );
  }
  const frequency: Frequency = input.every;
  const outcome = digests.subscribe(
    {
      guildId,
      channelId: input.channel,
      frequency,
      region: input.region === undefined ? null : resolveRegion(ctx.model, input.region).id,
      userId: ctx.invocation.userId,
    },
    at,
  );
  if (outcome.change === 'other-server') {
    throw new UserError(`<#${input.channel}> has a digest that belongs to another server, so I left it alone. Pick another channel.`);
  }
  const s = outcome.subscription;
  const what = `the key points for ${regionName(ctx.model, s.region)}, ${FREQUENCY_TEXT[s.frequency]}`;
  const next = `Next post: ${when(nextPostAt(s, at))}.`;
  const lead = {
    created: `Subscribed <#${s.channelId}>: ${what}.`,
    updated: `Updated <#${s.channelId}>: now ${what}.`,
    resumed: `Resumed <#${s.channelId}> (it was paused: ${outcome.previousPause ? pauseText(outcome.previousPause) : 'unknown reason'}): ${what}.`,
    unchanged: `<#${s.channelId}> already gets ${what}.`,
  }[outcome.change];
  const hint = outcome.change === 'unchanged' ? '' : '\nI need to see that channel and be able to send messages and embeds there.';
  return ephemeralReply(`${lead} ${next}${hint}`);
}

function unsubscribe(channel: string, guildId: string, digests: DigestCommands): CommandResult {
  const removed = digests.unsubscribe(guildId, channel);
  if (!removed) {
    const others = digests.list(guildId).map((s) => `<#${s.channelId}>`);
    throw new UserError(
      others.length > 0
        ? `No digest is posted in <#${channel}>. Channels with digests here: ${others.join(', ')}.`
        : 'This server has no digests. Start one with /digest subscribe.',
    );
  }
  return ephemeralReply(`Unsubscribed <#${channel}>: no more ${removed.frequency} digests there.`);
}

function line(model: TradeModel, s: Subscription, at: Date): string {
  const head = `<#${s.channelId}>: ${s.frequency}, ${regionName(model, s.region)}`;
  if (s.paused) {
    const since = Math.floor(s.paused.at.getTime() / 1000);
    return `• ${head}: **paused: ${pauseText(s.paused.reason)}** (since <t:${since}:R>). Fix it, then /digest subscribe that channel again to resume.`;
  }
  return `• ${head}: next ${when(nextPostAt(s, at))}`;
}

function list(guildId: string, digests: DigestCommands, ctx: CommandContext): CommandResult {
  const subscriptions = digests.list(guildId);
  if (subscriptions.length === 0) {
    return ephemeralReply('No digests in this server yet. Start one with `/digest subscribe channel:#briefings every:weekly`.');
  }
  const at = ctx.now();
  const paused = subscriptions.filter((s) => s.paused).length;
  return {
    data: {
      embeds: [
        {
          title: `Digests in this server (${subscriptions.length})`,
          description: subscriptions.map((s) => line(ctx.model, s, at)).join('\n'),
          color: EMBED_COLOUR,
          footer: {
            text: `Slots: daily 09:00 UTC, weekly Mondays 09:00 UTC, monthly the 1st 09:00 UTC.${paused > 0 ? ` ${paused} paused.` : ''}`,
          },
        },
      ],
      flags: MessageFlags.Ephemeral,
    },
  };
}

export function run(input: Args, ctx: CommandContext): CommandResult {
  const { guildId, digests } = checkAllowed(ctx);
  switch (input.subcommand) {
    case 'subscribe':
      return subscribe(input, guildId, digests, ctx);
    case 'unsubscribe':
      return unsubscribe(input.channel, guildId, digests);
    case 'list':
      return list(guildId, digests, ctx);
  }
}

export const digest = { definition, args, requires, run, autocomplete: completeRegion } satisfies CommandModule<typeof args>;
