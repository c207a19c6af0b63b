import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { CommandResult } from '../core/reply.js';
import type { ChartImage } from '../charts/image.js';
import type { TradeModel } from '../model/model.js';
import { mergeCitations, type Citation } from '../model/value.js';
import type { PlaceYear } from '../model/views.js';

export const EMBED_COLOUR = 0xc8102e;

/** The footer every figure reply carries: what "derived" and "≈" mean. */
export const FIGURES_FOOTER =
  "China's customs (GACC) figures unless marked. derived = computed by this bot from reported figures; ≈ = the source hedges.";

/** What a user reads when something failed on our side: never the error itself. */
export const APOLOGY = 'Sorry, something went wrong on my side while answering that. It has been logged; please try again.';

/** A private reply: a refusal that says what would work, a confirmation, an apology. */
export function ephemeralReply(content: string): CommandResult {
  return { data: { content, flags: MessageFlags.Ephemeral } };
}

/** The sources of a place-year's flows: the figures shown, the changes reported, last year's figures. */
export function flowSources(flows: PlaceYear['flows']): Citation[] {
  return Object.values(flows).flatMap((v) => [
    ...(v.value?.citations ?? []),
    ...v.reportedChanges.map((c): Citation => (c.citing ? { source: c.source, citing: c.citing } : { source: c.source })),
    ...(v.computedChange?.previous.citations ?? []),
  ]);
}

/** The sources behind a reply, as links a reader can follow; a source that attributes a figure to someone else says whom. */
export function sourcesField(model: TradeModel, citations: Iterable<Citation | string>): APIEmbedField {
  const all = mergeCitations([[...citations].map((c) => (typeof c === 'string' ? { source: c } : c))]);
  const lines = all.map((c) => {
    const s = model.sources.get(c.source);
    if (!s) return c.source;
    const label = `${s.short}${c.citing ? `, citing ${c.citing}` : ''}, ${s.date}`;
    return s.url ? `[${label}](${s.url})` : `${label} (${s.title})`;
  });
  return { name: 'Sources', value: lines.join('\n') || '—' };
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
