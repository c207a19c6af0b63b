import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type APIApplicationCommandOption,
  type APIEmbedField,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { coverageName } from '../src/format/figures.js';
import { LIMITS } from '../src/format/limits.js';
import { EMBED_COLOUR } from '../src/format/replies.js';
import type { TradeModel } from '../src/model/model.js';
import { isFullYear } from '../src/model/period.js';
import { editDistance } from '../src/model/names.js';
import { UserError } from '../src/core/userError.js';
import type { FiguresContext, CommandModule, RegisteredCommand } from './contract.js';
import { quote, yearOption } from './options.js';

export const definition = {
  name: 'help',
  description: 'What each command answers, with examples, and the years with figures',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'command',
      description: 'One command to explain in full (default: all of them)',
      required: false,
      autocomplete: true,
      min_length: 1,
      max_length: 32,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const args = z.object({
  command: z.string().trim().min(1, 'give a command name').max(32, 'is too long (32 characters at most)').optional(),
});

/** Examples per command; the help text lists every registered command, so none is forgotten. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  trade: ['/trade country:kazakhstan', '/trade country:Kyrgyz Republic year:2023'],
  compare: ['/compare first:kazakhstan second:uzbekistan third:turkmenistan'],
  history: ['/history country:kazakhstan', '/history country:uzbekistan flow:china-imports'],
  products: ['/products country:turkmenistan', '/products country:turkmenistan period:2023-H1'],
  region: ['/region name:central-asia', '/region name:south-caucasus year:2024'],
  rank: ['/rank by:balance', '/rank by:growth region:central-asia'],
  keypoints: ['/keypoints', '/keypoints period:2024', '/keypoints region:central-asia period:Jan-Oct 2025 channel:#briefings'],
  digest: ['/digest subscribe channel:#briefings every:weekly', '/digest list'],
  sources: ['/sources'],
  cite: ['/cite country:kazakhstan year:2024 flow:china-exports', '/cite country:central-asia'],
  help: ['/help', '/help command:trade'],
};

/** Years as runs: 2022, 2023, 2024 → "2022–2024"; 2019, 2022, 2023 → "2019, 2022–2023". */
export function yearRanges(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/**
 * Which years each region and partner has, from the figures loaded: China's figures, the years a
 * partner is only part of its region's total, and the years of its own statistics. One line per
 * region, then its partners.
 */
export function coverageLines(model: TradeModel): string[] {
  const own = new Map<string, number[]>();
  for (const figure of model.dataset.figures) {
    if (figure.reporter === 'partner' && isFullYear(figure.period))
      own.set(figure.partner, [...(own.get(figure.partner) ?? []), figure.period.year]);
  }
  const lines: string[] = [];
  for (const region of model.regions) {
    const years = model.years(region.id);
    lines.push(`${region.name} (region): ${years.length > 0 ? yearRanges(years) : 'no figures yet'}`);
    const partners = model.members(region.id).map((p) => {
      const all = model.years(p.id);
      const itemised = all.filter((y) => model.isItemised(p.id, y));
      const within = all.filter((y) => !model.isItemised(p.id, y));
      const notes = [
        ...(within.length > 0 ? [`${yearRanges(within)} only within the ${region.name} total`] : []),
        ...(own.has(p.id) ? [`its own statistics: ${yearRanges(own.get(p.id)!)}`] : []),
      ];
      const head = itemised.length > 0 ? `${p.name} ${yearRanges(itemised)}` : p.name;
      return `${head}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
    });
    if (partners.length > 0) lines.push(partners.join('; '));
  }
  return lines;
}

/** Lines joined until a field is full, then how many were left out. */
function fitLines(lines: readonly string[], more: (left: number) => string): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const room = LIMITS.fieldValue - (left > 0 ? more(left).length + 1 : 0);
    if (used + line.length + (out.length > 0 ? 1 : 0) > room) {
      out.push(more(lines.length - i));
      return out.join('\n');
    }
    out.push(line);
    used += line.length + (out.length > 1 ? 1 : 0);
  }
  return out.join('\n');
}

function yearsField(model: TradeModel): APIEmbedField {
  const lines = coverageLines(model);
  return {
    name: 'Years with figures',
    value: lines.length > 0 ? fitLines(lines, (n) => `…and ${n} more lines`) : 'No figures are loaded yet.',
  };
}

type Option = APIApplicationCommandOption;
const PERMISSION_NAMES = Object.entries<bigint>(PermissionFlagsBits);

/** "ManageMessages" → "Manage Messages", for the permissions a command asks for by default. */
function permissionsText(bits: string | null | undefined): string | undefined {
  if (bits === undefined || bits === null) return undefined;
  const value = BigInt(bits);
  const names = PERMISSION_NAMES.filter(([, bit]) => (value & bit) === bit && bit !== 0n).map(([name]) =>
    name.replace(/(?<=[a-z])(?=[A-Z])/g, ' '),
  );
  return names.length > 0 ? names.join(', ') : undefined;
}

/** One option in words: name, whether it is required, what it is, and what it accepts. */
function optionLine(command: RegisteredCommand, option: Option, ctx: FiguresContext): string {
  const required = 'required' in option && option.required ? ' (required)' : '';
  const accepts: string[] = [];
  if ('choices' in option && option.choices && option.choices.length > 0) {
    // A choice whose name starts with its value ("daily (every day…)") reads best by its name alone.
    const choice = (c: { name: string; value: string | number }) =>
      c.name.toLowerCase().startsWith(String(c.value).toLowerCase()) ? c.name : `${c.value} (${c.name})`;
    accepts.push(`One of: ${option.choices.map(choice).join(', ')}.`);
  } else if ('autocomplete' in option && option.autocomplete && command.autocomplete) {
    // A long choice name is a description ("/trade: China's trade with…"): then the value says it.
    const offered = command
      .autocomplete({ name: option.name, value: '' }, ctx, {})
      .map((c) => (c.name.length <= 40 ? c.name : String(c.value)));
    if (offered.length > 0) accepts.push(`One of: ${offered.join(', ')}.`);
  }
  if (option.type === ApplicationCommandOptionType.Channel) accepts.push('A channel of this server.');
  if (option.name === yearOption.name && option.type === yearOption.type) accepts.push('The years each place has are below.');
  return [`\`${option.name}\`${required}: ${option.description}.`, ...accepts].join(' ');
}

const basic = (options: readonly Option[] | undefined) =>
  (options ?? []).filter(
    (o) => o.type !== ApplicationCommandOptionType.Subcommand && o.type !== ApplicationCommandOptionType.SubcommandGroup,
  );

function optionsValue(command: RegisteredCommand, typed: string, options: readonly Option[], ctx: FiguresContext): string {
  if (options.length === 0) return `None: type just ${typed}.`;
  return fitLines(
    options.map((o) => `• ${optionLine(command, o, ctx)}`),
    (n) => `…and ${n} more`,
  );
}

/** The options in as many fields as they need ("Options", then "Options (continued)"): /compare's five countries fill one. */
function optionFields(command: RegisteredCommand, typed: string, options: readonly Option[], ctx: FiguresContext): APIEmbedField[] {
  if (options.length === 0) return [{ name: 'Options', value: `None: type just ${typed}.` }];
  const fields: APIEmbedField[] = [];
  let value = '';
  for (const line of options.map((o) => `• ${optionLine(command, o, ctx)}`)) {
    const next = value ? `${value}\n${line}` : line;
    if (value && next.length > LIMITS.fieldValue) {
      fields.push({ name: fields.length === 0 ? 'Options' : 'Options (continued)', value });
      value = line;
    } else value = next;
  }
  fields.push({ name: fields.length === 0 ? 'Options' : 'Options (continued)', value: fitLines([value], (n) => `…and ${n} more`) });
  return fields;
}

/** Every option this command has, its own or under a subcommand. */
function allOptions(d: RESTPostAPIChatInputApplicationCommandsJSONBody): Option[] {
  return (d.options ?? []).flatMap((o) => (o.type === ApplicationCommandOptionType.Subcommand ? basic(o.options) : basic([o])));
}

/** One command in full: what it answers, its options (or subcommands), who may use it, examples, and the years if it takes one. */
function oneCommand(command: RegisteredCommand, ctx: FiguresContext) {
  const d = command.definition;
  const subcommands = (d.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const fields: APIEmbedField[] =
    subcommands.length > 0
      ? subcommands.map((s) => ({
          name: `/${d.name} ${s.name}`,
          value: `${s.description}.\n${optionsValue(command, `/${d.name} ${s.name}`, basic(s.options), ctx)}`.slice(0, LIMITS.fieldValue),
        }))
      : optionFields(command, `/${d.name}`, basic(d.options), ctx);
  const who = permissionsText(d.default_member_permissions);
  if (who) fields.push({ name: 'Who can use it', value: `Members with ${who} (a server can change this in its settings).` });
  const examples = EXAMPLES[d.name] ?? [];
  if (examples.length > 0) fields.push({ name: 'Examples', value: examples.map((e) => `\`${e}\``).join('\n') });
  if (allOptions(d).some((o) => o.name === yearOption.name && o.type === yearOption.type)) fields.push(yearsField(ctx.model));
  return { data: { embeds: [{ title: `/${d.name}`, description: d.description, color: EMBED_COLOUR, fields }] } };
}

function find(all: readonly RegisteredCommand[], text: string): RegisteredCommand {
  const name = text.trim().replace(/^\//, '').toLowerCase();
  const found = all.find((c) => c.definition.name === name);
  if (found) return found;
  const names = all.map((c) => c.definition.name);
  const near = names.filter((n) => editDistance(n, name, 2) <= 2).map((n) => `/${n}`);
  const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : '';
  throw new UserError(
    `There is no command ${quote(`/${name}`)}.${hint} Commands: ${names.map((n) => `/${n}`).join(', ')}. Try /help command:${names[0] ?? 'help'}.`,
  );
}

export function run(input: z.infer<typeof args>, ctx: FiguresContext, all: readonly RegisteredCommand[]) {
  if (input.command !== undefined) return oneCommand(find(all, input.command), ctx);
  const example = ctx.model.partners[0];
  const codes = example ? ` (${example.iso2}, ${example.iso3})` : '';
  const fields: APIEmbedField[] = all.map(({ definition: d }) => ({
    name: `/${d.name}`,
    value: [d.description, ...(EXAMPLES[d.name] ?? []).map((e) => `\`${e}\``)].join('\n'),
  }));
  fields.push(yearsField(ctx.model));
  return {
    data: {
      embeds: [
        {
          title: `China's trade with ${coverageName(ctx.model)}`,
          description:
            "Figures from China's customs data (GACC) and the partners' own statistics, with their sources. " +
            `Names work in any case, as ISO codes${codes}, other spellings, demonyms or in Russian. ` +
            '`/help command:<name>` explains one command in full.',
          color: EMBED_COLOUR,
          fields,
        },
      ],
    },
  };
}

/** /help over a list of commands (itself included), read when asked so that it is never stale. */
export function helpCommand(list: () => readonly RegisteredCommand[]) {
  return {
    definition,
    args,
    reusable: true,
    run: (input, ctx) => run(input, ctx, list()),
    autocomplete: (focused) => {
      const typed = focused.value.trim().replace(/^\//, '').toLowerCase();
      return list()
        .map((c) => c.definition)
        .filter((d) => d.name.startsWith(typed))
        .slice(0, LIMITS.autocompleteChoices)
        .map((d) => ({ name: `/${d.name}: ${d.description}`.slice(0, LIMITS.choiceName), value: d.name }));
    },
  } satisfies CommandModule<typeof args>;
}
