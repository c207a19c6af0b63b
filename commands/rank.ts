import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { rankChart } from '../src/charts/tradeCharts.js';
import { balanceText, coverageName, growthText } from '../src/format/figures.js';
import { SourceMarks } from '../src/format/sourceMarks.js';
import { citableFlows, EMBED_COLOUR, figuresFooter, figureReply } from '../src/format/replies.js';
import { MEASURES, type Measure, type RankEntry, type Ranking } from '../src/model/views.js';
import { UserError } from '../src/core/userError.js';
import type { FiguresContext, CommandModule } from './contract.js';
import { completeRegion, regionArg, regionOption, resolveRegion, yearArg, yearOption } from './options.js';

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
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ by: z.enum(MEASURES), region: regionArg.optional(), year: yearArg });

/** A ranked figure with the marks of its sources (for a balance or derived growth: its inputs'). */
function entryText(marks: SourceMarks, entry: RankEntry, measure: Measure): string {
  if (measure === 'growth') return growthText(marks, entry);
  const value = entry.value!;
  if (measure === 'balance') return marks.after(balanceText(entry.partner.name, value), value.citations);
  return marks.value(value);
}

/** The latest year with any figure for the region (or for any partner). */
function defaultYear(ctx: FiguresContext, region: string | undefined): number {
  const years = region ? ctx.model.years(region) : ctx.model.allYears();
  const latest = years[years.length - 1];
  if (latest === undefined) throw new UserError('No figures loaded yet.');
  return latest;
}

/** The footer, with the figure to cite from the top of the ranking: the ranked flow, or the total that a balance or growth comes from. */
function rankFooter(ctx: FiguresContext, ranking: Ranking): string {
  const top = ranking.entries[0]!.partner;
  const flows = citableFlows(ctx.model.partnerYear(top.id, ranking.period)!);
  const measure = ranking.measure;
  const first = measure === 'total' || measure === 'china-exports' || measure === 'china-imports' ? measure : 'total';
  return figuresFooter(top.id, ranking.period.year, flows.includes(first) ? [first, ...flows.filter((f) => f !== first)] : flows);
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const region = input.region === undefined ? undefined : resolveRegion(ctx.model, input.region).id;
  const year = input.year ?? defaultYear(ctx, region);
  const ranking = ctx.model.ranking(input.by, year, region, RANK_ROWS);
  const scope = ranking.region?.name ?? coverageName(ctx.model);
  if (ranking.entries.length === 0) {
    const partners = region ? ctx.model.members(region) : ctx.model.partners;
    const years = [...new Set(partners.flatMap((p) => ctx.model.years(p.id)))].sort((a, b) => a - b);
    throw new UserError(
      `No ${MEASURE_NAMES[input.by]} figures for the partners in ${scope} in ${year}. Years with partner figures: ${years.join(', ')}.`,
    );
  }
  const marks = new SourceMarks(ctx.model);
  const lines = ranking.entries.map((e, i) => `${i + 1}. **${e.partner.name}**: ${entryText(marks, e, input.by)}`);
  if (ranking.count > ranking.entries.length) lines.push(`…and ${ranking.count - ranking.entries.length} more`);
  if (ranking.notReported.length > 0) lines.push(`Not reported: ${ranking.notReported.map((p) => p.name).join(', ')}`);
  return figureReply(
    {
      title: `${scope}: ranked by ${MEASURE_NAMES[input.by]}, ${year}`,
      description: lines.join('\n'),
      color: EMBED_COLOUR,
      fields: [marks.field()],
      footer: { text: rankFooter(ctx, ranking) },
    },
    ctx.charts.image(rankChart(ctx.model, ranking, MEASURE_NAMES[input.by])),
  );
}

export const rank = { definition, args, reusable: true, run, autocomplete: completeRegion } satisfies CommandModule<typeof args>;
