import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { rankChart } from '../src/charts/tradeCharts.js';
import { balanceText, coverageName, growthText } from '../src/format/figures.js';
import { SourceMarks } from '../src/format/sourceMarks.js';
import { citableFlows, EMBED_COLOUR, figuresFooter, figureReply, withFile } from '../src/format/replies.js';
import { csvFile, rankingRows } from '../src/format/csv.js';
import { MEASURES, type Measure, type RankEntry, type Ranking } from '../src/model/views.js';
import { UserError } from '../src/core/userError.js';
import type { FiguresContext, CommandModule } from './contract.js';
import {
  askedPeriod,
  completeRegion,
  formatArg,
  formatOption,
  laterHint,
  namedPlaces,
  offerPeriods,
  periodArg,
  periodList,
  periodOption,
  regionArg,
  regionOption,
  resolveRegion,
  yearArg,
  yearOption,
  type ChosenPeriod,
  type PeriodAsked,
} from './options.js';
import { comparePeriods, isFullYear, periodKey, periodLabel, type Period } from '../src/model/period.js';

const MEASURE_NAMES: Record<Measure, string> = {
  total: 'total trade',
  'china-exports': "China's exports",
  'china-imports': "China's imports",
  balance: "balance (China's exports − China's imports)",
  growth: 'growth of total trade on the previous year',
};

/** Rows a ranking shows: more would not fit one embed, and nobody reads past them in a chat. */
const RANK_ROWS = 25;

export const definition = {
  name: 'rank',
  description: 'Partners ranked by a measure of their trade with China',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'by',
      description: 'What to rank by',
      required: true,
      choices: MEASURES.map((m) => ({ name: MEASURE_NAMES[m].slice(0, 100), value: m })),
    },
    regionOption('region', 'Only this region (default: all)', false),
    yearOption,
    periodOption,
    formatOption,
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ by: z.enum(MEASURES), region: regionArg.optional(), year: yearArg, period: periodArg, format: formatArg });

/** A ranked figure with the marks of its sources (for a balance or derived growth: its inputs'). */
function entryText(marks: SourceMarks, entry: RankEntry, measure: Measure): string {
  if (measure === 'growth') return growthText(marks, entry);
  const value = entry.value!;
  if (measure === 'balance') return marks.after(balanceText(entry.partner.name, value), value.citations);
  return marks.value(value);
}

/** China's periods of the partners ranked: a ranking is of China's figures only, one reporter's numbers. */
function rankablePeriods(ctx: FiguresContext, region: string | undefined): Period[] {
  const partners = region ? ctx.model.members(region) : ctx.model.partners;
  const byKey = new Map(partners.flatMap((p) => ctx.model.chinaPeriods(p.id)).map((p) => [periodKey(p), p]));
  return [...byKey.values()].sort(comparePeriods);
}

/** The asked period, else the latest full year with China's figures for the partners, with the part-years after it. */
function rankPeriod(ctx: FiguresContext, region: string | undefined, scope: string, asked: PeriodAsked): ChosenPeriod {
  const periods = rankablePeriods(ctx, region);
  const period = askedPeriod(asked, periods, `the partners in ${scope}`);
  if (period) return { period, later: [] };
  const years = periods.filter(isFullYear);
  const latest = years[years.length - 1];
  if (latest === undefined) throw new UserError('No figures loaded yet.');
  return { period: latest, later: periods.filter((p) => p.year > latest.year && !isFullYear(p)) };
}

/** The footer, with the figure to cite from the top of the ranking: the ranked flow, or the total that a balance or growth comes from. */
function rankFooter(ctx: FiguresContext, ranking: Ranking): string {
  const top = ranking.entries[0]!.partner;
  const flows = citableFlows(ctx.model.partnerYear(top.id, ranking.period)!);
  const measure = ranking.measure;
  const first = measure === 'total' || measure === 'china-exports' || measure === 'china-imports' ? measure : 'total';
  return figuresFooter(top.id, ranking.period, flows.includes(first) ? [first, ...flows.filter((f) => f !== first)] : flows);
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const region = input.region === undefined ? undefined : resolveRegion(ctx.model, input.region).id;
  const scope = region ? ctx.model.place(region)!.name : coverageName(ctx.model);
  const { period, later } = rankPeriod(ctx, region, scope, input);
  const ranking = ctx.model.ranking(input.by, period, region, RANK_ROWS);
  if (ranking.entries.length === 0) {
    throw new UserError(
      `No ${MEASURE_NAMES[input.by]} figures for the partners in ${scope} in ${periodLabel(period)}. ` +
        `Periods with partner figures: ${periodList(rankablePeriods(ctx, region))}.`,
    );
  }
  const marks = new SourceMarks(ctx.model);
  const lines = ranking.entries.map((e, i) => `${i + 1}. **${e.partner.name}**: ${entryText(marks, e, input.by)}`);
  if (ranking.count > ranking.entries.length) lines.push(`…and ${ranking.count - ranking.entries.length} more`);
  if (ranking.notReported.length > 0) lines.push(`Not reported: ${ranking.notReported.map((p) => p.name).join(', ')}`);
  const hint = laterHint(later, `/rank ${input.by}${region ? ` ${region}` : ''}`);
  if (hint) lines.push(hint);
  const reply = figureReply(
    {
      title: `${scope}: ranked by ${MEASURE_NAMES[input.by]}, ${periodLabel(period)}`,
      description: lines.join('\n'),
      color: EMBED_COLOUR,
      fields: [marks.field()],
      footer: { text: rankFooter(ctx, ranking) },
    },
    ctx.charts.image(rankChart(ctx.model, ranking, MEASURE_NAMES[input.by])),
  );
  if (input.format !== 'csv') return reply;
  return withFile(reply, csvFile(ctx.model, ['rank', input.by, region ?? 'all', periodKey(period)], rankingRows(ranking)));
}

export const rank = {
  definition,
  args,
  reusable: true,
  run,
  autocomplete: (focused, ctx, options) =>
    focused.name === 'period'
      ? offerPeriods(focused, rankablePeriods(ctx, namedPlaces(ctx.model, options, ['region'])[0]))
      : completeRegion(focused, ctx),
} satisfies CommandModule<typeof args>;
