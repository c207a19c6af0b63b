import {
  ApplicationCommandOptionType,
  ChannelType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { describeNote } from '../src/format/notes.js';
import { formatUsd } from '../src/format/numbers.js';
import { growthText, shareText } from '../src/format/figures.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import { sameCitation } from '../src/model/value.js';
import { EMBED_COLOUR, ephemeralReply, FIGURES_FOOTER, figuresFooter } from '../src/format/replies.js';
import { renderKeyPoint, type BoundKeyPoint } from '../src/model/keypoints.js';
import type { Figures } from '../src/model/figures.js';
import type { TradeModel } from '../src/model/model.js';
import { surplusOf } from '../src/model/views.js';
import type { Region } from '../src/model/schema.js';
import type { Reply } from '../src/core/reply.js';
import type { Requirement } from '../src/core/requirement.js';
import type { CommandContext, CommandModule } from './contract.js';
import { channelArg, completeRegion, POSTING, regionArg, regionOption, resolveRegion } from './options.js';

export const definition = {
  name: 'keypoints',
  description: "The briefing's key points and what the figures show, here or posted to a channel",
  default_member_permissions: String(PermissionFlagsBits.ManageMessages),
  options: [
    regionOption('region', 'Only this region (default: all)', false),
    {
      type: ApplicationCommandOptionType.Channel,
      name: 'channel',
      description: 'Post them in this channel instead of replying here',
      required: false,
      channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({
  region: regionArg.optional(),
  channel: channelArg.optional(),
});

const requires = [
  { in: { option: 'channel' }, ...POSTING, action: 'Posting key points into a channel', otherwise: 'Leave out channel to see them here.' },
] satisfies Requirement[];

/** The latest year with China's figures for every member that has any. */
function latestYear(model: TradeModel, region: Region): number | undefined {
  const years = model.years(region.id);
  return years[years.length - 1];
}

/** What the figures themselves say about a region: largest partner, fastest growth, surpluses, biggest change, notes; each number marked with its sources. */
export function derivedPoints(model: TradeModel, region: Region, marks: SourceMarks = new SourceMarks(model)): string[] {
  const year = latestYear(model, region);
  if (year === undefined) return [];
  const points: string[] = [];
  const ry = model.regionYear(region.id, year)!;
  const largest = ry.members.find((m) => m.total && model.isItemised(m.partner.id, year));
  if (largest?.total) {
    const total = marks.after(formatUsd(largest.total), largest.total.citations);
    const share = largest.share || largest.reportedShare ? `, ${shareText(marks, largest.reportedShare, largest.share)} of the region` : '';
    points.push(`${largest.partner.name} is China's largest partner in ${region.name}: ${total} in ${year}${share}.`);
  }
  const growth = model.ranking('growth', year, region.id).entries[0];
  if (growth?.percent) {
    points.push(`Fastest growth in ${region.name}: ${growth.partner.name}, ${growthText(marks, growth)} on ${year - 1}.`);
  }
  const balances = model.ranking('balance', year, region.id).entries;
  const surpluses = balances.filter((e) => e.value && surplusOf(e.value) === 'partner');
  if (balances.length > 0 && surpluses.length === 0) {
    points.push(`China ran a surplus with every ${region.name} partner it itemises in ${year}.`);
  } else if (surpluses.length === 1) {
    const s = surpluses[0]!;
    const surplus = marks.after(`${formatUsd(s.value!, { magnitude: true })} in ${year} (derived)`, s.value!.citations);
    points.push(`${s.partner.name} is the only ${region.name} partner with a surplus in its trade with China: ${surplus}.`);
  } else if (surpluses.length > 1) {
    points.push(`Partners with a surplus in their trade with China in ${year}: ${surpluses.map((s) => s.partner.name).join(', ')}.`);
  }
  const changes = ry.members
    .map((m) => ({ partner: m.partner, change: model.partnerYear(m.partner.id, year)?.flows.total.computedChange }))
    .filter((c) => c.change !== undefined)
    .sort((a, b) => Math.abs(b.change!.usd.usd) - Math.abs(a.change!.usd.usd));
  const biggest = changes[0];
  if (biggest?.change) {
    const change = marks.after(`${formatUsd(biggest.change.usd, { signed: true })} on ${year - 1} (derived)`, biggest.change.usd.citations);
    points.push(`Biggest change in ${region.name}: ${biggest.partner.name}, ${change}.`);
  }
  const named = (id: string, citing?: string) => marks.name(citation(id, citing));
  for (const note of ry.notes) points.push(`Data note: ${describeNote(note, region.name, ry.period, named)}`);
  for (const m of ry.members) {
    const py = model.partnerYear(m.partner.id, year);
    for (const note of py?.notes ?? []) points.push(`Data note: ${describeNote(note, m.partner.name, py!.period, named)}`);
  }
  return points;
}

/** The footer, suggesting how to cite the first figure a key point gives (else a region's latest total). */
function keyPointsFooter(model: TradeModel, briefing: readonly BoundKeyPoint[], regions: readonly Region[]): string {
  const first = briefing.flatMap((k) => Object.values(k.record.cites))[0];
  if (first) return figuresFooter(first.partner, first.year, [first.flow]);
  const region = regions[0];
  const year = region ? latestYear(model, region) : undefined;
  return region && year !== undefined ? figuresFooter(region.id, year, ['total']) : FIGURES_FOOTER;
}

/** The key points as one embed: the briefing's own, then what the figures show. */
export function keyPointsMessage({ model, keyPoints }: Figures, regionId?: string): Reply {
  const regions = model.regions.filter((r) => regionId === undefined || r.id === regionId);
  const briefing = keyPoints.filter((k) => regions.some((r) => r.id === k.record.region));
  const marks = new SourceMarks(model);
  // Each figure a key point cites is marked; the point itself is its source's words, marked at the
  // end unless one of its figures already carries that mark.
  const lines = briefing.map((k) => {
    const own = citation(k.record.source);
    const figures = Object.values(k.figures);
    const text = renderKeyPoint(k, (v) => marks.after(formatUsd(v), v.citations));
    const covered = figures.some((v) => v.citations.some((c) => sameCitation(c, own)));
    return `• ${covered ? text : marks.after(text, [own])}`;
  });
  const derived = regions.flatMap((r) => derivedPoints(model, r, marks)).map((p) => `• ${p}`);
  const scope = regions.map((r) => r.name).join(' and ');
  return {
    data: {
      embeds: [
        {
          title: `Key points: China's trade with ${scope}`,
          description: [
            lines.length > 0 ? '**From the briefing**' : '',
            ...lines,
            derived.length > 0 ? '\n**From the figures**' : '',
            ...derived,
          ]
            .filter((l) => l !== '')
            .join('\n'),
          color: EMBED_COLOUR,
          fields: [marks.field()],
          footer: { text: keyPointsFooter(model, briefing, regions) },
        },
      ],
    },
  };
}

/** The asker's server and permissions in the channel are checked by the app, from `requires`. */
export function run(input: z.infer<typeof args>, ctx: CommandContext) {
  const message = keyPointsMessage(ctx, input.region === undefined ? undefined : resolveRegion(ctx.model, input.region).id);
  if (input.channel === undefined) return message;
  return {
    ...ephemeralReply(`Posting the key points in <#${input.channel}>…`),
    post: { channelId: input.channel, message, confirm: `Posted the key points in <#${input.channel}>: {link}` },
  };
}

export const keypoints = { definition, args, requires, run, autocomplete: completeRegion } satisfies CommandModule<typeof args>;
