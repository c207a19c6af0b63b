import type { APIEmbedField, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { describeNote } from '../src/format/notes.js';
import { formatUsd } from '../src/format/numbers.js';
import { regionChart } from '../src/charts/tradeCharts.js';
import { balanceText, changeField, shareText } from '../src/format/figures.js';
import { citation, SourceMarks } from '../src/format/sourceMarks.js';
import { citableFlows, EMBED_COLOUR, figuresFooter, figureReply } from '../src/format/replies.js';
import type { RegionYear } from '../src/model/views.js';
import type { FiguresContext, CommandModule } from './contract.js';
import { chooseYear, completeRegion, regionArg, regionOption, resolveRegion, yearArg, yearOption } from './options.js';

export const definition = {
  name: 'region',
  description: "China's trade with a whole region: total, partners' shares, what is not itemised",
  options: [regionOption('name', 'The region', true), yearOption],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ name: regionArg, year: yearArg });

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

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  const region = resolveRegion(ctx.model, input.name);
  const place = ctx.model.place(region.id)!;
  const year = chooseYear(ctx.model, place.id, place.name, input.year);
  const ry = ctx.model.regionYear(place.id, year)!;
  const marks = new SourceMarks(ctx.model);
  const fields: APIEmbedField[] = [
    { name: 'Total trade', value: marks.value(ry.flows.total.value), inline: true },
    { name: "China's exports", value: marks.value(ry.flows['china-exports'].value), inline: true },
    { name: "China's imports", value: marks.value(ry.flows['china-imports'].value), inline: true },
  ];
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
  return figureReply(
    {
      title: `China's trade with ${place.name}, ${year}`,
      color: EMBED_COLOUR,
      fields,
      footer: { text: figuresFooter(place.id, year, citableFlows(ry)) },
    },
    ctx.charts.image(regionChart(ctx.model, ry)),
  );
}

export const region = { definition, args, reusable: true, run, autocomplete: completeRegion } satisfies CommandModule<typeof args>;
