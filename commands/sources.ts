import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { EMBED_COLOUR } from '../src/format/replies.js';
import type { FiguresContext, CommandModule } from './contract.js';

export const definition = {
  name: 'sources',
  description: 'Where every figure comes from, with links',
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({});

export function run(_input: z.infer<typeof args>, ctx: FiguresContext) {
  const counts = new Map<string, number>();
  // Source id → whom it attributes figures to → how many.
  const citing = new Map<string, Map<string, number>>();
  for (const f of ctx.model.dataset.figures) {
    for (const s of f.sources) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const [s, name] of Object.entries(f.citing ?? {})) {
      const names = citing.get(s) ?? new Map<string, number>();
      names.set(name, (names.get(name) ?? 0) + 1);
      citing.set(s, names);
    }
  }
  const fields = [...ctx.model.sources.values()].map((s) => {
    const attributed = [...(citing.get(s.id) ?? [])].map(([name, n]) => `${n} according to ${name}`);
    return {
      name: `${s.short} (${s.date})`,
      value: [
        s.url ? `[${s.title}](${s.url})` : s.title,
        ...(s.publication !== s.short ? [s.publication] : []),
        ...(s.note ? [s.note] : []),
        `Reports: ${s.reports}`,
        `Figures: ${counts.get(s.id) ?? 0}${attributed.length > 0 ? ` (${attributed.join('; ')})` : ''}`,
      ].join('\n'),
    };
  });
  return {
    data: {
      embeds: [
        {
          title: 'Where the figures come from',
          description:
            "Every figure is China's customs (GACC) data as published in these reports, unless it is marked as the partner's own statistics. " +
            "Directions are always China's: China's exports go from China to the partner; China's imports come from the partner to China. " +
            'Figures marked derived are our arithmetic on the reported ones; a source\'s hedge ("nearly", "about") is kept on its figure. ' +
            'In other replies, marks such as [1] after a figure point to these sources; /cite gives the footnote for one figure.',
          color: EMBED_COLOUR,
          fields,
        },
      ],
    },
  };
}

export const sources = { definition, args, reusable: true, run } satisfies CommandModule<typeof args>;
