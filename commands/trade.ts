import type { APIEmbedField, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { tradeChart } from '../src/charts/tradeCharts.js';
import { describeNote } from '../src/format/notes.js';
import { alsoReportedText, balanceText, changeAmount, changeField, changeLines, shareText, yuanField } from '../src/format/figures.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import { formatUsd, TOO_CLOSE } from '../src/format/numbers.js';
import { citableFlows, EMBED_COLOUR, figuresFooter, figureReply, withFile } from '../src/format/replies.js';
import { csvFile, partnerYearRows } from '../src/format/csv.js';
import type { TradeModel } from '../src/model/model.js';
import { periodKey, periodLabel, previousPeriod, type Period } from '../src/model/period.js';
import { FLOWS, type Partner } from '../src/model/schema.js';
import type { PartnerYear, FlowView } from '../src/model/views.js';
import type { FiguresContext, CommandModule } from './contract.js';
import {
  choosePeriod,
  completeCountry,
  countryArg,
  countryOption,
  formatArg,
  formatOption,
  laterHint,
  periodArg,
  periodOption,
  resolvePartner,
  yearArg,
  withPeriods,
  yearOption,
} from './options.js';

export const definition = {
  name: 'trade',
  description: "China's trade with one country: totals, direction, balance, change, share, sources",
  options: [countryOption('country', 'A country in Central Asia or the South Caucasus', true), yearOption, periodOption, formatOption],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ country: countryArg, year: yearArg, period: periodArg, format: formatArg });

function flowField(marks: SourceMarks, name: string, view: FlowView): APIEmbedField {
  // A customs dataset says how it valued the goods: imports at the border with freight (CIF), exports without (FOB).
  const valuation = view.record?.valuation ? ` (${view.record.valuation})` : '';
  const value = `${marks.value(view.value)}${valuation}`;
  const also = alsoReportedText(marks, view);
  const changes = view.flow === 'total' ? [] : changeLines(marks, view);
  const lines = [also ? `${value}, ${also}` : value, ...changes];
  return { name, value: lines.join('\n'), inline: view.flow !== 'total' || changes.length === 0 };
}

/** Every field of a partner-year reply, each value marked with its sources, and the Sources field they point to. */
export function tradeEmbedFields(model: TradeModel, py: PartnerYear): APIEmbedField[] {
  const marks = new SourceMarks(model);
  const fields: APIEmbedField[] = [
    flowField(marks, 'Total trade', py.flows.total),
    flowField(marks, "China's exports (to " + py.place.name + ')', py.flows['china-exports']),
    flowField(marks, "China's imports (from " + py.place.name + ')', py.flows['china-imports']),
    {
      name: 'Balance',
      value: py.balance
        ? marks.after(balanceText(py.place.name, py.balance), py.balance.citations)
        : balanceText(py.place.name, py.balance),
    },
    changeField(marks, py.flows.total, py.period),
  ];
  if (py.share) {
    const reported =
      py.share.reportedPercent !== undefined
        ? {
            percent: py.share.reportedPercent,
            source: py.share.reportedSource!,
            ...(py.share.reportedCiting ? { citing: py.share.reportedCiting } : {}),
          }
        : undefined;
    const share = shareText(marks, reported, py.share.computed);
    const rank = py.rank ? ` · rank ${py.rank.rank} of ${py.rank.of}` : '';
    fields.push({ name: `Share of ${py.region?.name ?? 'its region'}`, value: `${share}${rank}` });
  }
  const before = periodLabel(previousPeriod(py.period));
  const yuan = yuanField(marks, py.yuan);
  if (yuan) fields.push(yuan);
  for (const m of py.mirror) {
    const what =
      m.flow === 'total'
        ? 'total trade'
        : m.flow === 'china-exports'
          ? `${py.place.name}'s imports from China`
          : `${py.place.name}'s exports to China`;
    const theirs = marks.after(formatUsd(m.theirs), m.theirs.citations);
    const changes = m.changes.map((c) => marks.after(`${changeAmount(c)} on ${before}`, [citation(c.source, c.citing)]));
    const valuation = m.theirs.record?.valuation ? `valued ${m.theirs.record.valuation}` : undefined;
    const who = [m.agency, valuation, m.note?.replace(/\.$/, '')].filter((w) => w !== undefined).join('; ');
    const gapSize = m.gap ? formatUsd(m.gap, { magnitude: true }) : undefined;
    const ours = m.ours ? marks.after(formatUsd(m.ours), m.ours.citations) : '';
    const gap =
      m.gap && m.ours && gapSize
        ? gapSize === TOO_CLOSE
          ? `; China's figure ${ours} is too close to call against it (derived)`
          : `; China's figure ${ours} is ${gapSize} ${m.gap.usd >= 0 ? 'higher' : 'lower'} (derived)`
        : '';
    const name =
      m.reporter === 'partner'
        ? `${py.place.name}'s own statistics: ${what}`
        : `Stated by ${m.statedBy ?? 'a source'} (whose figure, not stated): ${what}`;
    fields.push({ name, value: `${[theirs, ...changes].join(', ')}${who ? ` (${who})` : ''}${gap}` });
  }
  const notes = [
    ...Object.values(py.flows).flatMap((v) => (v.record?.note ? [v.record.note] : [])),
    ...py.notes.map((n) => describeNote(n, py.place.name, py.period, (id, citing) => marks.name(citation(id, citing)))),
    ...py.remarks.map((r) => marks.after(r.text, [citation(r.source)])),
  ];
  if (notes.length > 0) fields.push({ name: 'Data notes', value: notes.map((n) => `• ${n}`).join('\n') });
  fields.push(marks.field());
  return fields;
}

/** What a reader should know about the period before the figures: where China's are, and what came later. */
function periodLines(model: TradeModel, partner: Partner, py: PartnerYear, later: readonly Period[]): string[] {
  const lines: string[] = [];
  const when = periodLabel(py.period);
  const hasChina = FLOWS.some((f) => py.flows[f].value !== undefined);
  if (hasChina && !model.isItemised(partner.id, py.period))
    lines.push(
      `${partner.name} is not itemised in China's ${when} figures that we have; its total is what remains of the ${py.region?.name ?? 'region'} total.`,
    );
  if (!hasChina) {
    const years = model.years(partner.id);
    const latest = years[years.length - 1];
    lines.push(
      `China's customs figures for ${when}: not reported in the sources we have.` +
        (latest !== undefined ? ` The latest are for ${latest}: /trade ${partner.id} ${latest}` : ''),
    );
  }
  const hint = laterHint(later, `/trade ${partner.id}`);
  if (hint) lines.push(hint);
  return lines;
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const partner = resolvePartner(ctx.model, input.country);
  const { period, later } = choosePeriod(ctx.model, partner.id, partner.name, input);
  const py = ctx.model.partnerYear(partner.id, period)!;
  const description = [
    `China's exports are goods from China to ${partner.name}; China's imports are goods from ${partner.name} to China.`,
    ...periodLines(ctx.model, partner, py, later),
  ].join('\n');
  const reply = figureReply(
    {
      title: `China–${partner.name} trade, ${periodLabel(period)}`,
      description,
      color: EMBED_COLOUR,
      fields: tradeEmbedFields(ctx.model, py),
      footer: { text: figuresFooter(partner.id, period, citableFlows(py)) },
    },
    ctx.charts.image(tradeChart(ctx.model, partner)),
  );
  if (input.format !== 'csv') return reply;
  return withFile(reply, csvFile(ctx.model, ['trade', partner.id, periodKey(period)], partnerYearRows(py)));
}

export const trade = {
  definition,
  args,
  reusable: true,
  run,
  autocomplete: withPeriods(completeCountry, ['country']),
} satisfies CommandModule<typeof args>;
