import type { APIEmbedField, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { compareChart } from '../src/charts/tradeCharts.js';
import { balanceText, changeSummary } from '../src/format/figures.js';
import { SourceMarks } from '../src/format/sourceMarks.js';
import { citableFlows, EMBED_COLOUR, figuresFooter, figureReply, withFile } from '../src/format/replies.js';
import { compareRows, csvFile } from '../src/format/csv.js';
import type { Partner } from '../src/model/schema.js';
import { UserError } from '../src/core/userError.js';
import type { FiguresContext, CommandModule } from './contract.js';
import {
  askedPeriod,
  completeCountry,
  countryArg,
  countryOption,
  formatArg,
  formatOption,
  laterHint,
  periodArg,
  periodList,
  periodOption,
  resolvePartner,
  yearArg,
  withPeriods,
  yearOption,
  type ChosenPeriod,
  type PeriodAsked,
} from './options.js';
import { isFullYear, periodKey, periodLabel, previousPeriod } from '../src/model/period.js';

const SLOTS = ['first', 'second', 'third', 'fourth', 'fifth'] as const;

export const definition = {
  name: 'compare',
  description: "China's trade with two to five countries side by side, with a chart",
  options: [
    countryOption('first', 'First country', true),
    countryOption('second', 'Second country', true),
    countryOption('third', 'Third country (optional)', false),
    countryOption('fourth', 'Fourth country (optional)', false),
    countryOption('fifth', 'Fifth country (optional)', false),
    yearOption,
    periodOption,
    formatOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({
  first: countryArg,
  second: countryArg,
  third: countryArg.optional(),
  fourth: countryArg.optional(),
  fifth: countryArg.optional(),
  year: yearArg,
  period: periodArg,
  format: formatArg,
});

const SLOT_NAMES: readonly string[] = SLOTS;

/**
 * The period asked for if every partner has China's figures for it; else the latest full year
 * they all have (China's figures: a comparison is of one reporter's numbers), with later part-years.
 */
function commonPeriod(ctx: FiguresContext, partners: readonly Partner[], asked: PeriodAsked): ChosenPeriod {
  const lists = partners.map((p) => ctx.model.chinaPeriods(p.id));
  const keys = lists.map((l) => new Set(l.map(periodKey)));
  const common = (lists[0] ?? []).filter((p) => keys.every((k) => k.has(periodKey(p))));
  const names = partners.map((p) => p.name).join(', ');
  const period = askedPeriod(asked, [...new Set(lists.flat())], names);
  if (period) {
    const missing = partners.filter((_, i) => !keys[i]!.has(periodKey(period)));
    if (missing.length > 0) {
      const hint = common.length > 0 ? ` Periods all of them have: ${periodList(common)}.` : '';
      throw new UserError(`No figures from China's customs in ${periodLabel(period)} for ${missing.map((p) => p.name).join(', ')}.${hint}`);
    }
    return { period, later: [] };
  }
  const years = common.filter(isFullYear);
  const latest = years[years.length - 1];
  if (latest === undefined) throw new UserError(`These countries have no year of China's figures in common: ${names}.`);
  return { period: latest, later: common.filter((p) => p.year > latest.year && !isFullYear(p)) };
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const named = SLOTS.map((slot) => input[slot]).filter((v): v is string => v !== undefined);
  const partners = named.map((text) => resolvePartner(ctx.model, text));
  const twice = partners.find((p, i) => partners.findIndex((q) => q.id === p.id) !== i);
  if (twice) throw new UserError(`${twice.name} is named twice. Give two to five different countries.`);
  const { period, later } = commonPeriod(ctx, partners, input);
  const rows = partners.map((p) => ctx.model.partnerYear(p.id, period)!);
  const marks = new SourceMarks(ctx.model);
  const fields: APIEmbedField[] = rows.map((py) => ({
    name: py.place.name,
    value: [
      `Total: ${marks.value(py.flows.total.value)}`,
      `China's exports: ${marks.value(py.flows['china-exports'].value)}`,
      `China's imports: ${marks.value(py.flows['china-imports'].value)}`,
      `Balance: ${marks.after(balanceText(py.place.name, py.balance), py.balance?.citations ?? [])}`,
      `Change on ${periodLabel(previousPeriod(period))}: ${changeSummary(marks, py.flows.total)}`,
    ].join('\n'),
    inline: true,
  }));
  fields.push(marks.field());
  const reply = figureReply(
    {
      title: `China's trade with ${partners.map((p) => p.name).join(', ')}, ${periodLabel(period)}`,
      description: [
        "China's exports are goods from China to the partner; China's imports are goods from the partner to China.",
        ...[laterHint(later, `/compare ${partners.map((p) => p.id).join(' ')}`)].filter((h) => h !== undefined),
      ].join('\n'),
      color: EMBED_COLOUR,
      fields,
      footer: { text: figuresFooter(rows[0]!.place.id, period, citableFlows(rows[0]!)) },
    },
    ctx.charts.image(compareChart(ctx.model, rows, period)),
  );
  if (input.format !== 'csv') return reply;
  return withFile(reply, csvFile(ctx.model, ['compare', ...partners.map((p) => p.id), periodKey(period)], compareRows(rows)));
}

export const compare = {
  definition,
  args,
  reusable: true,
  run,
  autocomplete: withPeriods(completeCountry, SLOT_NAMES),
} satisfies CommandModule<typeof args>;
