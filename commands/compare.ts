import type { APIEmbedField, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { compareChart } from '../src/charts/tradeCharts.js';
import { balanceText, changeSummary } from '../src/format/figures.js';
import { SourceMarks } from '../src/format/sourceMarks.js';
import { citableFlows, EMBED_COLOUR, figuresFooter, figureReply } from '../src/format/replies.js';
import type { Partner } from '../src/model/schema.js';
import { UserError } from '../src/core/userError.js';
import type { FiguresContext, CommandModule } from './contract.js';
import { completeCountry, countryArg, countryOption, resolvePartner, yearArg, yearOption } from './options.js';

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
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({
  first: countryArg,
  second: countryArg,
  third: countryArg.optional(),
  fourth: countryArg.optional(),
  fifth: countryArg.optional(),
  year: yearArg,
});

/** The latest year every partner has figures for, or the asked one if they all have it. */
function commonYear(ctx: FiguresContext, partners: readonly Partner[], year: number | undefined): number {
  const sets = partners.map((p) => new Set(ctx.model.years(p.id)));
  const common = [...(sets[0] ?? [])].filter((y) => sets.every((s) => s.has(y))).sort((a, b) => a - b);
  if (year !== undefined) {
    const missing = partners.filter((_, i) => !sets[i]!.has(year));
    if (missing.length > 0) {
      const hint = common.length > 0 ? ` Years all of them have: ${common.join(', ')}.` : '';
      throw new UserError(`No figures in ${year} for ${missing.map((p) => p.name).join(', ')}.${hint}`);
    }
    return year;
  }
  const latest = common[common.length - 1];
  if (latest === undefined)
    throw new UserError(`These countries have no year of figures in common: ${partners.map((p) => p.name).join(', ')}.`);
  return latest;
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const named = SLOTS.map((slot) => input[slot]).filter((v): v is string => v !== undefined);
  const partners = named.map((text) => resolvePartner(ctx.model, text));
  const twice = partners.find((p, i) => partners.findIndex((q) => q.id === p.id) !== i);
  if (twice) throw new UserError(`${twice.name} is named twice. Give two to five different countries.`);
  const year = commonYear(ctx, partners, input.year);
  const rows = partners.map((p) => ctx.model.partnerYear(p.id, year)!);
  const marks = new SourceMarks(ctx.model);
  const fields: APIEmbedField[] = rows.map((py) => ({
    name: py.place.name,
    value: [
      `Total: ${marks.value(py.flows.total.value)}`,
      `China's exports: ${marks.value(py.flows['china-exports'].value)}`,
      `China's imports: ${marks.value(py.flows['china-imports'].value)}`,
      `Balance: ${marks.after(balanceText(py.place.name, py.balance), py.balance?.citations ?? [])}`,
      `Change on ${year - 1}: ${changeSummary(marks, py.flows.total)}`,
    ].join('\n'),
    inline: true,
  }));
  fields.push(marks.field());
  return figureReply(
    {
      title: `China's trade with ${partners.map((p) => p.name).join(', ')}, ${year}`,
      description: "China's exports are goods from China to the partner; China's imports are goods from the partner to China.",
      color: EMBED_COLOUR,
      fields,
      footer: { text: figuresFooter(rows[0]!.place.id, year, citableFlows(rows[0]!)) },
    },
    ctx.charts.image(compareChart(ctx.model, rows, year)),
  );
}

export const compare = { definition, args, reusable: true, run, autocomplete: completeCountry } satisfies CommandModule<typeof args>;
