/**
 * /help tells the truth: the years it names are the years in data/, read here from the figure
 * records themselves (not from the code that writes help), and /help command:<name> explains one
 * command from its definition.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { yearRanges } from '../../commands/help.js';
import { payloadProblems } from '../../src/format/limits.js';
import { isFullYear } from '../../src/model/period.js';
import { app, DM, embedOf, field, model, textOf } from '../helpers/app.js';

/** Full years of the records for one place and reporter, straight from data/figures/ as loaded. */
function recordYears(id: string, reporter: 'china' | 'partner'): number[] {
  const years = model.dataset.figures
    .filter((f) => f.partner === id && f.reporter === reporter && isFullYear(f.period) && f.product === undefined)
    .map((f) => f.period.year);
  return [...new Set(years)].sort((a, b) => a - b);
}

/** "2019, 2022–2024" → [2019, 2022, 2023, 2024]. */
function yearsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(\d{4})(?:–(\d{4}))?/g)) {
    const from = Number(m[1]);
    for (let y = from; y <= Number(m[2] ?? m[1]); y++) out.push(y);
  }
  return out;
}

async function help(options: Record<string, string> = {}) {
  const outcome = await app.handle('help', options, DM);
  expect(outcome.kind).toBe('ok');
  return outcome.result;
}

/** The Years field as entries: "Central Asia (region): 2022–2024", "Kazakhstan 2023–2024", … */
async function entries(): Promise<string[]> {
  return field(await help(), 'Years with figures').split(/\n|; (?![^(]*\))/);
}

describe('/help names the years each place has in data/', () => {
  it('gives each region exactly the years of its own figures', async () => {
    const list = await entries();
    for (const region of model.regions) {
      const entry = list.find((e) => e.startsWith(`${region.name} (region):`));
      expect(entry, region.name).toBeDefined();
      expect(yearsIn(entry!), region.name).toEqual(recordYears(region.id, 'china'));
    }
  });

  it("gives each partner exactly China's years for it, its own statistics' years, and the years it is only part of a region total", async () => {
    const list = await entries();
    for (const partner of model.partners) {
      const entry = list.find((e) => e === partner.name || e.startsWith(`${partner.name} `));
      expect(entry, partner.name).toBeDefined();
      const [head = '', notes = ''] = entry!.split(' (');
      const china = recordYears(partner.id, 'china');
      expect(yearsIn(head), partner.name).toEqual(china);
      const own = /its own statistics: ([^;)]+)/.exec(notes)?.[1] ?? '';
      expect(yearsIn(own), partner.name).toEqual(recordYears(partner.id, 'partner'));
      const within = /([^;(]+) only within the (.+?) total/.exec(notes);
      const region = model.regions.find((r) => r.id === partner.region)!;
      // A partner China does not itemise is in the data only as part of its region's total.
      expect(within ? yearsIn(within[1]!) : [], partner.name).toEqual(china.length === 0 ? recordYears(region.id, 'china') : []);
      if (within) expect(within[2]).toBe(region.name);
    }
  });

  it('never offers a year no partner has, except on the line of the region that has it', async () => {
    const partnerYears = new Set(
      model.partners.flatMap((p) => [...recordYears(p.id, 'china'), ...recordYears(p.id, 'partner'), ...model.years(p.id)]),
    );
    const result = await help();
    expect(embedOf(result).description).not.toMatch(/\b(19|20)\d\d\b/);
    for (const entry of await entries()) {
      const regionLine = model.regions.some((r) => entry.startsWith(`${r.name} (region):`));
      for (const year of yearsIn(entry)) if (!regionLine) expect(partnerYears.has(year), `${year} in “${entry}”`).toBe(true);
    }
    // The claim that started this: a year only a region total has is not promised for partners.
    const regionOnly = model.regions.flatMap((r) => recordYears(r.id, 'china')).filter((y) => !partnerYears.has(y));
    for (const year of regionOnly) {
      const lines = field(result, 'Years with figures')
        .split('\n')
        .filter((l) => yearsIn(l).includes(year));
      for (const line of lines) expect(line).toMatch(/\(region\):/);
    }
  });

  it('writes runs of years as ranges', () => {
    expect(yearRanges([2024, 2022, 2023])).toBe('2022–2024');
    expect(yearRanges([2019, 2022, 2023, 2025])).toBe('2019, 2022–2023, 2025');
    expect(yearRanges([2024])).toBe('2024');
  });
});

describe('/help command:<name>', () => {
  const names = app.definitions.map((d) => d.name);

  it('shows /trade only: what it answers, its options, examples and the years', async () => {
    const result = await help({ command: 'trade' });
    const embed = embedOf(result);
    expect(embed.title).toBe('/trade');
    expect(embed.description).toBe(app.definitions.find((d) => d.name === 'trade')!.description);
    expect(field(result, 'Options')).toMatch(/^• `country` \(required\): .*\n• `year`: /);
    for (const partner of model.partners) expect(field(result, 'Options')).toContain(partner.name);
    expect(field(result, 'Examples')).toContain('`/trade country:kazakhstan`');
    expect(field(result, 'Years with figures')).toBe(field(await help(), 'Years with figures'));
    for (const other of names.filter((n) => n !== 'trade')) expect(textOf(result)).not.toMatch(new RegExp(`/${other}\\b`));
  });

  it('explains every command, each of its options (under its subcommands), within Discord limits', async () => {
    for (const d of app.definitions) {
      const result = await help({ command: `/${d.name.toUpperCase()}` });
      expect(embedOf(result).title).toBe(`/${d.name}`);
      expect(payloadProblems(result.data), d.name).toEqual([]);
      const text = textOf(result);
      for (const o of d.options ?? []) {
        if (o.type === ApplicationCommandOptionType.Subcommand) {
          expect(text).toContain(`/${d.name} ${o.name}`);
          for (const sub of o.options ?? []) expect(text).toContain(`\`${sub.name}\``);
        } else {
          expect(text).toContain(`\`${o.name}\``);
        }
      }
    }
  });

  it('offers the command names as you type', () => {
    const choices = app.autocomplete('help', { name: 'command', value: 'r' }, {}, DM);
    expect(choices.map((c) => c.value)).toEqual(names.filter((n) => n.startsWith('r')));
    expect(app.autocomplete('help', { name: 'command', value: '' }, {}, DM)).toHaveLength(names.length);
  });
});
