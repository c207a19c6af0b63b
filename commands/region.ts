import { ApplicationCommandOptionType, type APIEmbedField, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import type { ChartSpec } from '../src/charts/spec.js';
import { describeNote } from '../src/format/notes.js';
import { formatShare, formatUsd } from '../src/format/numbers.js';
import { EMBED_COLOUR, FIGURES_FOOTER, figureReply, flowSources, sourceName, sourcesField, valueText } from '../src/format/replies.js';
import type { RegionYear } from '../src/model/views.js';
import type { CommandContext, CommandModule } from './contract.js';
import { chooseYear, REGION_CHOICES, REGION_IDS, yearArg, yearOption } from './options.js';
import { changeLines } from './trade.js';

export const definition = {
  name: 'region',
  description: "China's trade with a whole region: total, partners' shares, what is not itemised",
  options: [
    { type: ApplicationCommandOptionType.String, name: 'name', description: 'The region', required: true, choices: REGION_CHOICES },
    yearOption,
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({ name: z.enum(REGION_IDS), year: yearArg });

export function regionChart(ry: RegionYear): ChartSpec {
  const itemised = ry.members.filter((m) => m.total && !ry.unitemisedMembers.includes(m.partner));
  const labels = itemised.map((m) => m.partner.name);
  const values: (number | null)[] = itemised.map((m) => m.total!.usd);
  if (ry.notItemised) {
    labels.push(`not itemised (${ry.unitemisedMembers.map((p) => p.name).join(', ')})`);
    values.push(ry.notItemised.usd);
  }
  return {
    kind: 'pie',
    title: `Shares of China's trade with ${ry.place.name}, ${ry.year}`,
    labels,
    series: [{ label: 'Total trade', values }],
    source: "China's customs (GACC) via published reports",
  };
}

function memberLines(ry: RegionYear): string[] {
  const unitemised = new Set(ry.unitemisedMembers.map((p) => p.id));
  const lines = ry.members
    .filter((m) => !unitemised.has(m.partner.id))
    .map((m, i) => `${i + 1}. ${m.partner.name}: ${valueText(m.total)}${m.share ? ` · ${formatShare(m.share)}` : ''}`);
  if (ry.unitemisedMembers.length > 0) {
    const who = ry.unitemisedMembers.map((p) => p.name).join(', ');
    lines.push(
      ry.notItemised
        ? `Not itemised (${who}): ${formatUsd(ry.notItemised)} (derived: ${ry.place.name} total − itemised partners)`
        : `Not itemised: ${who}`,
    );
  }
  return lines;
}

export function run(input: z.infer<typeof args>, ctx: CommandContext) {
  const place = ctx.model.place(input.name)!;
  const year = chooseYear(ctx.model, place.id, place.name, input.year);
  const ry = ctx.model.regionYear(place.id, year)!;
  const fields: APIEmbedField[] = [
    { name: 'Total trade', value: valueText(ry.flows.total.value), inline: true },
    { name: "China's exports", value: valueText(ry.flows['china-exports'].value), inline: true },
    { name: "China's imports", value: valueText(ry.flows['china-imports'].value), inline: true },
  ];
  if (ry.balance) {
    const whose = ry.surplus === 'china' ? "China's surplus" : ry.surplus === 'partner' ? `${place.name}'s surplus` : 'Balance';
    fields.push({ name: 'Balance', value: `${whose} of ${formatUsd(ry.balance, { magnitude: true })} (derived)` });
  }
  const change = changeLines(ctx.model, ry.flows.total);
  fields.push({ name: `Change on ${year - 1}`, value: change.length > 0 ? change.join('\n') : 'not reported' });
  const members = memberLines(ry);
  if (members.length > 0) fields.push({ name: 'Partners (share of the region total)', value: members.join('\n') });
  if (ry.itemisedSum && ry.flows.total.value && ry.unitemisedMembers.length === 0) {
    fields.push({ name: 'Check', value: `The partners add up to ${formatUsd(ry.itemisedSum)} (derived) against the reported ${formatUsd(ry.flows.total.value)}.` });
  }
  if (ry.notes.length > 0) {
    fields.push({ name: 'Data notes', value: ry.notes.map((n) => `• ${describeNote(n, place.name, year, (id) => sourceName(ctx.model, id))}`).join('\n') });
  }
  const ids = [...flowSources(ry.flows), ...ry.members.flatMap((m) => m.total?.sources ?? [])];
  fields.push(sourcesField(ctx.model, ids));
  return figureReply(
    { title: `China's trade with ${place.name}, ${year}`, color: EMBED_COLOUR, fields, footer: { text: FIGURES_FOOTER } },
    ctx.charts.image(regionChart(ry)),
  );
}

export const region = { definition, args, reusable: true, run } satisfies CommandModule<typeof args>;
