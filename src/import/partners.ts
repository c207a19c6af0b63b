/**
 * Which partner id a country's figures go under: the id `<data>/partners.json` already gives it
 * (by ISO3), or a partner the import file declares itself ("russia", with its codes).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { slug, type Country } from './countries.js';

export interface DeclaredPartner {
  readonly id: string;
  readonly name: string;
  readonly iso2: string;
  readonly iso3: string;
  readonly m49: number;
}

export interface PartnerRef {
  readonly id: string;
  readonly name: string;
  /** Set when partners.json lacks the country, so the import file must declare it. */
  readonly declared?: DeclaredPartner;
}

export interface PartnerDirectory {
  partnerFor(country: Country): PartnerRef;
  /** The names partners.json gives its partners, by id. */
  readonly names: ReadonlyMap<string, string>;
}

interface KnownPartner {
  readonly id: string;
  readonly name: string;
}

/** Reads `<data>/partners.json` if there is one; a missing file means every partner is declared. */
export async function loadPartnerDirectory(dataDir: string): Promise<PartnerDirectory> {
  let text: string | undefined;
  try {
    text = await readFile(join(dataDir, 'partners.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const known = new Map<string, KnownPartner>();
  if (text !== undefined) {
    const parsed = parseJson(text, join(dataDir, 'partners.json')) as { partners?: { id?: unknown; name?: unknown; iso3?: unknown }[] };
    for (const p of parsed.partners ?? []) {
      if (typeof p.id === 'string' && typeof p.iso3 === 'string') {
        known.set(p.iso3.toUpperCase(), { id: p.id, name: typeof p.name === 'string' ? p.name : p.id });
      }
    }
  }
  return partnerDirectory(known);
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

export function partnerDirectory(known: ReadonlyMap<string, KnownPartner>): PartnerDirectory {
  const taken = new Set([...known.values()].map((p) => p.id));
  return {
    names: new Map([...known.values()].map((p) => [p.id, p.name])),
    partnerFor(country) {
      const found = known.get(country.iso3);
      if (found) return found;
      let id = slug(country.name);
      // An id partners.json already uses for another country: keep the declared one apart.
      if (taken.has(id)) id = `${id}-${country.iso3.toLowerCase()}`;
      return {
        id,
        name: country.name,
        declared: { id, name: country.name, iso2: country.iso2, iso3: country.iso3, m49: country.m49 },
      };
    },
  };
}
