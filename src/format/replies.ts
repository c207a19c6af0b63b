import type { APIEmbed } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { CommandResult } from '../core/reply.js';
import type { ChartImage } from '../charts/image.js';

export const EMBED_COLOUR = 0xc8102e;

/** The footer every figure reply carries: what the marks and "derived" mean. */
export const FIGURES_FOOTER =
  "China's customs (GACC) figures unless marked. [1] = source 1 under Sources. derived = computed by this bot from the figures its marks name.";

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
    ...(files ? { attachments: files.map((f, id) => ({ id, filename: f.name, ...(f.description ? { description: f.description } : {}) })) } : {}),
  };
  return files ? { data, files } : { data };
}
