import type { APIEmbed } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { CommandResult, ReplyFile } from '../core/reply.js';
import type { ChartImage } from '../charts/image.js';
import { isFullYear, periodLabel, type Period } from '../model/period.js';
import { FLOWS, type Flow } from '../model/schema.js';
import type { PlaceYear } from '../model/views.js';

export const EMBED_COLOUR = 0xc8102e;

/** The footer every figure reply carries: what the marks and "derived" mean. */
export const FIGURES_FOOTER =
  "China's customs (GACC) figures unless marked. [1] = source 1 under Sources. derived = computed by this bot from the figures its marks name.";

/**
 * The footer of a figure reply: what the marks mean, and how to cite one of its figures with
 * /cite (the flows listed are those the place has a figure for that year, the first suggested).
 */
export function figuresFooter(place: string, when: number | Period, flows: readonly Flow[]): string {
  // Nothing to cite: no line that would only be refused.
  const [first, ...others] = flows;
  if (first === undefined) return FIGURES_FOOTER;
  const or = others.length > 0 ? ` (or ${others.join(', ')})` : '';
  return `${FIGURES_FOOTER}\nCite a figure: /cite ${place} ${periodAsOption(when)} ${first}${or}`;
}

/** A period as a command line takes it: "2025" for a year (the short form reads it), else period:"Jan-Oct 2025". */
export function periodAsOption(when: number | Period): string {
  if (typeof when === 'number' || isFullYear(when)) return String(typeof when === 'number' ? when : when.year);
  return `period:"${periodLabel(when).replace('–', '-')}"`;
}

/** The flows of a place-year that have a figure to cite: China's (reported or derived) or the partner's own. */
export function citableFlows(view: PlaceYear): Flow[] {
  return FLOWS.filter(
    (f) => view.flows[f].value !== undefined || view.mirror.some((m) => m.flow === f) || view.yuan.some((y) => y.flow === f),
  );
}

/** What a user reads when something failed on our side: never the error itself. */
export const APOLOGY = 'Sorry, something went wrong on my side while answering that. It has been logged; please try again.';

/** A private reply: a refusal that says what would work, a confirmation, an apology. */
export function ephemeralReply(content: string): CommandResult {
  return { data: { content, flags: MessageFlags.Ephemeral } };
}

/** Puts the chart on the embed (or says why there is none), and carries any file to upload. */
export function figureReply(embed: APIEmbed, chart: ChartImage | undefined): CommandResult {
  const withChart: APIEmbed = { ...embed };
  if (chart?.kind === 'url' || chart?.kind === 'attachment') withChart.image = { url: chart.url };
  if (chart?.kind === 'omitted') {
    withChart.footer = { text: `${embed.footer?.text ?? ''}\n${chart.reason}`.trim() };
  }
  const files = chart?.kind === 'attachment' ? [chart.file] : undefined;
  const data = {
    embeds: [withChart],
    ...(files
      ? { attachments: files.map((f, id) => ({ id, filename: f.name, ...(f.description ? { description: f.description } : {}) })) }
      : {}),
  };
  return files ? { data, files } : { data };
}

/** A reply with one more file to upload (a CSV of its figures), named in `data.attachments` beside any chart. */
export function withFile(result: CommandResult, file: ReplyFile): CommandResult {
  const files = [...(result.files ?? []), file];
  const attachments = files.map((f, id) => ({ id, filename: f.name, ...(f.description ? { description: f.description } : {}) }));
  return { ...result, data: { ...result.data, attachments }, files };
}
