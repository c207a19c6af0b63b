import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Partner, Region } from '../src/model/schema.js';
import type { TradeModel } from '../src/model/model.js';
import type { Place } from '../src/model/views.js';
import { LIMITS } from '../src/format/limits.js';
import type { FocusedOption, RawOptions } from '../src/core/invocation.js';
import {
  MAX_YEAR,
  MIN_YEAR,
  MONTH_NAMES,
  PERIOD_FORMS,
  fullYear,
  parsePeriod,
  periodKey,
  periodLabel,
  type Period,
} from '../src/model/period.js';
import { UserError } from '../src/core/userError.js';
import { periodAsOption } from '../src/format/replies.js';
import type { FiguresContext } from './contract.js';

/**
 * Bounds on what a year option accepts, so that Discord refuses nonsense before we see it. They
 * are not the years with data: those come from the model, in errors and in /help.
 */
export { MAX_YEAR, MIN_YEAR };

/** A place typed by name, autocompleted (countries and regions come from the data, not from fixed choices). */
const placeOption = (name: string, description: string, required: boolean) =>
  ({
    type: ApplicationCommandOptionType.String,
    name,
    description,
    required,
    autocomplete: true,
    min_length: 1,
    max_length: 100,
  }) as const;

export const countryOption = placeOption;

export const yearOption = {
  type: ApplicationCommandOptionType.Integer,
  name: 'year',
  description: 'Full year of the figures (default: the latest full year with data)',
  required: false,
  min_value: MIN_YEAR,
  max_value: MAX_YEAR,
} as const;

/** A period: a full year or part of one ("Jan-Oct 2025", "H1 2024"), autocompleted with those the data has. */
export const periodOption = {
  type: ApplicationCommandOptionType.String,
  name: 'period',
  description: 'Period: 2025, Jan-Oct 2025, H1 2024... (default: the latest full year with data)',
  required: false,
  autocomplete: true,
  min_length: 4,
  max_length: 40,
} as const;

/** How a figure reply comes: the embed alone, or the embed with a CSV file of its figures. */
export const FORMATS = ['embed', 'csv'] as const;

const FORMAT_NAMES: Readonly<Record<(typeof FORMATS)[number], string>> = {
  embed: 'embed (default)',
  csv: 'csv: the embed plus a CSV file of its figures',
};

export const formatOption = {
  type: ApplicationCommandOptionType.String,
  name: 'format',
  description: 'embed (default), or csv: the same reply with its figures attached as a CSV file',
  required: false,
  choices: FORMATS.map((value) => ({ name: FORMAT_NAMES[value], value })),
} as const;

export const formatArg = z.enum(FORMATS).optional();

/** A region option: a region added to data/ is offered and accepted everywhere without a change here. */
export const regionOption = placeOption;

/** Option schemas shared by the commands; Discord enforces the same bounds before we see them. */
export const countryArg = z.string().trim().min(1, 'give a country name').max(100, 'is too long (100 characters at most)');
export const regionArg = z.string().trim().min(1, 'give a region name').max(100, 'is too long (100 characters at most)');
export const yearArg = z.number().int('must be a whole year').min(MIN_YEAR).max(MAX_YEAR).optional();
// Quotes copied from a hint (period:"Jan-Oct 2025") are not part of the period.
export const periodArg = z
  .string()
  .transform((text) => text.trim().replace(/^["“”']+|["“”']+$/g, ''))
  .pipe(z.string().min(1, 'give a period such as 2025 or Jan-Oct 2025').max(40, 'is too long (40 characters at most)'))
  .optional();

/**
 * A channel option: Discord sends the channel's id; the console also takes a pasted <#id>. Ids are
 * snowflakes (17-20 digits), so "0" or a name never reaches a store or a post.
 */
export const channelArg = z
  .string()
  .trim()
  .transform((s) => s.replace(/^<#(\d+)>$/, '$1'))
  .pipe(z.string().regex(/^\d{17,20}$/, 'must be a channel: pick one from the list'));

/** What posting into a channel takes: the asker may post and moderate there, the bot may post embeds. */
export const POSTING = {
  member: ['ViewChannel', 'SendMessages', 'ManageMessages'],
  bot: ['ViewChannel', 'SendMessages', 'EmbedLinks'],
} as const;

/** Echoes user text safely: short, one line, no markdown or mentions. */
export function quote(text: string): string {
  const flat = text
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const short = [...flat].length > 40 ? `${[...flat].slice(0, 39).join('')}…` : flat;
  return `“${short.replace(/[\\`*_~|>#@<[\]()-]/g, (c) => `\\${c}`)}”`;
}

/** The partners covered, in a line: an imported dataset may bring two hundred, and an error must stay short. */
function covered(model: TradeModel): string {
  const SHOWN = 12;
  const names = model.partners.map((p) => p.name);
  return names.length <= SHOWN ? names.join(', ') : `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more (see /help)`;
}

/** A partner from what the user typed, or a UserError that suggests and lists what is covered. */
export function resolvePartner(model: TradeModel, text: string): Partner {
  const result = model.resolve(text);
  if (result.found) {
    if (result.place.kind === 'partner') return result.place.partner;
    throw new UserError(
      `${result.place.name} is a region, not a country. Try /region name:${result.place.id}, or a country: ${covered(model)}.`,
    );
  }
  const partners = result.suggestions.filter((p): p is Extract<Place, { kind: 'partner' }> => p.kind === 'partner');
  const hint = partners.length > 0 ? ` Did you mean ${partners.map((p) => p.name).join(' or ')}?` : '';
  throw new UserError(`No figures for ${quote(text)}.${hint} Covered: ${covered(model)}.`);
}

/** A region from what the user typed (its name, id or another name for it), or a UserError that suggests and lists the regions. */
export function resolveRegion(model: TradeModel, text: string): Region {
  const result = model.resolve(text);
  const regions = model.regions.map((r) => r.name).join(', ');
  if (result.found) {
    if (result.place.kind === 'region') return result.place.region;
    throw new UserError(`${result.place.name} is a country, not a region. Try /trade country:${result.place.id}, or a region: ${regions}.`);
  }
  const near = result.suggestions.filter((p): p is Extract<Place, { kind: 'region' }> => p.kind === 'region');
  const hint = near.length > 0 ? ` Did you mean ${near.map((p) => p.name).join(' or ')}?` : '';
  throw new UserError(`No region called ${quote(text)}.${hint} Regions: ${regions}.`);
}

/** The asked year if the place has figures for it, else the latest; a UserError names the years that work. */
export function chooseYear(model: TradeModel, id: string, name: string, year: number | undefined): number {
  const years = model.years(id);
  const latest = years[years.length - 1];
  if (latest === undefined) throw new UserError(`No figures for ${name} in any year yet.`);
  if (year === undefined) return latest;
  if (!years.includes(year)) {
    throw new UserError(`No figures for ${name} in ${year}. Years with figures: ${years.join(', ')}.`);
  }
  return year;
}

/** What a command was asked for: a full year, a period, or neither. */
export interface PeriodAsked {
  readonly year?: number | undefined;
  readonly period?: string | undefined;
}

/** The periods as a reader lists them: "2023, 2024, Jan–Jun 2024, 2025, Jan–Oct 2025". */
export function periodList(periods: readonly Period[]): string {
  return periods.map(periodLabel).join(', ');
}

/** The period asked for, read and checked: a UserError says what was wrong and which periods there are. */
export function askedPeriod(asked: PeriodAsked, available: readonly Period[], what: string): Period | undefined {
  const fromText = asked.period === undefined ? undefined : parsePeriod(asked.period);
  if (asked.period !== undefined && !fromText)
    throw new UserError(
      `${quote(asked.period)} is not a period I can read. Write it like ${PERIOD_FORMS}. Periods with figures for ${what}: ${periodList(available)}.`,
    );
  if (fromText && asked.year !== undefined && periodKey(fromText) !== String(asked.year))
    throw new UserError(`Give year or period, not both: year:${asked.year} and period:${periodLabel(fromText)} disagree.`);
  const period = fromText ?? (asked.year !== undefined ? fullYear(asked.year) : undefined);
  if (period && !available.some((p) => periodKey(p) === periodKey(period)))
    throw new UserError(`No figures for ${what} in ${periodLabel(period)}. Periods with figures: ${periodList(available)}.`);
  return period;
}

/** The period a command answers for, and the part-years after it that a reply should mention when none was asked. */
export interface ChosenPeriod {
  readonly period: Period;
  /** Later part-year periods, when the period was the default. */
  readonly later: readonly Period[];
}

/**
 * The asked period if the place has figures for it; else the latest full year with any figure
 * (else its latest period), with the part-years after it. A UserError names the periods that work.
 */
export function choosePeriod(model: TradeModel, id: string, name: string, asked: PeriodAsked): ChosenPeriod {
  const available = model.periods(id);
  if (available.length === 0) throw new UserError(`No figures for ${name} in any period yet.`);
  const period = askedPeriod(asked, available, name);
  if (period) return { period, later: [] };
  const year = model.latestFullYear(id);
  if (year === undefined) return { period: available[available.length - 1]!, later: [] };
  return { period: fullYear(year), later: model.laterPeriods(id, year) };
}

/** "Jan–Oct 2026 is also available: /trade kazakhstan period:Jan-Oct 2026", or nothing. */
export function laterHint(later: readonly Period[], command: string): string | undefined {
  const last = later[later.length - 1];
  if (!last) return undefined;
  return `${periodLabel(last)} is also available: ${command} ${periodAsOption(last)}`;
}

/**
 * Autocomplete for `period`: the periods the data has for the places named so far (all of them, for
 * several), latest first, matching what was typed; full years and parts alike.
 */
export function completePeriod(
  focused: FocusedOption,
  model: TradeModel,
  placeIds: readonly string[],
): APIApplicationCommandOptionChoice[] {
  const lists = placeIds.map((id) => model.periods(id));
  const keys = lists.slice(1).map((l) => new Set(l.map(periodKey)));
  return offerPeriods(
    focused,
    (lists[0] ?? model.allChinaPeriods()).filter((p) => keys.every((k) => k.has(periodKey(p)))),
  );
}

/** Periods offered for what was typed ("oct", "2025", "jan-oct 2025", "h1"), latest first, within Discord's limits. */
export function offerPeriods(focused: FocusedOption, periods: readonly Period[]): APIApplicationCommandOptionChoice[] {
  const typed = dashless(focused.value.trim());
  const parsed = parsePeriod(typed);
  // A bare year offers that year and its parts; another whole period, itself; anything else, what starts or contains it.
  const wanted = (p: Period) =>
    typed === '' ||
    (parsed
      ? periodKey(parsed) === periodKey(p) || (/^\d{4}$/.test(typed) && p.year === parsed.year)
      : labelsOf(p).some((l) => l.includes(typed)));
  return [...periods]
    .reverse()
    .filter(wanted)
    .slice(0, LIMITS.autocompleteChoices)
    .map((p) => ({ name: periodLabel(p), value: periodKey(p) }));
}

const dashless = (text: string) => text.toLowerCase().replace(/[–—]/g, '-');

/** Every way the period option reads a period, so that typing the start of any of them finds it. */
function labelsOf(p: Period): string[] {
  const long =
    p.first === p.last ? `${MONTH_NAMES[p.first - 1]!} ${p.year}` : `${MONTH_NAMES[p.first - 1]!}-${MONTH_NAMES[p.last - 1]!} ${p.year}`;
  const half = p.last - p.first === 5 && (p.first === 1 || p.first === 7) ? (p.first === 1 ? 'h1' : 'h2') : undefined;
  return [dashless(periodLabel(p)), periodKey(p), long, ...(half ? [`${half} ${p.year}`, `${p.year}-${half}`] : [])];
}

/**
 * A command's autocomplete: periods for `period`, from the places in the named options, and its own
 * choices for every other option.
 */
export function withPeriods(
  complete: (focused: FocusedOption, ctx: FiguresContext) => APIApplicationCommandOptionChoice[],
  placeOptions: readonly string[],
): (focused: FocusedOption, ctx: FiguresContext, options: RawOptions) => APIApplicationCommandOptionChoice[] {
  return (focused, ctx, options) =>
    focused.name === 'period' ? completePeriod(focused, ctx.model, namedPlaces(ctx.model, options, placeOptions)) : complete(focused, ctx);
}

/** The ids of the places named in the options so far, for period autocomplete; names that resolve to nothing are left out. */
export function namedPlaces(model: TradeModel, options: RawOptions, names: readonly string[]): string[] {
  return names.flatMap((n) => {
    const v = options[n];
    if (typeof v !== 'string') return [];
    const r = model.resolve(v);
    return r.found ? [r.place.id] : [];
  });
}

/** Autocomplete over places of one kind (or all): prefix matches first, then aliases and near misses; within Discord's limits. */
const completeOf =
  (kind?: Place['kind']) =>
  (focused: FocusedOption, ctx: FiguresContext): APIApplicationCommandOptionChoice[] =>
    ctx.model.complete(focused.value.slice(0, 100), LIMITS.autocompleteChoices, kind).map((p) => ({ name: p.name, value: p.id }));

/** Region autocomplete, from the regions in the data. */
export const completeRegion = completeOf('region');
/** Country autocomplete. */
export const completeCountry = completeOf('partner');

/** A partner or a region from what the user typed (as /trade and /region read names), or a UserError that suggests and lists both. */
export function resolvePlace(model: TradeModel, text: string): Place {
  const result = model.resolve(text);
  if (result.found) return result.place;
  const hint = result.suggestions.length > 0 ? ` Did you mean ${result.suggestions.map((p) => p.name).join(' or ')}?` : '';
  throw new UserError(
    `No figures for ${quote(text)}.${hint} Covered: ${covered(model)}; regions: ${model.regions.map((r) => r.name).join(', ')}.`,
  );
}

/** Autocomplete over countries and regions alike. */
export const completePlace = completeOf();
