import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Partner, Region } from '../src/model/schema.js';
import type { TradeModel } from '../src/model/model.js';
import type { Place } from '../src/model/views.js';
import { LIMITS } from '../src/format/limits.js';
import type { FocusedOption } from '../src/core/invocation.js';
import { UserError } from '../src/core/userError.js';
import type { FiguresContext } from './contract.js';

/**
 * Bounds on what a year option accepts, so that Discord refuses nonsense before we see it. They
 * are not the years with data: those come from the model, in errors and in /help.
 */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

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
  description: 'Year of the figures (default: the latest with data)',
  required: false,
  min_value: MIN_YEAR,
  max_value: MAX_YEAR,
} as const;

/** A region option: a region added to data/ is offered and accepted everywhere without a change here. */
export const regionOption = placeOption;

/** Option schemas shared by the commands; Discord enforces the same bounds before we see them. */
export const countryArg = z.string().trim().min(1, 'give a country name').max(100, 'is too long (100 characters at most)');
export const regionArg = z.string().trim().min(1, 'give a region name').max(100, 'is too long (100 characters at most)');
export const yearArg = z.number().int('must be a whole year').min(MIN_YEAR).max(MAX_YEAR).optional();

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

function covered(model: TradeModel): string {
  return model.partners.map((p) => p.name).join(', ');
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
