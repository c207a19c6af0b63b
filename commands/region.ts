import type { APIEmbedField, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { describeNote } from '../src/format/notes.js';
import { formatUsd } from '../src/format/numbers.js';
import { regionChart } from '../src/charts/tradeCharts.js';
import { alsoReportedText, balanceText, changeField, shareText, yuanField } from '../src/format/figures.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import { citableFlows, EMBED_COLOUR, figuresFooter, figureReply, withFile } from '../src/format/replies.js';
import { csvFile, regionYearRows } from '../src/format/csv.js';
import type { FlowView, RegionYear } from '../src/model/views.js';
import type { FiguresContext, CommandModule } from './contract.js';
import {
  choosePeriod,
  completeRegion,
  formatArg,
  formatOption,
  laterHint,
  periodArg,
  periodOption,
  regionArg,
  regionOption,
  resolveRegion,
  yearArg,
  withPeriods,
  yearOption,
} from './options.js';
import { periodKey, periodLabel } from '../src/model/period.js';

export const definition = {
  name: 'region',
  description: "China's trade with a whole region: total, partners' shares, what is not itemised",
  options: [regionOption('name', 'The region', true), yearOption, periodOption, formatOption],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ name: regionArg, year: yearArg, period: periodArg, format: formatArg });

function memberLines(marks: SourceMarks, ry: RegionYear): string[] {
  const unitemised = new Set(ry.unitemisedMembers.map((p) => p.id));
  const lines = ry.members
    .filter((m) => !unitemised.has(m.partner.id))
    .map((m, i) => {
      const total = marks.value(m.total);
      const share = shareText(marks, m.reportedShare, m.share);
      return `${i + 1}. ${m.partner.name}: ${total}${share ? ` · ${share}` : ''}`;
    });
  if (ry.unitemisedMembers.length > 0) {
    const who = ry.unitemisedMembers.map((p) => p.name).join(', ');
    lines.push(
      ry.notItemised
        ? `Not itemised (${who}): ${marks.after(`${formatUsd(ry.notItemised)} (derived: ${ry.place.name} total − itemised partners)`, ry.notItemised.citations)}`
        : `Not itemised: ${who}`,
    );
  }
  return lines;
}

/** A flow's value, and the same figure as other sources printed it. */
function withAlso(marks: SourceMarks, view: FlowView): string {
  const also = alsoReportedText(marks, view);
  return also ? `${marks.value(view.value)}, ${also}` : marks.value(view.value);
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const region = resolveRegion(ctx.model, input.name);
  const place = ctx.model.place(region.id)!;
  const { period, later } = choosePeriod(ctx.model, place.id, place.name, input);
  const ry = ctx.model.regionYear(place.id, period)!;
  const marks = new SourceMarks(ctx.model);
  const fields: APIEmbedField[] = [
    { name: 'Total trade', value: withAlso(marks, ry.flows.total), inline: true },
    { name: "China's exports", value: withAlso(marks, ry.flows['china-exports']), inline: true },
    { name: "China's imports", value: withAlso(marks, ry.flows['china-imports']), inline: true },
  ];
  const yuan = yuanField(marks, ry.yuan);
  if (yuan) fields.push(yuan);
  if (ry.balance) fields.push({ name: 'Balance', value: marks.after(balanceText(place.name, ry.balance), ry.balance.citations) });
  fields.push(changeField(marks, ry.flows.total, ry.period));
  const members = memberLines(marks, ry);
  if (members.length > 0) fields.push({ name: 'Partners (share of the region total)', value: members.join('\n') });
  if (ry.itemisedSum && ry.flows.total.value && ry.unitemisedMembers.length === 0) {
    const sum = marks.after(`${formatUsd(ry.itemisedSum)} (derived)`, ry.itemisedSum.citations);
    fields.push({
      name: 'Check',
      value: `The partners add up to ${sum} against the reported ${marks.after(formatUsd(ry.flows.total.value), ry.flows.total.value.citations)}.`,
    });
  }
  if (ry.notes.length > 0) {
    const named = (id: string, citing?: string) => marks.name(citation(id, citing));
    fields.push({ name: 'Data notes', value: ry.notes.map((n) => `• ${describeNote(n, place.name, ry.period, named)}`).join('\n') });
  }
  fields.push(marks.field());
  const hint = laterHint(later, `/region ${place.id}`);
  const reply = figureReply(
    {
      title: `China's trade with ${place.name}, ${periodLabel(period)}`,
      ...(hint ? { description: hint } : {}),
      color: EMBED_COLOUR,
      fields,
      footer: { text: figuresFooter(place.id, period, citableFlows(ry)) },
    },
    ctx.charts.image(regionChart(ctx.model, ry)),
  );
  if (input.format !== 'csv') return reply;
  return withFile(reply, csvFile(ctx.model, ['region', place.id, periodKey(period)], regionYearRows(ry)));
}

export const region = {
  definition,
  args,
  reusable: true,
  run,
  autocomplete: withPeriods(completeRegion, ['name']),
} satisfies CommandModule<typeof args>;
