import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import { coverageName } from '../src/format/figures.js';
import { EMBED_COLOUR } from '../src/format/replies.js';
import type { FiguresContext, CommandModule } from './contract.js';

export const definition = {
  name: 'help',
  description: 'What each command answers, with examples',
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({});

/** Examples per command; the help text lists every registered command, so none is forgotten. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  trade: ['/trade country:kazakhstan', '/trade country:Kyrgyz Republic year:2023'],
  compare: ['/compare first:kazakhstan second:uzbekistan third:turkmenistan'],
  region: ['/region name:central-asia', '/region name:south-caucasus year:2024'],
  rank: ['/rank by:balance', '/rank by:growth region:central-asia'],
  keypoints: ['/keypoints', '/keypoints region:central-asia channel:#briefings'],
  digest: ['/digest subscribe channel:#briefings every:weekly', '/digest list'],
  sources: ['/sources'],
  cite: ['/cite country:kazakhstan year:2024 flow:china-exports', '/cite country:central-asia'],
  help: ['/help'],
};

export function run(_input: z.infer<typeof args>, ctx: FiguresContext, all: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]) {
  const partners = ctx.model.partners.map((p) => p.name).join(', ');
  const fields = all.map((d) => ({
    name: `/${d.name}`,
    value: [d.description, ...(EXAMPLES[d.name] ?? []).map((e) => `\`${e}\``)].join('\n'),
  }));
  return {
    data: {
      embeds: [
        {
          title: `China's trade with ${coverageName(ctx.model)}`,
          description:
            `Figures from China's customs data (GACC) for ${ctx.model.allYears().join(', ')}, with their sources. ` +
            `Countries: ${partners}. Names work in any case, as ISO codes (KZ, KAZ), other spellings, demonyms or in Russian.`,
          color: EMBED_COLOUR,
          fields,
        },
      ],
    },
  };
}

/** /help over a list of commands (itself included), read when asked so that it is never stale. */
export function helpCommand(list: () => readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]) {
  return { definition, args, reusable: true, run: (input, ctx) => run(input, ctx, list()) } satisfies CommandModule<typeof args>;
}
