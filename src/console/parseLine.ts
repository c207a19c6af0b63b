import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type APIApplicationCommandOptionChoice,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Invocation, RawOptions } from '../core/invocation.js';
import type { App } from '../app/types.js';
import { editDistance, normalizeName } from '../model/names.js';
import { parsePeriod } from '../model/period.js';
import type { Place, Resolution } from '../model/views.js';

export type ParsedLine =
  { readonly ok: true; readonly name: string; readonly options: RawOptions } | { readonly ok: false; readonly error: string };

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;
type Choice = APIApplicationCommandOptionChoice;
type Kind = Place['kind'];

/**
 * What the console knows beyond the definitions, so that the short form can tell a country from a
 * region: the names in the data, and what each autocompleted option offers before anything is typed.
 */
export interface Vocabulary {
  /** A typed name as the model reads it: a partner or a region, or near misses. */
  readonly resolve: (text: string) => Resolution;
  /** The choices an autocompleted option offers for an empty field, as Discord would show them first. */
  readonly offers: (command: string, option: string) => readonly Choice[];
}

/** The vocabulary of a running app: its autocomplete, and the model's reading of names. */
export function vocabularyOf(app: Pick<App, 'autocomplete'>, resolve: (text: string) => Resolution, invocation: Invocation): Vocabulary {
  return { resolve, offers: (command, option) => app.autocomplete(command, { name: option, value: '' }, {}, invocation) };
}

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

const valueOptionsOf = (options: readonly APIApplicationCommandOption[] | undefined) =>
  (options ?? []).filter((o): o is ValueOption => VALUE_TYPES.has(o.type));

const choicesOf = (option: ValueOption): readonly Choice[] =>
  'choices' in option && option.choices && option.choices.length > 0 ? option.choices : [];

const boundsOf = (option: ValueOption): { min: number; max: number } => ({
  min: 'min_value' in option && option.min_value !== undefined ? option.min_value : -Infinity,
  max: 'max_value' in option && option.max_value !== undefined ? option.max_value : Infinity,
});

/** What an option takes, read from its definition (and, for autocomplete, from what it offers). */
type Slot =
  | { readonly type: 'number'; readonly option: ValueOption; readonly min: number; readonly max: number }
  | { readonly type: 'choice'; readonly option: ValueOption; readonly choices: readonly Choice[] }
  | { readonly type: 'place'; readonly option: ValueOption; readonly kind: Kind; readonly offers: readonly Choice[] }
  | { readonly type: 'offer'; readonly option: ValueOption; readonly offers: readonly Choice[] }
  /** A period ("Jan-Oct 2025", "H1 2024"): it takes only what reads as one, never a stray word. */
  | { readonly type: 'period'; readonly option: ValueOption }
  | { readonly type: 'channel'; readonly option: ValueOption }
  | { readonly type: 'boolean'; readonly option: ValueOption }
  | { readonly type: 'text'; readonly option: ValueOption };

function slotOf(command: string, option: ValueOption, vocabulary: Vocabulary | undefined): Slot {
  const choices = choicesOf(option);
  if (choices.length > 0) return { type: 'choice', option, choices };
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return { type: 'number', option, ...boundsOf(option) };
    case ApplicationCommandOptionType.Boolean:
      return { type: 'boolean', option };
    case ApplicationCommandOptionType.Channel:
      return { type: 'channel', option };
    case ApplicationCommandOptionType.String: {
      if (option.name === 'period') return { type: 'period', option };
      if (!option.autocomplete || !vocabulary) return { type: 'text', option };
      const offers = vocabulary.offers(command, option.name);
      if (offers.length === 0) return { type: 'text', option };
      // The option takes places when everything it offers is a place of one kind.
      const kinds = new Set(
        offers.map((o) => {
          const r = vocabulary.resolve(String(o.value));
          return r.found ? r.place.kind : undefined;
        }),
      );
      const [kind] = kinds;
      if (kinds.size === 1 && kind !== undefined) return { type: 'place', option, kind, offers };
      return { type: 'offer', option, offers };
    }
    default:
      return { type: 'text', option };
  }
}

const NOUNS: Record<Kind, readonly [string, string]> = { partner: ['country', 'countries'], region: ['region', 'regions'] };
const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const count = (n: number) => NUMBER_WORDS[n] ?? String(n);
const noun = (kind: Kind, n: number) => (n === 1 ? NOUNS[kind][0] : NOUNS[kind][1]);
const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);
const list = (items: readonly string[], last = 'and') =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
/** A value as typed back in a command line: quoted when it has a space. */
const typed = (text: string) => (/\s/.test(text) ? `"${text}"` : text);
/** Echoes what the user typed, on one line and short. */
const echo = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${[...flat].length > 40 ? `${[...flat].slice(0, 39).join('')}…` : flat}”`;
};

/** A choice the text names: its value or its name, or (one word) a part of exactly one value, like "imports". */
function matchChoice(choices: readonly Choice[], text: string, loose: boolean): Choice | undefined {
  const lower = text.toLowerCase();
  const exact = choices.find((c) => String(c.value).toLowerCase() === lower) ?? choices.find((c) => c.name.toLowerCase() === lower);
  if (exact || !loose) return exact;
  const parts = choices.filter((c) =>
    String(c.value)
      .toLowerCase()
      .split(/[-_\s]+/)
      .includes(lower),
  );
  return parts.length === 1 ? parts[0] : undefined;
}

function convert(option: ValueOption, text: string): string | number | boolean | { error: string } {
  const choices = choicesOf(option);
  if (choices.length > 0) {
    const hit = matchChoice(choices, text, false);
    if (!hit) return { error: `${option.name} must be one of: ${choices.map((c) => c.value).join(', ')}` };
    return hit.value;
  }
  switch (option.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const { min, max } = boundsOf(option);
      const range = Number.isFinite(min) && Number.isFinite(max) ? ` from ${min} to ${max}` : '';
      const whole = option.type === ApplicationCommandOptionType.Integer;
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n) || (whole && !/^[-+]?\d+$/.test(text))) {
        return { error: `${option.name} must be ${whole ? 'a whole number' : 'a number'}${range}, not ${echo(text)}` };
      }
      if (n < min || n > max) return { error: `${option.name} must be${range || ' in range'}, not ${n}` };
      return n;
    }
    case ApplicationCommandOptionType.Boolean:
      return /^(true|yes)$/i.test(text) ? true : /^(false|no)$/i.test(text) ? false : { error: `${option.name} must be true or false` };
    case ApplicationCommandOptionType.Channel:
      return text.replace(/^<#(\d+)>$/, '$1').replace(/^#/, '');
    default:
      return text;
  }
}

/** One thing typed without its option's name, as recognised before it is given a slot. */
type Item = { readonly start: number; readonly end: number; readonly text: string } & (
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'channel' }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'choice'; readonly slot: Extract<Slot, { type: 'choice' }>; readonly value: string | number }
  | { readonly type: 'offer'; readonly slot: Extract<Slot, { type: 'offer' }>; readonly value: string }
  | { readonly type: 'period'; readonly slot: Extract<Slot, { type: 'period' }> }
  | { readonly type: 'place'; readonly place: Place }
  /** Nothing known; `near` is the kind of place it nearly names, if any. */
  | { readonly type: 'word'; readonly near?: Kind }
);

const CHANNEL = /^(<#\d+>|#\S+|\d{17,20})$/;
const INTEGER = /^[-+]?\d+$/;
/** Words a name may have ("republic of kazakhstan"); choice names may be longer ("growth of total trade…"). */
const PLACE_WORDS = 4;
const CHOICE_WORDS = 8;

function nearKind(vocabulary: Vocabulary, text: string): Kind | undefined {
  const r = vocabulary.resolve(text);
  return r.found ? r.place.kind : r.suggestions[0]?.kind;
}

/** Recognises what each run of unnamed tokens is: a number, a channel, a choice, an offer, a place, or an unknown word. */
/** Options a bare word fills only when it is one of their choices ("csv"), never as a misspelt guess. */
const ONLY_BY_CHOICE: ReadonlySet<string> = new Set(['format']);

function classify(tokens: readonly string[], free: readonly boolean[], slots: readonly Slot[], vocabulary: Vocabulary | undefined): Item[] {
  const items: Item[] = [];
  const choiceSlots = slots.filter((s): s is Extract<Slot, { type: 'choice' }> => s.type === 'choice');
  const offerSlots = slots.filter((s): s is Extract<Slot, { type: 'offer' }> => s.type === 'offer');
  const hasBoolean = slots.some((s) => s.type === 'boolean');
  const periodSlot = slots.find((s): s is Extract<Slot, { type: 'period' }> => s.type === 'period');
  const hasNumber = slots.some((s) => s.type === 'number');
  const span = (i: number, words: number) => {
    let end = i;
    while (end < tokens.length && free[end] && end - i < words) end++;
    return end;
  };
  let i = 0;
  while (i < tokens.length) {
    if (!free[i]) {
      i++;
      continue;
    }
    const token = tokens[i]!;
    const one = { start: i, end: i + 1, text: token };
    const push = (item: Item) => {
      items.push(item);
      i = item.end;
    };
    if (CHANNEL.test(token)) {
      push({ ...one, type: 'channel' });
      continue;
    }
    // A bare year is the year, where there is a year option; else the period (/keypoints 2024).
    if (INTEGER.test(token) && !(periodSlot && !hasNumber && parsePeriod(token))) {
      push({ ...one, type: 'number', value: Number(token) });
      continue;
    }
    // "Jan-Oct 2025" and "H1 2024" are two words; "2025-01..10" is one.
    const period = periodSlot ? [span(i, 2), i + 1].find((end) => end > i && parsePeriod(tokens.slice(i, end).join(' '))) : undefined;
    if (periodSlot && period !== undefined) {
      push({ start: i, end: period, text: tokens.slice(i, period).join(' '), type: 'period', slot: periodSlot });
      continue;
    }
    if (hasBoolean && /^(true|yes|false|no)$/i.test(token)) {
      push({ ...one, type: 'boolean', value: /^(true|yes)$/i.test(token) });
      continue;
    }
    let found: Item | undefined;
    for (let end = span(i, CHOICE_WORDS); end > i && !found; end--) {
      const text = tokens.slice(i, end).join(' ');
      for (const slot of choiceSlots) {
        const hit = matchChoice(slot.choices, text, end === i + 1);
        if (hit) {
          found = { start: i, end, text, type: 'choice', slot, value: hit.value };
          break;
        }
      }
    }
    const bare = token.replace(/^\//, '').toLowerCase();
    for (const slot of found ? [] : offerSlots) {
      // "Jan-Oct 2025" typed for the offered "Jan–Oct 2025": a hyphen for the dash.
      const dashless = (text: string) => text.toLowerCase().replace(/[–—]/g, '-');
      const hit = slot.offers.find((o) => String(o.value).toLowerCase() === bare || dashless(o.name) === dashless(bare));
      if (hit) {
        found = { ...one, type: 'offer', slot, value: token };
        break;
      }
    }
    for (let end = span(i, PLACE_WORDS); vocabulary && !found && end > i; end--) {
      const text = tokens.slice(i, end).join(' ');
      const r = vocabulary.resolve(text);
      if (r.found) found = { start: i, end, text, type: 'place', place: r.place };
    }
    push(found ?? { ...one, type: 'word' });
  }
  return vocabulary ? mergeWords(items, vocabulary) : items;
}

/**
 * Unknown words side by side are one name mistyped ("kyrgz republic") when together they nearly
 * name a place; otherwise each word that nearly names a place is its own ("kazakstn uzbekstan"),
 * and the words that name nothing stay with the one before.
 */
function mergeWords(items: readonly Item[], vocabulary: Vocabulary): Item[] {
  const out: Item[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    if (item.type !== 'word') {
      out.push(item);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < items.length && items[j]!.type === 'word' && items[j]!.start === items[j - 1]!.end) j++;
    const run = items.slice(i, j);
    const join = (from: number, to: number): Extract<Item, { type: 'word' }> => {
      const text = run
        .slice(from, to)
        .map((w) => w.text)
        .join(' ');
      const near = nearKind(vocabulary, text);
      return { start: run[from]!.start, end: run[to - 1]!.end, text, type: 'word', ...(near ? { near } : {}) };
    };
    const whole = join(0, run.length);
    if (run.length === 1 || whole.near) {
      out.push(whole);
    } else {
      let from = 0;
      for (let k = 1; k <= run.length; k++) {
        if (k === run.length || nearKind(vocabulary, run[k]!.text)) {
          out.push(join(from, k));
          from = k;
        }
      }
    }
    i = j;
  }
  return out;
}

/**
 * Reads a slash command the way Discord's client would send it: `/trade country:kazakhstan
 * year:2023`, or in the short form, `/trade kazakhstan 2023`, where each value may come in any
 * order and is recognised by what it is, read from the definitions: a number in an option's range
 * (the year), one of an option's choices (rank's measure), a channel, what an autocompleted option
 * offers, and, with a vocabulary, a country or region name, which fills the next free option of
 * its kind. `year 2023` works as `year:2023`. Errors say what was wrong and what would work.
 */
export function parseLine(line: string, definitions: readonly Definition[], vocabulary?: Vocabulary): ParsedLine {
  const tokens = tokenize(line.trim());
  const head = tokens.shift();
  if (!head || !head.startsWith('/')) return { ok: false, error: 'Type a slash command, like /trade kazakhstan or /help.' };
  const name = head.slice(1).toLowerCase();
  const definition = definitions.find((d) => d.name === name);
  if (!definition) {
    const near = definitions.filter((d) => editDistance(d.name, name, 2) <= 2).map((d) => `/${d.name}`);
    const hint = near.length > 0 ? ` Did you mean ${list(near, 'or')}?` : '';
    return { ok: false, error: `I don't know /${name}.${hint} Commands: ${definitions.map((d) => `/${d.name}`).join(', ')}.` };
  }
  return new LineReader(name, definition, definitions, tokens, vocabulary).read();
}

class LineError extends Error {}

/** Reads the arguments of one command line; throws a LineError with the words to show. */
class LineReader {
  private readonly raw: Record<string, string | number | boolean> = {};
  /** Tokens not yet read as a named option (or a subcommand). */
  private readonly free: boolean[];
  private command: string;
  private slots: Slot[] = [];
  /** Where the words of each text option end, by option name. */
  private readonly textEnds = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly definition: Definition,
    private readonly definitions: readonly Definition[],
    private readonly tokens: string[],
    private readonly vocabulary: Vocabulary | undefined,
  ) {
    this.free = tokens.map(() => true);
    this.command = `/${name}`;
  }

  read(): ParsedLine {
    try {
      this.subcommand();
      this.named();
      const items = classify(this.tokens, this.free, this.slots, this.vocabulary);
      for (const item of items) this.place(item, items);
      this.required();
      return { ok: true, name: this.name, options: this.raw };
    } catch (error) {
      if (error instanceof LineError) return { ok: false, error: error.message };
      throw error;
    }
  }

  private fail(message: string): never {
    throw new LineError(message);
  }

  /** The line as typed, with tokens start..end replaced by `instead` (or left out). */
  private lineWith(start: number, end: number, instead?: string): string {
    const parts = [...this.tokens.slice(0, start).map(typed), ...(instead ? [instead] : []), ...this.tokens.slice(end).map(typed)];
    return [`/${this.name}`, ...parts].join(' ');
  }

  private get help() {
    return `/help command:${this.name}`;
  }

  private subcommand(): void {
    const options = (this.definition.options ?? []) as readonly APIApplicationCommandOption[];
    const subs = options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    let values = valueOptionsOf(options);
    if (subs.length > 0) {
      const at = this.tokens.findIndex((t) => subs.some((s) => s.name === t.toLowerCase()));
      const sub = subs.find((s) => s.name === this.tokens[at]?.toLowerCase());
      if (!sub) this.fail(`/${this.name} needs one of: ${subs.map((s) => s.name).join(', ')}.`);
      this.free[at] = false;
      this.raw.subcommand = sub.name;
      this.command = `/${this.name} ${sub.name}`;
      values = valueOptionsOf('options' in sub ? sub.options : undefined);
    }
    this.slots = values.map((o) => slotOf(this.name, o, this.vocabulary));
  }

  private set(option: ValueOption, value: string | number | boolean, shown: string): void {
    const before = this.raw[option.name];
    if (before !== undefined) this.fail(`${option.name} is given twice (${String(before)} and ${shown}). Give it once.`);
    this.raw[option.name] = value;
  }

  /** Words typed for a text option; remembered so that a following stray word can join them. */
  private setWords(option: ValueOption, item: Item): void {
    this.set(option, item.text, item.text);
    this.textEnds.set(option.name, item.end);
  }

  private setText(option: ValueOption, text: string): void {
    const value = convert(option, text);
    if (typeof value === 'object') this.fail(value.error);
    this.set(option, value, text);
  }

  /** `key:value`, `key: value` and `key value`. */
  private named(): void {
    const options = this.slots.map((s) => s.option);
    for (let i = 0; i < this.tokens.length; i++) {
      if (!this.free[i]) continue;
      const token = this.tokens[i]!;
      const keyed = /^([\p{L}\p{N}_-]+):(.*)$/su.exec(token);
      const key = (keyed ? keyed[1]! : token).toLowerCase();
      const option = options.find((o) => o.name === key);
      if (!option) {
        if (keyed) {
          const near = options.filter((o) => editDistance(o.name, key, 2) <= 2).map((o) => `${o.name}:${keyed[2] ?? ''}`);
          const hint = near.length > 0 ? ` Did you mean ${list(near, 'or')}?` : '';
          const has = options.length > 0 ? `Its options: ${options.map((o) => o.name).join(', ')}.` : 'It takes no options.';
          this.fail(`${this.command} has no option ${echo(keyed[1]!)}.${hint} ${has}`);
        }
        continue;
      }
      let text = keyed?.[2] ?? '';
      this.free[i] = false;
      if (text === '') {
        // `year 2023` or `year: 2023`: the value is what follows, as long a name as resolves.
        const next = this.tokens[i + 1];
        const nextIsKeyed = next !== undefined && options.some((o) => next.toLowerCase().startsWith(`${o.name}:`));
        if (next === undefined || !this.free[i + 1] || nextIsKeyed) {
          if (!keyed) {
            this.free[i] = true;
            continue;
          }
          this.fail(`${option.name} needs a value after it, like ${option.name}:${this.sample(this.slotFor(option)) ?? '…'}.`);
        }
        let end = i + 2;
        for (let e = Math.min(this.tokens.length, i + 1 + CHOICE_WORDS); e > i + 2; e--) {
          const words = this.tokens.slice(i + 1, e);
          if (!this.free.slice(i + 1, e).every(Boolean)) continue;
          const joined = words.join(' ');
          const slot = this.slotFor(option);
          if (
            (slot.type === 'choice' && matchChoice(slot.choices, joined, false)) ||
            (slot.type === 'place' && this.vocabulary?.resolve(joined).found)
          ) {
            end = e;
            break;
          }
        }
        text = this.tokens.slice(i + 1, end).join(' ');
        for (let k = i + 1; k < end; k++) this.free[k] = false;
      }
      this.setText(option, text);
    }
  }

  private slotFor(option: ValueOption): Slot {
    return this.slots.find((s) => s.option === option)!;
  }

  private freeSlot(test: (slot: Slot) => boolean): Slot | undefined {
    return this.slots.find((s) => this.raw[s.option.name] === undefined && test(s));
  }

  /** A value that would work for a slot, to show in an example. */
  private sample(slot: Slot, not: readonly string[] = []): string | undefined {
    if (slot.type === 'choice') return String(slot.choices[0]!.value);
    if (slot.type === 'place' || slot.type === 'offer') {
      const taken = new Set(not.map(normalizeName));
      return slot.offers.map((o) => String(o.value)).find((v) => !taken.has(normalizeName(v)));
    }
    return undefined;
  }

  /** What a slot takes, in words: "country (A country in …)", "by (What to rank by): one of total, …". */
  private takes(slot: Slot): string {
    const { option } = slot;
    switch (slot.type) {
      case 'choice':
        return `${option.name} (${option.description}): one of ${slot.choices.map((c) => c.value).join(', ')}`;
      case 'place':
        return `${article(NOUNS[slot.kind][0])}: ${slot.offers.map((o) => o.name).join(', ')}`;
      case 'number':
        return Number.isFinite(slot.min) && Number.isFinite(slot.max)
          ? `${option.name} (${option.description}), from ${slot.min} to ${slot.max}`
          : `${option.name} (${option.description})`;
      default:
        return `${option.name} (${option.description})`;
    }
  }

  private place(item: Item, items: readonly Item[]): void {
    switch (item.type) {
      case 'number':
        return this.number(item);
      case 'channel': {
        const slot = this.freeSlot((s) => s.type === 'channel');
        if (slot) return this.setText(slot.option, item.text);
        return this.noRoom(item, 'channel');
      }
      case 'boolean': {
        const slot = this.freeSlot((s) => s.type === 'boolean');
        if (slot) return this.set(slot.option, item.value, item.text);
        return this.noRoom(item, 'true or false');
      }
      case 'choice':
      case 'offer':
        return this.set(item.slot.option, item.value, item.text);
      case 'period':
        return this.set(item.slot.option, item.text, item.text);
      case 'place':
        return this.placeName(item, items);
      case 'word':
        return this.word(item);
    }
  }

  private number(item: Extract<Item, { type: 'number' }>): void {
    const numbers = this.slots.filter((s): s is Extract<Slot, { type: 'number' }> => s.type === 'number');
    const fits = numbers.filter((s) => item.value >= s.min && item.value <= s.max && Number.isInteger(item.value));
    const slot = fits.find((s) => this.raw[s.option.name] === undefined);
    if (slot) return this.set(slot.option, item.value, item.text);
    const taken = fits[0];
    if (taken) this.fail(`${taken.option.name} is given twice (${String(this.raw[taken.option.name])} and ${item.text}). Give it once.`);
    const range = numbers[0];
    if (range) this.fail(`${range.option.name} must be from ${range.min} to ${range.max}, not ${item.text}.`);
    // What the number would be elsewhere: another command's option whose range holds it ("year").
    const elsewhere = this.definitions
      .flatMap((d) => valueOptionsOf(d.options as readonly APIApplicationCommandOption[] | undefined))
      .find(
        (o) =>
          (o.type === ApplicationCommandOptionType.Integer || o.type === ApplicationCommandOptionType.Number) &&
          item.value >= boundsOf(o).min &&
          item.value <= boundsOf(o).max,
      );
    return this.noRoom(item, elsewhere ? elsewhere.name : `number like ${item.text}`);
  }

  /** The token fits nothing this command takes: say so, and what the line would be without it. */
  private noRoom(item: Item, what: string): never {
    const without = this.lineWith(item.start, item.end);
    if (this.slots.length === 0) this.fail(`${this.command} takes no ${what}: type just ${without}.`);
    this.fail(
      `${this.command} takes no ${what}. Its options: ${this.slots.map((s) => s.option.name).join(', ')}. Try ${without}, or see ${this.help}.`,
    );
  }

  private placeName(item: Extract<Item, { type: 'place' }>, items: readonly Item[]): void {
    const { kind } = item.place;
    const own = this.freeSlot((s) => s.type === 'place' && s.kind === kind);
    if (own) return this.setWords(own.option, item);
    const ofKind = this.slots.filter((s): s is Extract<Slot, { type: 'place' }> => s.type === 'place' && s.kind === kind);
    if (ofKind.length > 0) return this.tooMany(kind, ofKind, items);
    const other = this.slots.find((s): s is Extract<Slot, { type: 'place' }> => s.type === 'place');
    if (other) {
      // A region where a country is wanted, or the other way round: the command that takes it.
      const elsewhere = this.definitions.find((d) => this.placeSlots(d, kind).some((s) => s.option.required));
      const go = elsewhere ? `Try /${elsewhere.name} ${item.place.id}, or ` : 'Give ';
      this.fail(
        `${item.place.name} is ${article(NOUNS[kind][0])}, not ${article(NOUNS[other.kind][0])}. ${go}${article(NOUNS[other.kind][0])}: ${other.offers.map((o) => o.name).join(', ')}.`,
      );
    }
    // An option with offers (a period, a source) takes only what it offers, never a stray word.
    const text = this.freeSlot((s) => s.type === 'text');
    if (text) return this.setWords(text.option, item);
    this.noRoom(item, NOUNS[kind][0]);
  }

  /** Another command's options that take places of a kind (top level: commands with subcommands are not suggested). */
  private placeSlots(definition: Definition, kind: Kind): Extract<Slot, { type: 'place' }>[] {
    return valueOptionsOf(definition.options as readonly APIApplicationCommandOption[] | undefined)
      .map((o) => slotOf(definition.name, o, this.vocabulary))
      .filter((s): s is Extract<Slot, { type: 'place' }> => s.type === 'place' && s.kind === kind);
  }

  /** More places of a kind than the command has options for: name them all and say how many it takes. */
  private tooMany(kind: Kind, slots: readonly Extract<Slot, { type: 'place' }>[], items: readonly Item[]): never {
    const names = new Map<string, string>();
    for (const slot of slots) {
      const given = this.raw[slot.option.name];
      if (typeof given !== 'string') continue;
      const r = this.vocabulary?.resolve(given);
      names.set(r?.found ? r.place.id : given, r?.found ? r.place.name : echo(given));
    }
    const typedNames: string[] = [];
    for (const other of items) {
      if (other.type !== 'place' || other.place.kind !== kind) continue;
      names.set(other.place.id, other.place.name);
      typedNames.push(other.place.id);
    }
    const max = slots.length;
    const takes = slots.some((s) => !s.option.required) ? `at most ${count(max)} ${noun(kind, max)}` : `${count(max)} ${noun(kind, max)}`;
    const named = [...names.values()];
    const bigger = this.definitions.find((d) => d.name !== this.name && this.placeSlots(d, kind).length >= named.length);
    const fix = bigger
      ? `For ${count(named.length)} side by side, try /${bigger.name} ${[...names.keys()].join(' ')}.`
      : `Leave out ${count(named.length - max)}.`;
    this.fail(`${this.command} takes ${takes}; you named ${count(named.length)}: ${named.join(', ')}. ${fix}`);
  }

  private word(item: Extract<Item, { type: 'word' }>): void {
    const isPlace = (s: Slot) => s.type === 'place';
    if (item.near) {
      const slot = this.freeSlot((s) => s.type === 'place' && s.kind === item.near) ?? this.freeSlot(isPlace);
      if (slot) return this.setWords(slot.option, item);
    }
    // With a vocabulary, a word that names no place was meant for a required choice (a measure), if any.
    const choice = this.freeSlot((s) => s.type === 'choice' && s.option.required === true);
    if (this.vocabulary && choice?.type === 'choice') this.notAChoice(item, choice);
    const slot = this.freeSlot(isPlace) ?? this.freeSlot((s) => s.type === 'text');
    if (slot) return this.setWords(slot.option, item);
    // How the reply comes (format) is not what it is about: a stray word is never taken for it.
    const optional = this.freeSlot((s) => s.type === 'choice' && !ONLY_BY_CHOICE.has(s.option.name));
    if (optional?.type === 'choice') this.notAChoice(item, optional);
    // Without a vocabulary, a word that fits no option continues the text just before it ("kyrgyz republic").
    const before = [...this.textEnds].find(([, end]) => end === item.start)?.[0];
    if (!this.vocabulary && before !== undefined) {
      this.raw[before] = `${String(this.raw[before])} ${item.text}`;
      this.textEnds.set(before, item.end);
      return;
    }
    this.fail(
      `${this.command} has no room for ${echo(item.text)}: it takes ${list(this.slots.map((s) => s.option.name))}, and has ${this.givenText()}. Try ${this.lineWith(item.start, item.end)}, or see ${this.help}.`,
    );
  }

  /** A typed place as the data names it, or echoed as typed. */
  private nameOf(text: string): string {
    const r = this.vocabulary?.resolve(text);
    return r?.found ? r.place.name : echo(text);
  }

  private givenText(): string {
    const given = this.slots
      .filter((s) => this.raw[s.option.name] !== undefined)
      .map((s) => `${s.option.name}:${typed(String(this.raw[s.option.name]))}`);
    return given.length > 0 ? list(given) : 'nothing';
  }

  private notAChoice(item: Item, slot: Extract<Slot, { type: 'choice' }>): never {
    const near = slot.choices
      .filter((c) => editDistance(String(c.value).toLowerCase(), item.text.toLowerCase(), 2) <= 2)
      .map((c) => String(c.value));
    const hint = near.length > 0 ? ` Did you mean ${list(near, 'or')}?` : '';
    const place = this.freeSlot((s) => s.type === 'place');
    const nor = place?.type === 'place' ? `, nor ${article(NOUNS[place.kind][0])} (${place.offers.map((o) => o.name).join(', ')})` : '';
    const example = this.lineWith(item.start, item.end, near[0] ?? String(slot.choices[0]!.value));
    this.fail(
      `${echo(item.text)} is not one of the choices for ${slot.option.name} (${slot.choices.map((c) => c.value).join(', ')})${nor}.${hint} E.g. ${example}.`,
    );
  }

  private required(): void {
    const missing = this.slots.filter((s) => s.option.required && this.raw[s.option.name] === undefined);
    const first = missing[0];
    if (!first) return;
    const line = this.lineWith(this.tokens.length, this.tokens.length);
    if (first.type === 'place' && missing.every((s) => s.type === 'place' && s.kind === first.kind)) {
      const ofKind = this.slots.filter((s) => s.type === 'place' && s.kind === first.kind);
      const needed = ofKind.filter((s) => s.option.required).length;
      const given = ofKind.map((s) => this.raw[s.option.name]).filter((v): v is string => typeof v === 'string');
      const samples: string[] = [];
      for (let k = 0; k < missing.length; k++) {
        const s = this.sample(first, [...given, ...samples]);
        if (s) samples.push(s);
      }
      const example = samples.length === missing.length ? ` E.g. ${line} ${samples.join(' ')}.` : ` See ${this.help}.`;
      if (ofKind.length === 1) this.fail(`${this.command} needs ${article(NOUNS[first.kind][0])}.${example}`);
      const named = given.length > 0 ? `; you named ${count(given.length)} (${given.map((g) => this.nameOf(g)).join(', ')})` : '';
      this.fail(`${this.command} needs at least ${count(needed)} ${noun(first.kind, needed)}${named}.${example}`);
    }
    const samples = missing.map((s) => this.sample(s));
    const example = samples.every((s) => s !== undefined) ? `E.g. ${line} ${samples.join(' ')}.` : `See ${this.help}.`;
    this.fail(`${this.command} needs ${list(missing.map((s) => this.takes(s)))}. ${example}`);
  }
}
