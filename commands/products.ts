import type {
  APIApplicationCommandOptionChoice,
  APIEmbedField,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { productLabel, productsChart } from '../src/charts/historyCharts.js';
import { changeAmount, NOT_REPORTED } from '../src/format/figures.js';
import { formatShare } from '../src/format/numbers.js';
import { EMBED_COLOUR, FIGURES_FOOTER, figureReply, withFile } from '../src/format/replies.js';
import { csvFile, productRows } from '../src/format/csv.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import type { TradeModel } from '../src/model/model.js';
import { periodKey, periodLabel, previousPeriod, type Period } from '../src/model/period.js';
import type { Flow, Partner } from '../src/model/schema.js';
import type { ProductView } from '../src/model/views.js';
import type { FocusedOption, RawOptions } from '../src/core/invocation.js';
import { UserError } from '../src/core/userError.js';
import type { CommandModule, FiguresContext } from './contract.js';
import {
  askedPeriod,
  completeCountry,
  completePeriod,
  countryArg,
  countryOption,
  formatArg,
  formatOption,
  namedPlaces,
  periodArg,
  periodList,
  periodOption,
  resolvePartner,
} from './options.js';

export const definition = {
  name: 'products',
  description: 'Product figures for one country (pipeline gas...), each with its share of the flow it is part of',
  options: [
    countryOption('country', 'A country in Central Asia or the South Caucasus', true),
    { ...periodOption, description: 'Period: 2025, H1 2023... (default: the latest period with product figures)' },
    formatOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ country: countryArg, period: periodArg, format: formatArg });

/** The periods a place has product figures for, oldest first. */
export function productPeriods(model: TradeModel, id: string): Period[] {
  return model.periods(id).filter((p) => model.productFigures(id, p).length > 0);
}

/** "Kazakhstan (2024, 2025), Turkmenistan (Jan–Jun 2023, 2024, 2025)": who has product figures, for an error that says what would work. */
function whoHasProducts(model: TradeModel): string {
  return model.partners
    .map((p) => [p, productPeriods(model, p.id)] as const)
    .filter(([, periods]) => periods.length > 0)
    .map(([p, periods]) => `${p.name} (${periodList(periods)})`)
    .join(', ');
}

/** "China's imports from Turkmenistan", "China's exports to Georgia", "China's trade with Armenia". */
export function flowPhrase(flow: Flow, partner: Partner): string {
  if (flow === 'china-exports') return `China's exports to ${partner.name}`;
  if (flow === 'china-imports') return `China's imports from ${partner.name}`;
  return `China's trade with ${partner.name}`;
}

/**
 * One product's field: its value as printed, every change a source reports for it, and its share
 * of China's figure for the whole flow (derived, to the digits the two figures support), or why
 * there is no share. Never a remainder of the flow.
 */
function productField(marks: SourceMarks, partner: Partner, period: Period, view: ProductView): APIEmbedField {
  const whole = flowPhrase(view.flow, partner);
  const before = periodLabel(previousPeriod(period));
  const lines = [marks.value(view.value)];
  for (const c of view.changes) lines.push(`On ${before}: ${marks.after(changeAmount(c), [citation(c.source, c.citing)])}`);
  if (view.share && view.flowValue)
    lines.push(
      `Share of ${whole} (${marks.value(view.flowValue)}): ${marks.after(`${formatShare(view.share)} (derived)`, view.share.citations)}`,
    );
  else lines.push(`${whole} in ${periodLabel(period)}: ${NOT_REPORTED}, so no share`);
  if (view.record.note) lines.push(`Note: ${view.record.note}`);
  const hs = view.product.hs ? ` (HS ${view.product.hs})` : '';
  return { name: `${productLabel(view.product.name)}${hs}, part of ${whole}`, value: lines.join('\n') };
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const partner = resolvePartner(ctx.model, input.country);
  const periods = productPeriods(ctx.model, partner.id);
  if (periods.length === 0)
    throw new UserError(`No product figures for ${partner.name} in the data. Product figures in the data: ${whoHasProducts(ctx.model)}.`);
  const period = askedPeriod({ period: input.period }, periods, `products of ${partner.name}`) ?? periods[periods.length - 1]!;
  const views = ctx.model.productFigures(partner.id, period);
  const marks = new SourceMarks(ctx.model);
  const fields = views.map((v) => productField(marks, partner, period, v));
  fields.push(marks.field());
  const others = periods.filter((p) => periodKey(p) !== periodKey(period));
  const otherLine =
    others.length > 0
      ? `\nOther periods with product figures: ${periodList(others)} (/products country:${partner.id} period:${periodLabel(others[others.length - 1]!).replace('–', '-')}).`
      : '';
  const reply = figureReply(
    {
      title: `Products in China's trade with ${partner.name}, ${periodLabel(period)}`,
      description:
        'A product figure is part of a flow, never a flow of its own; the rest of the flow is not itemised here.' +
        ` China's exports are goods from China to ${partner.name}; China's imports are goods from ${partner.name} to China.` +
        otherLine,
      color: EMBED_COLOUR,
      fields,
      footer: { text: FIGURES_FOOTER },
    },
    ctx.charts.image(productsChart(ctx.model, partner, period, views)),
  );
  if (input.format !== 'csv') return reply;
  return withFile(reply, csvFile(ctx.model, ['products', partner.id, periodKey(period)], productRows(partner, period, views)));
}

/** Country as usual; period: only the periods with product figures for the country named (or for any country). */
export function autocomplete(focused: FocusedOption, ctx: FiguresContext, options: RawOptions): APIApplicationCommandOptionChoice[] {
  if (focused.name !== 'period') return completeCountry(focused, ctx);
  const named = namedPlaces(ctx.model, options, ['country']);
  const ids = named.length > 0 ? named : ctx.model.partners.map((p) => p.id);
  const withProducts = new Set(ids.flatMap((id) => productPeriods(ctx.model, id).map(periodKey)));
  return completePeriod(focused, ctx.model, named).filter((c) => withProducts.has(String(c.value)));
}

export const products = { definition, args, reusable: true, run, autocomplete } satisfies CommandModule<typeof args>;
