import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { UserError } from '../src/core/userError.js';
import { LIMITS } from '../src/format/limits.js';
import { EMBED_COLOUR } from '../src/format/replies.js';
import type { TradeModel } from '../src/model/model.js';
import type { Source } from '../src/model/schema.js';
import type { FiguresContext, CommandModule } from './contract.js';
import { quote } from './options.js';

export const definition = {
  name: 'sources',
  description: 'Where every figure comes from, with links',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'source',
      description: 'One source in full: what it reports and how many figures rest on it',
      required: false,
      autocomplete: true,
      max_length: 100,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'page',
      description: 'Page of the list (default: 1)',
      required: false,
      min_value: 1,
      max_value: 100,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({
  source: z.string().trim().min(1).max(100).optional(),
  page: z.number().int().min(1).max(100).optional(),
});

const ABOUT =
  "Every figure is China's customs (GACC) data as published in these reports, unless it is marked as the partner's own statistics or as a figure whose reporter the source does not name. " +
  "Directions are always China's: China's exports go from China to the partner; China's imports come from the partner to China. " +
  'Figures marked derived are our arithmetic on the reported ones; a source\'s hedge ("nearly", "about") is kept on its figure. ' +
  'In other replies, marks such as [1] after a figure point to these sources; /cite gives the footnote for one figure.';

/** How many figures rest on each source, and whom each attributes them to. */
function usage(model: TradeModel) {
  const counts = new Map<string, number>();
  // Source id → whom it attributes figures to → how many.
  const citing = new Map<string, Map<string, number>>();
  for (const f of [...model.dataset.figures, ...model.dataset.yuan]) {
    for (const s of f.sources) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const [s, name] of Object.entries(f.citing ?? {})) {
      const names = citing.get(s) ?? new Map<string, number>();
      names.set(name, (names.get(name) ?? 0) + 1);
      citing.set(s, names);
    }
  }
  return { counts, citing };
}

const link = (s: Source) => (s.url ? `[${s.title}](${s.url})` : s.title);

/** One source in full. */
function detail(model: TradeModel, s: Source): string {
  const { counts, citing } = usage(model);
  const attributed = [...(citing.get(s.id) ?? [])].map(([name, n]) => `${n} according to ${name}`);
  return [
    link(s),
    ...(s.publication !== s.short ? [s.publication] : []),
    ...(s.note ? [s.note] : []),
    `Reports: ${s.reports}`,
    `Figures: ${counts.get(s.id) ?? 0}${attributed.length > 0 ? ` (${attributed.join('; ')})` : ''}`,
  ].join('\n');
}

/** The list, one line per source, split into pages that each fit an embed's description. */
function pages(model: TradeModel): string[][] {
  const { counts } = usage(model);
  const room = LIMITS.embedDescription - ABOUT.length - 200;
  const out: string[][] = [[]];
  let used = 0;
  for (const s of model.sources.values()) {
    const line = `**${s.short}** (${s.date}): ${link(s)} · reports ${s.reports} · ${counts.get(s.id) ?? 0} figures`;
    if (used + line.length + 1 > room && out[out.length - 1]!.length > 0) {
      out.push([]);
      used = 0;
    }
    out[out.length - 1]!.push(line);
    used += line.length + 1;
  }
  return out;
}

function findSource(model: TradeModel, text: string): Source {
  const wanted = text.toLowerCase();
  const all = [...model.sources.values()];
  const found = all.find((s) => s.id === wanted) ?? all.find((s) => s.short.toLowerCase() === wanted);
  if (found) return found;
  throw new UserError(`No source called ${quote(text)}. Pick one from the list, or see them all with /sources.`);
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext) {
  if (input.source !== undefined) {
    const s = findSource(ctx.model, input.source);
    return {
      data: { embeds: [{ title: `${s.short} (${s.date})`, description: detail(ctx.model, s), color: EMBED_COLOUR }] },
    };
  }
  const all = pages(ctx.model);
  const page = input.page ?? 1;
  const lines = all[page - 1];
  if (!lines)
    throw new UserError(`There ${all.length === 1 ? 'is 1 page' : `are ${all.length} pages`} of sources; ask for page 1 to ${all.length}.`);
  const more = page < all.length ? `\nMore: /sources page:${page + 1} (of ${all.length}).` : '';
  return {
    data: {
      embeds: [
        {
          title: all.length > 1 ? `Where the figures come from (page ${page} of ${all.length})` : 'Where the figures come from',
          description: `${ABOUT}\n\n${lines.join('\n')}${more}\nOne source in full: /sources source:<name>.`,
          color: EMBED_COLOUR,
        },
      ],
    },
  };
}

export const sources = {
  definition,
  args,
  reusable: true,
  run,
  autocomplete: (focused, ctx) => {
    const typed = focused.value.trim().toLowerCase();
    return [...ctx.model.sources.values()]
      .filter((s) => typed === '' || s.short.toLowerCase().includes(typed) || s.id.includes(typed) || s.title.toLowerCase().includes(typed))
      .slice(0, LIMITS.autocompleteChoices)
      .map((s) => ({ name: `${s.short} (${s.date})`.slice(0, 100), value: s.id }));
  },
} satisfies CommandModule<typeof args>;
