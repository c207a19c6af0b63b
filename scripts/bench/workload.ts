/**
 * The arguments the bench sends: varied and realistic, deterministic so runs compare. Most
 * countries arrive as the id autocomplete fills in; some as typed names, codes, aliases.
 */
import type { RawOptions } from '../../src/core/invocation.js';
import type { TradeModel } from '../../src/model/model.js';
import { MEASURES } from '../../src/model/views.js';

export type Call = { readonly name: string; readonly options: RawOptions };

/** A small seeded generator (LCG), so every run sends the same sequence. */
export function seeded(seed = 1): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** How a user may name a country: mostly the autocompleted id, sometimes what they typed. */
function names(model: TradeModel): string[][] {
  return model.partners.map((p) => [p.id, p.id, p.id, p.name, p.iso2, p.iso3, ...p.aliases.slice(0, 3)]);
}

function withYear(random: () => number, options: Record<string, string | number>, years: readonly number[]): RawOptions {
  // Half the time no year (the latest); otherwise a year every named country has.
  if (years.length > 0 && random() < 0.5) options.year = pick(random, years);
  return options;
}

export function tradeCalls(model: TradeModel, count: number, seed = 1): Call[] {
  const random = seeded(seed);
  const all = names(model);
  return Array.from({ length: count }, () => {
    const i = Math.floor(random() * all.length);
    const partner = model.partners[i]!;
    return { name: 'trade', options: withYear(random, { country: pick(random, all[i]!) }, model.years(partner.id)) };
  });
}

export function compareCalls(model: TradeModel, count: number, seed = 2): Call[] {
  const random = seeded(seed);
  const all = names(model);
  const slots = ['first', 'second', 'third', 'fourth', 'fifth'] as const;
  return Array.from({ length: count }, () => {
    const howMany = 2 + Math.floor(random() * 4);
    const chosen = [...model.partners.keys()].sort(() => random() - 0.5).slice(0, howMany);
    const options: Record<string, string | number> = {};
    chosen.forEach((p, k) => (options[slots[k]!] = pick(random, all[p]!)));
    const common = model
      .years(model.partners[chosen[0]!]!.id)
      .filter((y) => chosen.every((p) => model.years(model.partners[p]!.id).includes(y)));
    return { name: 'compare', options: withYear(random, options, common) };
  });
}

/** Every command with varied arguments, for timing app.handle directly. */
export function allCalls(model: TradeModel, perCommand: number, channels: readonly string[]): Call[][] {
  const random = seeded(3);
  const regions = model.regions.map((r) => r.id);
  const years = model.allYears();
  const many = (name: string, make: () => RawOptions): Call[] => Array.from({ length: perCommand }, () => ({ name, options: make() }));
  const typo = (calls: Call[], key: string, text: string) =>
    // One call in 25 has a misspelt country: the suggestion path is part of a real p99.
    calls.map((c, i) => (i % 25 === 24 ? { ...c, options: { ...c.options, [key]: text } } : c));
  return [
    typo(tradeCalls(model, perCommand, 11), 'country', 'Kazahkstan'),
    typo(compareCalls(model, perCommand, 12), 'second', 'Uzbekstan'),
    many('region', () => withYear(random, { name: pick(random, regions) }, years)),
    many('rank', () => {
      const options: Record<string, string | number> = { by: pick(random, MEASURES) };
      if (random() < 0.5) options.region = pick(random, regions);
      return withYear(random, options, years);
    }),
    many('keypoints', (): RawOptions => (random() < 0.5 ? { region: pick(random, regions) } : {})),
    many('sources', () => ({})),
    many('help', () => ({})),
    many('digest', (): RawOptions => {
      const channel = pick(random, channels);
      const r = random();
      if (r < 0.4) return { subcommand: 'subscribe', channel, every: pick(random, ['daily', 'weekly']) };
      if (r < 0.7) return { subcommand: 'unsubscribe', channel };
      return { subcommand: 'list' };
    }),
  ];
}
