import {
  ApplicationCommandOptionType,
  ChannelType,
  PermissionFlagsBits,
  type APIApplicationCommandOptionChoice,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { describeNote } from '../src/format/notes.js';
import { formatUsd, formatUsdAsWritten } from '../src/format/numbers.js';
import { EMBED_COLOUR, ephemeralReply, FIGURES_FOOTER, figuresFooter } from '../src/format/replies.js';
import { growthText, shareText } from '../src/format/figures.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import { reported, sameCitation } from '../src/model/value.js';
import { keyPointsFor, latestFullYearOf, regionPeriods, renderKeyPoint, type BoundKeyPoint } from '../src/model/keypoints.js';
import { comparePeriods, fullYear, isFullYear, periodKey, periodLabel, previousPeriod, type Period } from '../src/model/period.js';
import type { Figures } from '../src/model/figures.js';
import type { TradeModel } from '../src/model/model.js';
import { surplusOf } from '../src/model/views.js';
import { FLOWS, type Flow, type Region, type YuanRecord } from '../src/model/schema.js';
import type { FocusedOption, RawOptions } from '../src/core/invocation.js';
import type { Reply } from '../src/core/reply.js';
import type { Requirement } from '../src/core/requirement.js';
import { UserError } from '../src/core/userError.js';
import type { CommandContext, CommandModule, FiguresContext } from './contract.js';
import {
  askedPeriod,
  channelArg,
  completeRegion,
  laterHint,
  namedPlaces,
  offerPeriods,
  periodArg,
  periodOption,
  POSTING,
  regionArg,
  regionOption,
  resolveRegion,
  type ChosenPeriod,
  type PeriodAsked,
} from './options.js';

export const definition = {
  name: 'keypoints',
  description: "The briefing's key points and what the figures show, here or posted to a channel",
  default_member_permissions: String(PermissionFlagsBits.ManageMessages),
  options: [
    regionOption('region', 'Only this region (default: all)', false),
    periodOption,
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
  period: periodArg,
  channel: channelArg.optional(),
});

const requires = [
  { in: { option: 'channel' }, ...POSTING, action: 'Posting key points into a channel', otherwise: 'Leave out channel to see them here.' },
] satisfies Requirement[];

const namesOf = (regions: readonly Region[]) => regions.map((r) => r.name).join(' and ');

/** Every period with a figure for any of the regions or their members, oldest first. */
function periodsOf(model: TradeModel, regions: readonly Region[]): Period[] {
  const byKey = new Map<string, Period>();
  for (const r of regions) for (const p of regionPeriods(model, r.id)) byKey.set(periodKey(p), p);
  return [...byKey.values()].sort(comparePeriods);
}

/**
 * The period /keypoints answers for: the one asked, if any region asked has figures for it (a
 * UserError lists those that do); else the latest full year with any figure, with the part-years
 * after it for the reply to mention.
 */
export function keyPointsPeriod(model: TradeModel, regions: readonly Region[], asked: PeriodAsked): ChosenPeriod {
  const available = periodsOf(model, regions);
  const name = namesOf(regions);
  if (available.length === 0) throw new UserError(`No figures for ${name} in any period yet.`);
  const period = askedPeriod(asked, available, name);
  if (period) return { period, later: [] };
  const { year, later } = latestFullYearOf(available);
  return year === undefined ? { period: available[available.length - 1]!, later: [] } : { period: fullYear(year), later };
}

const has = (periods: readonly Period[], period: Period) => periods.some((p) => periodKey(p) === periodKey(period));

/** "Kazakhstan, Kyrgyzstan and Uzbekistan". */
const listed = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');

/** Who reported a figure that is not China's customs', in words. */
function reporterWords(m: { reporter: 'partner' | 'not-stated'; agency?: string; statedBy?: string }): string {
  if (m.reporter === 'partner') return `according to ${m.agency ?? "the partner's own statistics"}`;
  return `as stated by ${m.statedBy ?? 'a source'} (whose figure, not stated)`;
}

/** The surplus point: said of all partners only where every member's exports and imports are both reported. */
function surplusPoint(model: TradeModel, region: Region, period: Period, marks: SourceMarks): string | undefined {
  const when = periodLabel(period);
  const balances = model.ranking('balance', period, region.id).entries.filter((e) => e.value);
  if (balances.length === 0) return undefined;
  const withBalance = new Set(balances.map((e) => e.partner.id));
  const missing = model.members(region.id).filter((p) => !withBalance.has(p.id));
  const unknown = missing.length > 0 ? `; China's exports and imports are not both reported for ${listed(missing.map((p) => p.name))}` : '';
  const surpluses = balances.filter((e) => surplusOf(e.value!) === 'partner');
  const amount = (e: (typeof balances)[number]) =>
    marks.after(`${formatUsd(e.value!, { magnitude: true })} in ${when} (derived)`, e.value!.citations);
  if (surpluses.length === 1) {
    const s = surpluses[0]!;
    if (missing.length === 0)
      return `${s.partner.name} is the only ${region.name} partner with a surplus in its trade with China: ${amount(s)}.`;
    if (balances.length === 1) return `${s.partner.name} had a surplus in its trade with China: ${amount(s)}${unknown}.`;
    return `${s.partner.name} is the only ${region.name} partner with a surplus in its trade with China among those whose exports and imports are both reported: ${amount(s)}${unknown}.`;
  }
  if (surpluses.length === 0) {
    const china = balances.filter((e) => surplusOf(e.value!) === 'china').map((e) => e.partner.name);
    if (china.length === 0) return undefined;
    if (missing.length === 0 && china.length === balances.length)
      return `China ran a surplus with every ${region.name} partner in ${when}.`;
    return `China ran a surplus in ${when} with ${listed(china)}${unknown}.`;
  }
  return `Partners with a surplus in their trade with China in ${when}: ${listed(surpluses.map((s) => s.partner.name))}${unknown}.`;
}

/**
 * What the figures themselves say about a region in a period: largest partner, fastest growth,
 * surpluses, biggest change, other reporters' figures where China's customs give none, and every
 * data note; each number marked with its sources.
 */
export function derivedPoints(model: TradeModel, region: Region, period: Period, marks: SourceMarks = new SourceMarks(model)): string[] {
  const when = periodLabel(period);
  if (!has(regionPeriods(model, region.id), period)) return [`No figures for ${region.name} in ${when}.`];
  const before = periodLabel(previousPeriod(period));
  const points: string[] = [];
  const ry = model.regionYear(region.id, period)!;
  const largest = ry.members.find((m) => m.total && model.isItemised(m.partner.id, period));
  if (largest?.total) {
    const total = marks.after(formatUsd(largest.total), largest.total.citations);
    const share = largest.share || largest.reportedShare ? `, ${shareText(marks, largest.reportedShare, largest.share)} of the region` : '';
    // Largest of those with a total: a member without one could be larger, and the point says so.
    const untold = ry.members.filter((m) => !m.total).map((m) => m.partner.name);
    const caveat = untold.length > 0 ? `; China's total is not reported for ${listed(untold)}` : '';
    points.push(`${largest.partner.name} is China's largest partner in ${region.name}: ${total} in ${when}${share}${caveat}.`);
  }
  const growth = model.ranking('growth', period, region.id).entries[0];
  if (growth?.percent) {
    points.push(`Fastest growth in ${region.name}: ${growth.partner.name}, ${growthText(marks, growth)} on ${before}.`);
  }
  const surplus = surplusPoint(model, region, period, marks);
  if (surplus) points.push(surplus);
  const members = ry.members.map((m) => ({ partner: m.partner, view: model.partnerYear(m.partner.id, period)! }));
  const changes = members
    .map((m) => ({ partner: m.partner, change: m.view.flows.total.computedChange }))
    .filter((c) => c.change !== undefined)
    .sort((a, b) => Math.abs(b.change!.usd.usd) - Math.abs(a.change!.usd.usd));
  const biggest = changes[0];
  if (biggest?.change) {
    const change = marks.after(`${formatUsd(biggest.change.usd, { signed: true })} on ${before} (derived)`, biggest.change.usd.citations);
    points.push(`Biggest change in ${region.name}: ${biggest.partner.name}, ${change}.`);
  }
  // A partner China's customs give nothing for in this period may still have a figure of its own
  // (or one whose reporter no source names): shown as such, never ranked with China's.
  for (const { partner, view } of members) {
    if (view.flows.total.value) continue;
    for (const m of view.mirror) {
      // The flow is China's; the partner's own statistics see it from the other side.
      const what = m.flow === 'total' ? 'total trade with China' : m.flow === 'china-exports' ? 'imports from China' : 'exports to China';
      const theirs = marks.after(formatUsd(m.theirs), m.theirs.citations);
      points.push(`${partner.name}'s ${what} in ${when}: ${theirs}, ${reporterWords(m)}; China's customs figure is not reported.`);
    }
  }
  // GACC also publishes in yuan: shown as written, where there is no dollar figure, never converted.
  for (const view of [ry, ...members.map((m) => m.view)]) {
    for (const y of view.yuan) {
      if (view.flows[y.flow].value) continue;
      const amount = marks.after(yuanText(y.record), [...citationsOf(y.record)]);
      points.push(`${flowWith(y.flow, view.place.name)} in ${when}, in yuan as China's customs published it: ${amount} (not converted).`);
    }
  }
  if (points.length === 0 && !has(periodsWithChina(model, region), period)) {
    points.push(`No China's customs figures for ${region.name} in ${when}.`);
  }
  const named = (id: string, citing?: string) => marks.name(citation(id, citing));
  const dated = (r: { period?: Period | undefined }) => r.period !== undefined && periodKey(r.period) === periodKey(period);
  // A note that does not name its place ("China's exports ($784 m) and imports ...") says whose it is.
  const note = (place: string, text: string) => (text.includes(place) ? `Data note: ${text}` : `Data note on ${place}: ${text}`);
  for (const n of ry.notes) points.push(note(region.name, describeNote(n, region.name, period, named)));
  for (const r of ry.remarks.filter(dated)) points.push(note(region.name, marks.after(r.text, [citation(r.source)])));
  for (const { partner, view } of members) {
    for (const n of view.notes) points.push(note(partner.name, describeNote(n, partner.name, period, named)));
    for (const r of view.remarks.filter(dated)) points.push(note(partner.name, marks.after(r.text, [citation(r.source)])));
  }
  return points;
}

function flowWith(flow: Flow, place: string): string {
  if (flow === 'china-exports') return `China's exports to ${place}`;
  if (flow === 'china-imports') return `China's imports from ${place}`;
  return `China's total trade with ${place}`;
}

/** "312.04 bn yuan": the digits GACC printed. */
function yuanText(record: YuanRecord): string {
  return `${formatUsdAsWritten(reported(record.cny, record.qualifier, record.sources)).replace('$', '')} yuan`;
}

const citationsOf = (record: YuanRecord) => record.sources.map((id) => citation(id, record.citing?.[id]));

/** Periods with China's customs figures for a region or its members. */
function periodsWithChina(model: TradeModel, region: Region): Period[] {
  return [region.id, ...model.members(region.id).map((p) => p.id)].flatMap((id) => model.chinaPeriods(id));
}

/**
 * The footer, suggesting how to cite the first figure a key point gives, else the first place of
 * the reply with a China's customs figure. /cite takes full years, so a part-year reply suggests none.
 */
function keyPointsFooter(model: TradeModel, briefing: readonly BoundKeyPoint[], regions: readonly Region[], period: Period): string {
  const first = briefing.flatMap((k) => Object.values(k.record.cites))[0];
  if (first) return figuresFooter(first.partner, first.year, [first.flow]);
  if (!isFullYear(period)) return FIGURES_FOOTER;
  for (const region of regions) {
    const views = [model.regionYear(region.id, period)!, ...model.members(region.id).map((p) => model.partnerYear(p.id, period)!)];
    for (const view of views) {
      // /cite answers for China's customs figures: another reporter's alone is not suggested.
      const flows = FLOWS.filter((f) => view.flows[f].value !== undefined);
      if (flows.length > 0) return figuresFooter(view.place.id, period.year, flows.includes('total') ? ['total'] : flows.slice(0, 1));
    }
  }
  return FIGURES_FOOTER;
}

/** The key points as one embed: the briefing's own for its period, then what the figures show. */
export function keyPointsMessage({ model, keyPoints }: Figures, regionId?: string, asked: PeriodAsked = {}): Reply {
  const regions = model.regions.filter((r) => regionId === undefined || r.id === regionId);
  const { period, later } = keyPointsPeriod(model, regions, asked);
  const briefing = keyPointsFor(
    keyPoints,
    period,
    regions.map((r) => r.id),
  );
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
  const derived = regions.flatMap((r) => derivedPoints(model, r, period, marks)).map((p) => `• ${p}`);
  const hint = laterHint(later, regionId === undefined ? '/keypoints' : `/keypoints region:${regionId}`);
  return {
    data: {
      embeds: [
        {
          title: `Key points: China's trade with ${namesOf(regions)}, ${periodLabel(period)}`,
          description: [
            lines.length > 0 ? '**From the briefing**' : '',
            ...lines,
            derived.length > 0 ? `${lines.length > 0 ? '\n' : ''}**From the figures**` : '',
            ...derived,
            hint ? `\n${hint}` : '',
          ]
            .filter((l) => l !== '')
            .join('\n'),
          color: EMBED_COLOUR,
          fields: [marks.field()],
          footer: { text: keyPointsFooter(model, briefing, regions, period) },
        },
      ],
    },
  };
}

/**
 * Autocomplete: regions from the data; periods those named so far have (all regions' when none is),
 * latest first, matching what was typed.
 */
export function autocomplete(focused: FocusedOption, ctx: FiguresContext, options: RawOptions): APIApplicationCommandOptionChoice[] {
  if (focused.name !== 'period') return completeRegion(focused, ctx);
  // A region named so far narrows the periods; none (or a country typed as the region) offers every region's.
  const named = namedPlaces(ctx.model, options, ['region']);
  const chosen = ctx.model.regions.filter((r) => named.includes(r.id));
  const regions = chosen.length > 0 ? chosen : ctx.model.regions;
  return offerPeriods(focused, periodsOf(ctx.model, regions));
}

/** The asker's server and permissions in the channel are checked by the app, from `requires`. */
export function run(input: z.infer<typeof args>, ctx: CommandContext) {
  const regionId = input.region === undefined ? undefined : resolveRegion(ctx.model, input.region).id;
  const message = keyPointsMessage(ctx, regionId, { period: input.period });
  if (input.channel === undefined) return message;
  return {
    ...ephemeralReply(`Posting the key points in <#${input.channel}>…`),
    post: { channelId: input.channel, message, confirm: `Posted the key points in <#${input.channel}>: {link}` },
  };
}

export const keypoints = { definition, args, requires, run, autocomplete } satisfies CommandModule<typeof args>;
