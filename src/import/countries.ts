/**
 * Comtrade's reporter and partner codes (ISO3 and its own M49-based numbers) resolved to
 * countries through i18n-iso-countries; China, the world and the areas Comtrade invents
 * ("Other Asia, nes", "Bunkers", "Free zones") are told apart from countries.
 */
import countries from 'i18n-iso-countries';
import type { Place } from './row.js';

export interface Country {
  readonly iso2: string;
  readonly iso3: string;
  readonly m49: number;
  /** A short English name: "Russia", not "Russian Federation". */
  readonly name: string;
}

export type Resolved =
  | { readonly kind: 'china' }
  | { readonly kind: 'area' }
  | { readonly kind: 'former' }
  | { readonly kind: 'country'; readonly country: Country }
  | { readonly kind: 'unknown' };

/** Comtrade numbers that differ from the M49 code of the country they stand for. */
const COMTRADE_NUMBERS: Readonly<Record<string, string>> = {
  '842': '840', // USA (with Puerto Rico and the Virgin Islands)
  '251': '250', // France (with Monaco)
  '699': '356', // India
  '757': '756', // Switzerland (with Liechtenstein)
  '579': '578', // Norway (with Svalbard)
  '381': '380', // Italy (with San Marino)
};

/** Comtrade's codes for the world, groupings and areas not elsewhere specified: not countries. */
const AREA_CODES = new Set([
  '0', '97', '290', '471', '472', '473', '490', '492', '527', '536', '568', '577', '636', '637', '697', '837', '838', '839', '849', '879', '899',
]); // prettier-ignore
const AREA_ISO = new Set(['W00', 'WLD', 'EUR', 'EU2', '_X', 'XX', 'X1', 'X2']);
/** Countries that no longer exist (USSR, Yugoslavia, Czechoslovakia...): no ISO 3166 code to file them under. */
const FORMER_CODES = new Set(['810', '890', '891', '200', '530', '58', '278', '720', '886', '230', '582']);
const FORMER_ISO = new Set(['SUN', 'YUG', 'SCG', 'CSK', 'ANT', 'BLX', 'DDR', 'YMD', 'YAR', 'PCI']);
const AREA_DESC = /\bn\.?e\.?s\b|\bnes\b|\bworld\b|\bareas?\b|\bbunkers\b|\bfree zones?\b|\bspecial categories\b/i;

/** Official names a short form reads better than: the package's aliases are tried first for these. */
const LONG_FORM = /,|\bRepublic of\b|\bFederation\b|\bProvince\b|\bPeople's\b|\bIslamic\b|\bPlurinational\b|\bBolivarian\b/;

/** The short English name of a country by its ISO2 code. */
export function shortName(iso2: string): string {
  const all = countries.getName(iso2, 'en', { select: 'all' }) ?? [];
  const readable = all.filter((n) => !/^[A-Z.]+$/.test(n));
  const short = readable.find((n) => !LONG_FORM.test(n));
  if (short) return short;
  const official = readable[0] ?? all[0] ?? iso2;
  return official.replace(/, (Republic|Kingdom|State|Federated States) of( the)?$/, '').trim();
}

function country(iso2: string): Country {
  return {
    iso2,
    iso3: countries.alpha2ToAlpha3(iso2)!,
    m49: Number(countries.alpha2ToNumeric(iso2)),
    name: shortName(iso2),
  };
}

const cache = new Map<string, Resolved>();

/** What a reporter or partner cell names: China, a country, an area, or a code nobody knows. */
export function resolvePlace(place: Place): Resolved {
  const key = `${place.code}|${place.iso}|${place.desc}`;
  let found = cache.get(key);
  if (!found) {
    found = resolveUncached(place);
    cache.set(key, found);
  }
  return found;
}

function resolveUncached({ code, iso, desc }: Place): Resolved {
  const iso3 = iso.toUpperCase();
  const number = code.replace(/^0+(?=\d)/, '');
  if (number === '156' || iso3 === 'CHN') return { kind: 'china' };
  if (AREA_CODES.has(number) || AREA_ISO.has(iso3)) return { kind: 'area' };
  if (/^[A-Z]{3}$/.test(iso3)) {
    const iso2 = countries.alpha3ToAlpha2(iso3);
    if (iso2) return { kind: 'country', country: country(iso2) };
  }
  if (FORMER_CODES.has(number) || FORMER_ISO.has(iso3)) return { kind: 'former' };
  if (/^\d+$/.test(number)) {
    const iso2 = countries.numericToAlpha2(COMTRADE_NUMBERS[number] ?? number.padStart(3, '0'));
    if (iso2) return { kind: 'country', country: country(iso2) };
  }
  if (AREA_DESC.test(desc)) return { kind: 'area' };
  return { kind: 'unknown' };
}

/** A lowercase-dashed id from an English name: "Russia" -> "russia", "Türkiye" -> "turkiye". */
export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
