import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { RawOptions } from '../core/invocation.js';

export type ParsedLine =
  | { readonly ok: true; readonly name: string; readonly options: RawOptions }
  | { readonly ok: false; readonly error: string };

/** Splits on spaces, keeping "quoted values" (and key:"quoted values") together. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"“”]+|"[^"]*"|“[^”]*”)+/g;
  for (const match of line.matchAll(pattern)) tokens.push(match[0].replace(/["“”]/g, ''));
  return tokens;
}

const VALUE_TYPES = new Set<ApplicationCommandOptionType>([
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
  ApplicationCommandOptionType.Boolean,
  ApplicationCommandOptionType.Channel,
  ApplicationCommandOptionType.User,
  ApplicationCommandOptionType.Role,
  ApplicationCommandOptionType.Mentionable,
]);

type ValueOption = Exclude<
  APIApplicationCommandOption,
  { type: ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup }
>;

function convert(option: ValueOption, text: string): string | number | boolean | { error: string } {
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
      return /^-?\d+$/.test(text) ? Number(text) : { error: `${option.name} must be a whole number, like 2024` };
    case ApplicationCommandOptionType.Number:
      return Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : { error: `${option.name} must be a number` };
    case ApplicationCommandOptionType.Boolean:
      return /^(true|yes)$/i.test(text) ? true : /^(false|no)$/i.test(text) ? false : { error: `${option.name} must be true or false` };
    case ApplicationCommandOptionType.Channel:
      return text.replace(/^<#(\d+)>$/, '$1').replace(/^#/, '');
    default: {
      const choices = 'choices' in option ? option.choices : undefined;
      if (choices && choices.length > 0) {
        const hit = choices.find((c) => String(c.value).toLowerCase() === text.toLowerCase() || c.name.toLowerCase() === text.toLowerCase());
        if (!hit) return { error: `${option.name} must be one of: ${choices.map((c) => c.value).join(', ')}` };
        return hit.value;
      }
      return text;
    }
  }
}

/**
 * Reads a slash command the way Discord's client would send it: `/trade country:kazakhstan
 * year:2023`, or positionally, `/trade kazakhstan 2023`, in the order the options are defined.
 */
export function parseLine(line: string, definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): ParsedLine {
  const tokens = tokenize(line.trim());
  const head = tokens.shift();
  if (!head || !head.startsWith('/')) return { ok: false, error: 'Type a slash command, like /trade kazakhstan or /help.' };
  const name = head.slice(1).toLowerCase();
  const definition = definitions.find((d) => d.name === name);
  if (!definition) {
    return { ok: false, error: `I don't know /${name}. Commands: ${definitions.map((d) => `/${d.name}`).join(', ')}.` };
  }
  let options = (definition.options ?? []) as readonly APIApplicationCommandOption[];
  const raw: Record<string, string | number | boolean> = {};
  const subcommands = options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (subcommands.length > 0) {
    const sub = subcommands.find((o) => o.name === tokens[0]?.toLowerCase());
    if (!sub) return { ok: false, error: `/${name} needs one of: ${subcommands.map((s) => s.name).join(', ')}.` };
    tokens.shift();
    raw.subcommand = sub.name;
    options = ('options' in sub ? (sub.options ?? []) : []) as readonly APIApplicationCommandOption[];
  }
  const valueOptions = options.filter((o): o is ValueOption => VALUE_TYPES.has(o.type));
  const positional: string[] = [];
  for (const token of tokens) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const option = valueOptions.find((o) => o.name === key);
    if (option) {
      const value = convert(option, token.slice(colon + 1));
      if (typeof value === 'object') return { ok: false, error: value.error };
      raw[option.name] = value;
    } else {
      positional.push(token);
    }
  }
  const free = valueOptions.filter((o) => !(o.name in raw));
  // Unquoted names with spaces ("/trade kyrgyz republic 2023"): a word that does not fit the next
  // option joins the text option before it.
  let slot = 0;
  let lastText: string | undefined;
  for (const text of positional) {
    const option = free[slot];
    const value = option ? convert(option, text) : undefined;
    if (option && typeof value !== 'object' && value !== undefined) {
      raw[option.name] = value;
      lastText = option.type === ApplicationCommandOptionType.String && !('choices' in option && option.choices) ? option.name : undefined;
      slot++;
    } else if (lastText !== undefined) {
      raw[lastText] = `${String(raw[lastText])} ${text}`;
    } else if (option && typeof value === 'object') {
      return { ok: false, error: value.error };
    } else {
      return { ok: false, error: `Too many values for /${name}: ${text}.` };
    }
  }
  const missing = valueOptions.filter((o) => o.required && !(o.name in raw)).map((o) => o.name);
  if (missing.length > 0) return { ok: false, error: `/${name} needs ${missing.join(', ')}. Try /help.` };
  return { ok: true, name, options: raw };
}
