import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

/**
 * The languages whose names for a country people type: English, Russian (the region's common
 * language), Chinese, and each partner's own. i18n-iso-countries keeps them; the hand-written
 * aliases in data/partners.json are only what it lacks (old spellings, demonyms, "Kirghizia").
 */
const LANGUAGES = ['en', 'ru', 'zh', 'kk', 'ky', 'uz', 'tk', 'tg', 'az', 'ka', 'hy', 'tr', 'fr', 'de'] as const;

const require = createRequire(import.meta.url);
for (const language of LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`) as countries.LocaleData);

/** Every name the package has for a country (by ISO 3166 alpha-2), in the languages above. */
export function countryNames(iso2: string): string[] {
  return LANGUAGES.flatMap((language) => {
    const names = countries.getName(iso2, language, { select: 'all' });
    return Array.isArray(names) ? names : [];
  });
}

/** The UN M49 (ISO 3166 numeric) code Comtrade uses for a country, without leading zeros: "398" for Kazakhstan. */
export function m49Of(iso2: string): string | undefined {
  const code = countries.alpha2ToNumeric(iso2);
  return code === undefined ? undefined : String(Number(code));
}
