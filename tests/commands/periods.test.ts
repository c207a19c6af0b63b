/**
 * The rules of periods (issue 12 §1 and §3), over every place and period in data/: a change
 * compares the same months a year before; figures of different reporters are never added,
 * subtracted or ranked together; autocomplete offers only periods the data holds for what was
 * asked; the four data notes of FIGURES-2025.md appear where the figures disagree and nowhere
 * else; a command answers the latest full year unless told, and says when a later part-year
 * exists; and every reply fits in Discord's limits.
 */
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/core/reply.js';
import { LIMITS, payloadProblems } from '../../src/format/limits.js';
import { fullYear, periodKey, periodLabel, previousPeriod, samePeriod, type Period } from '../../src/model/period.js';
import type { Value } from '../../src/model/value.js';
import { MEASURES, type PlaceYear, type RegionYear } from '../../src/model/views.js';
import { app, ask, DM, embedOf, field, isEphemeral, model, textOf } from '../helpers/app.js';

const places = [...model.partners, ...model.regions].map((p) => model.place(p.id)!);

/** Every place with every period the data holds for it, and the model's view of it. */
const placePeriods: { id: string; kind: 'partner' | 'region'; period: Period; view: PlaceYear | RegionYear }[] = places.flatMap((place) =>
  model.periods(place.id).map((period) => ({
    id: place.id,
    kind: place.kind,
    period,
    view: (place.kind === 'partner' ? model.partnerYear(place.id, period) : model.regionYear(place.id, period))!,
  })),
);

const at = (id: string, period: Period) => `${id} ${periodLabel(period)}`;

/** The reply /trade (partners) or /region (regions) gives for a place and period. */
async function replyFor(id: string, kind: 'partner' | 'region', period?: Period): Promise<CommandResult> {
  const options = { [kind === 'partner' ? 'country' : 'name']: id, ...(period ? { period: periodKey(period) } : {}) };
  const outcome = await app.handle(kind === 'partner' ? 'trade' : 'region', options, DM);
  expect(outcome.kind, `${id} ${period ? periodLabel(period) : '(default)'}: ${textOf(outcome.result)}`).toBe('ok');
  return outcome.result;
}

describe('a change compares like with like', () => {
  it('every change the model computes, for every place and period, is on the same months a year before', () => {
    let checked = 0;
    for (const { id, period, view } of placePeriods) {
      for (const flow of Object.values(view.flows)) {
        const computed = flow.computedChange;
        if (!computed) continue;
        const label = `${at(id, period)} ${flow.flow}`;
        expect(periodKey(computed.previousPeriod), label).toBe(periodKey(previousPeriod(period)));
        // The figure it is computed from is that period's, not a longer or shorter one's.
        if (computed.previous.record) expect(periodKey(computed.previous.record.period), label).toBe(periodKey(previousPeriod(period)));
        checked++;
      }
      for (const note of view.notes)
        if (note.kind === 'change-disagrees')
          expect(periodKey(note.previousPeriod), at(id, period)).toBe(periodKey(previousPeriod(period)));
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('part-years are compared with part-years: Kazakhstan Jan–Oct 2025 with Jan–Oct 2024, never with 2024', () => {
    const computed = model.partnerYear('kazakhstan', periodOf('kazakhstan', '2025-01..10'))!.flows.total.computedChange!;
    expect(periodLabel(computed.previousPeriod)).toBe('Jan–Oct 2024');
    expect(computed.previous.usd).toBe(36.5e9);
  });

  it('every reply names the change as on the same months a year before ("Change on Jan–Oct 2024")', async () => {
    for (const { id, kind, period } of placePeriods) {
      const result = await replyFor(id, kind, period);
      const names = (embedOf(result).fields ?? []).map((f) => f.name).filter((n) => n.startsWith('Change on'));
      expect(names, at(id, period)).toEqual([`Change on ${periodLabel(previousPeriod(period))}`]);
    }
  });
});

/** The reported figures a value rests on: itself, or the reported inputs of its arithmetic, all the way down. */
function reportedLeaves(value: Value): Value[] {
  if (value.provenance === 'reported') return [value];
  return (value.inputs ?? []).flatMap(reportedLeaves);
}

/**
 * Every value of a view that stands for China's figures (flows, balance, changes, members, sums, the
 * figures notes compare), with its name; the other reporters' figures and the gap to them are left
 * to the mirror test.
 */
function valuesOf(label: string, view: PlaceYear | RegionYear): [string, Value][] {
  const out: [string, Value | undefined][] = [];
  for (const f of Object.values(view.flows)) {
    out.push([`${label} ${f.flow}`, f.value]);
    f.alsoReported.forEach((v, i) => out.push([`${label} ${f.flow} also ${i}`, v]));
    out.push([`${label} ${f.flow} change`, f.computedChange?.usd], [`${label} ${f.flow} previous`, f.computedChange?.previous]);
  }
  out.push([`${label} balance`, view.balance]);
  view.mirror.forEach((m) => out.push([`${label} mirror ${m.flow} ours`, m.ours]));
  for (const note of view.notes) {
    if (note.kind === 'change-disagrees') out.push([`${label} note`, note.computedUsd], [`${label} note`, note.previous]);
    if (note.kind === 'parts-disagree')
      out.push([`${label} note`, note.total], [`${label} note`, note.exports], [`${label} note`, note.imports]);
    if (note.kind === 'members-exceed-region') out.push([`${label} note`, note.members], [`${label} note`, note.total]);
    if (note.kind === 'sources-disagree') out.push([`${label} note`, note.value], [`${label} note`, note.other]);
  }
  if ('members' in view) {
    for (const m of view.members) out.push([`${label} member ${m.partner.id}`, m.total]);
    out.push([`${label} itemised sum`, view.itemisedSum], [`${label} not itemised`, view.notItemised]);
  }
  return out.filter((e): e is [string, Value] => e[1] !== undefined);
}

describe('figures of different reporters are never added, subtracted or ranked together', () => {
  it("every derived value in every partner and region view rests on China's customs figures only, and so does every figure shown as China's", () => {
    let derived = 0;
    const crossed: string[] = [];
    for (const { id, period, view } of placePeriods) {
      for (const [label, value] of valuesOf(at(id, period), view)) {
        if (value.provenance === 'derived') derived++;
        for (const leaf of reportedLeaves(value)) {
          if (leaf.record?.reporter !== 'china')
            crossed.push(`${label}: ${value.derivation ?? ''} uses ${leaf.record?.reporter ?? 'a value without a row'}`);
        }
      }
    }
    expect(crossed).toEqual([]);
    expect(derived).toBeGreaterThan(50);
  });

  it("every value ranked, in every measure, period and scope, rests on China's customs figures only", () => {
    let ranked = 0;
    const crossed: string[] = [];
    for (const measure of MEASURES)
      for (const period of model.allChinaPeriods())
        for (const region of [undefined, ...model.regions.map((r) => r.id)]) {
          for (const entry of model.ranking(measure, period, region).entries) {
            ranked++;
            if (!entry.value) continue;
            for (const leaf of reportedLeaves(entry.value))
              if (leaf.record?.reporter !== 'china')
                crossed.push(
                  `${measure} ${periodLabel(period)} ${region ?? '*'} ${entry.partner.id}: ${leaf.record?.reporter ?? 'no row'}`,
                );
          }
        }
    expect(crossed).toEqual([]);
    expect(ranked).toBeGreaterThan(50);
  });

  it("a product's share is of China's figure for its flow, never of another reporter's", () => {
    let shares = 0;
    for (const { id, period } of placePeriods)
      for (const product of model.productFigures(id, period)) {
        if (!product.flowValue) continue;
        for (const leaf of reportedLeaves(product.flowValue)) expect(leaf.record?.reporter, at(id, period)).toBe('china');
        shares++;
      }
    expect(shares).toBeGreaterThan(0);
  });

  it("a partner's own figure is set beside China's with a gap of one against the other; a figure whose reporter is not stated has no gap", () => {
    let partnerGaps = 0;
    let notStated = 0;
    for (const { id, period, view } of placePeriods) {
      for (const m of view.mirror) {
        const label = `${at(id, period)} ${m.flow} (${m.reporter})`;
        expect(m.theirs.record?.reporter, label).toBe(m.reporter);
        if (m.reporter === 'not-stated') {
          expect(m.gap, label).toBeUndefined();
          notStated++;
          continue;
        }
        if (!m.gap) continue;
        // The gap is China's figure minus the partner's: one of each, never a sum of the two.
        const reporters = reportedLeaves(m.gap).map((v) => v.record?.reporter);
        expect(
          reporters.filter((r) => r === 'partner'),
          label,
        ).toHaveLength(1);
        expect(
          reporters.filter((r) => r !== 'partner' && r !== 'china'),
          label,
        ).toEqual([]);
        expect(m.gap.usd, label).toBeCloseTo(m.ours!.usd - m.theirs.usd, -3);
        partnerGaps++;
      }
    }
    expect(partnerGaps).toBeGreaterThan(0);
    expect(notStated).toBeGreaterThanOrEqual(3);
  });
});

const choices = (command: string, value: string, options: Record<string, string>) =>
  app.autocomplete(command, { name: 'period', value }, options, DM);
const keysOf = (periods: readonly Period[]) => periods.map(periodKey);

function expectWithinLimits(list: readonly APIApplicationCommandOptionChoice[], label: string): void {
  expect(list.length, label).toBeLessThanOrEqual(LIMITS.autocompleteChoices);
  for (const c of list) expect(c.name.length, label).toBeLessThanOrEqual(LIMITS.choiceName);
}

describe('autocomplete offers only periods that exist', () => {
  it('for /trade with Kazakhstan typed, offers exactly the periods the data holds for Kazakhstan, latest first', () => {
    const offered = choices('trade', '', { country: 'kazakhstan' });
    expect(offered.map((c) => c.value)).toEqual(keysOf(model.periods('kazakhstan')).reverse());
    expect(offered.map((c) => c.name)).toEqual(model.periods('kazakhstan').map(periodLabel).reverse());
  });

  it('for /trade with Kazakhstan, "oct" offers Jan–Oct 2025 and Jan–Oct 2024 only', () => {
    expect(choices('trade', 'oct', { country: 'kazakhstan' })).toEqual([
      { name: 'Jan–Oct 2025', value: '2025-01..10' },
      { name: 'Jan–Oct 2024', value: '2024-01..10' },
    ]);
  });

  it('for /trade, /region and /cite, whatever is typed, offers only periods of the place named', () => {
    const typed = ['', '20', '2025', 'oct', 'jan', 'jun', 'h1 2024', 'Jan-Oct 2025', '2013', 'mar'];
    for (const place of places) {
      const have = new Set(keysOf(model.periods(place.id)));
      const commands =
        place.kind === 'partner'
          ? [
              ['trade', 'country'],
              ['cite', 'country'],
            ]
          : [
              ['region', 'name'],
              ['cite', 'country'],
            ];
      for (const [command, option] of commands)
        for (const value of typed) {
          const offered = choices(command!, value, { [option!]: place.id });
          const label = `/${command} ${place.id} "${value}"`;
          expectWithinLimits(offered, label);
          for (const c of offered) expect(have.has(String(c.value)), `${label}: ${c.name}`).toBe(true);
        }
    }
  });

  // The option says it reads "H1 2024" and "January–October 2025": typing the start of either finds the period.
  it('for /trade with Kazakhstan, typing the start of any form the option reads offers that period', () => {
    const typing: readonly (readonly [string, string])[] = [
      ['Jan-Oct 20', 'Jan–Oct 2025'],
      ['jan–o', 'Jan–Oct 2025'],
      ['2025-01.', 'Jan–Oct 2025'],
      ['h1', 'Jan–Jun 2024'],
      ['H1 20', 'Jan–Jun 2024'],
      ['2024-h', 'Jan–Jun 2024'],
      ['january', 'Jan–Oct 2025'],
      ['January–Oct', 'Jan–Oct 2025'],
      ['october', 'Jan–Oct 2025'],
    ];
    const missed: string[] = [];
    for (const [typed, label] of typing) {
      const offered = choices('trade', typed, { country: 'kazakhstan' });
      for (const c of offered) expect(keysOf(model.periods('kazakhstan')), typed).toContain(String(c.value));
      if (!offered.some((c) => c.name === label)) missed.push(`"${typed}" does not offer ${label}`);
    }
    expect(missed).toEqual([]);
  });

  it('for /trade with a period the place has no figure for, offers nothing', () => {
    expect(choices('trade', '2013', { country: 'kazakhstan' })).toEqual([]);
    expect(choices('trade', 'Jan 2026', { country: 'kazakhstan' })).toEqual([]);
    expect(choices('trade', 'Jan 2026', { country: 'azerbaijan' }).map((c) => c.name)).toEqual(['Jan 2026']);
  });

  it('for /compare with Kazakhstan and Uzbekistan, offers exactly the periods both have', () => {
    const uz = new Set(keysOf(model.periods('uzbekistan')));
    const both = keysOf(model.periods('kazakhstan')).filter((k) => uz.has(k));
    const offered = choices('compare', '', { first: 'kazakhstan', second: 'uzbekistan' }).map((c) => String(c.value));
    expect(offered.sort()).toEqual([...both].sort());
    // Kazakhstan has 2022; Uzbekistan has no figure for it.
    expect(offered).not.toContain('2022');
  });

  it("for /rank, offers only periods with China's figures for the partners ranked, each one a ranking answers", async () => {
    for (const region of [undefined, ...model.regions.map((r) => r.id)]) {
      const offered = choices('rank', '', region ? { region } : {});
      expectWithinLimits(offered, `/rank ${region ?? ''}`);
      expect(offered.length).toBeGreaterThan(0);
      const partners = region ? model.members(region) : model.partners;
      const china = new Set(partners.flatMap((p) => keysOf(model.chinaPeriods(p.id))));
      for (const c of offered) {
        expect(china.has(String(c.value)), `/rank ${region ?? ''}: ${c.name}`).toBe(true);
        expect(keysOf(model.allChinaPeriods())).toContain(String(c.value));
        const outcome = await app.handle('rank', { by: 'total', period: String(c.value), ...(region ? { region } : {}) }, DM);
        expect(outcome.kind, `/rank ${region ?? ''} ${c.name}: ${textOf(outcome.result)}`).toBe('ok');
      }
    }
  });
});

/** The four notes FIGURES-2025.md names: what each says, and the only replies (place and period) it belongs to. */
const NOTES = [
  {
    name: 'Turkmenistan Jan–Oct 2025: exports plus imports exceed the total',
    pattern: /add up to .*, not the reported total of/,
    exact: "China's exports ($784 m) and imports (over $8.1 bn) add up to ",
    where: ['turkmenistan 2025-01..10'],
  },
  {
    name: "Azerbaijan's two bases",
    pattern: /not on the same basis/,
    exact: 'gives Jan–Oct 2025 as $2.44 bn',
    where: ['azerbaijan 2025-01..07', 'azerbaijan 2025-01..10'],
  },
  {
    name: "the region's exports, $71.2 bn against $71.3 bn",
    pattern: /Sources differ/,
    exact: "Sources differ on China's exports to Central Asia in 2025: $71.2 bn",
    where: ['central-asia 2025'],
  },
  {
    name: "Kyrgyzstan's imports from China above its GDP",
    pattern: /GDP/,
    exact: "exceed Kyrgyzstan's whole GDP for 2025",
    where: ['kyrgyzstan 2025'],
  },
] as const;

describe('the four data notes of FIGURES-2025.md appear where they belong, and nowhere else', () => {
  it.each(NOTES)('$name: in the Data notes of its replies only', async (note) => {
    const found: string[] = [];
    for (const { id, kind, period } of placePeriods) {
      const result = await replyFor(id, kind, period);
      const text = textOf(result);
      if (!note.pattern.test(text)) continue;
      found.push(`${id} ${periodKey(period)}`);
      expect(field(result, 'Data notes'), at(id, period)).toMatch(note.pattern);
      expect(field(result, 'Data notes'), at(id, period)).toContain(note.exact);
    }
    expect(found.sort()).toEqual([...note.where].sort());
  });

  it('Turkmenistan Jan–Oct 2025: the sum of "over $8.1 bn" and $784 m is derived, a lower bound, to the digits they support', async () => {
    // FIGURES-2025.md: '$784 m + "over $8.1bn" is more than the $8.3 bn total ... (derived: at least $8.9 bn)'.
    const note = field(await replyFor('turkmenistan', 'partner', periodOf('turkmenistan', '2025-01..10')), 'Data notes')
      .split('\n')
      .find((l) => /add up to/.test(l))!;
    expect(note).toContain('not the reported total of $8.3 bn');
    expect(note).not.toContain('$8.88 bn');
    expect(note).toContain('at least $8.9 bn');
    expect(note).toMatch(/derived/);
  });

  it('Turkmenistan 2025 and Central Asia 2024 carry none of them', async () => {
    for (const [id, kind, period] of [
      ['turkmenistan', 'partner', fullYear(2025)],
      ['central-asia', 'region', fullYear(2024)],
      ['kyrgyzstan', 'partner', fullYear(2024)],
      ['azerbaijan', 'partner', fullYear(2025)],
    ] as const) {
      const text = textOf(await replyFor(id, kind, period));
      for (const note of NOTES) expect(text, `${at(id, period)}: ${note.name}`).not.toMatch(note.pattern);
    }
  });

  it('/region Central Asia 2025 shows both $71.2 bn and $71.3 bn, each with its sources, correcting neither', async () => {
    const result = await replyFor('central-asia', 'region', fullYear(2025));
    expect(field(result, 'Data notes')).toMatch(
      /\$71\.2 bn \(Global Times \[\d+\], CGTN via Khabar \[\d+\]\) against \$71\.3 bn \(The Caspian Post \[\d+\]\)/,
    );
    expect(field(result, "China's exports")).toMatch(/^\$71\.2 bn \[[\d, ]+\], also printed as \$71\.3 bn \[\d+\]$/);
  });
});

describe('the default period is the latest full year, and a reply says when a later part-year exists', () => {
  it('/trade kazakhstan answers 2025: $48.7 bn; exports $29.7 bn, imports $19 bn; +11%', async () => {
    const { result } = await ask('/trade kazakhstan');
    expect(embedOf(result).title).toBe('China–Kazakhstan trade, 2025');
    expect(field(result, 'Total trade')).toMatch(/^\$48\.7 bn /);
    expect(field(result, "China's exports")).toMatch(/^\$29\.7 bn /);
    expect(field(result, "China's imports")).toMatch(/^\$19 bn /);
    expect(field(result, 'Change on 2024')).toMatch(/^\+11% /);
  });

  it('/trade azerbaijan answers 2025 and says Jan 2026 is also available, with the command to paste', async () => {
    const { result } = await ask('/trade azerbaijan');
    expect(embedOf(result).title).toBe('China–Azerbaijan trade, 2025');
    expect(embedOf(result).description).toContain('Jan 2026 is also available: /trade azerbaijan period:"Jan 2026"');
    const pasted = await ask('/trade azerbaijan period:"Jan 2026"');
    expect(pasted.kind).toBe('ok');
    expect(embedOf(pasted.result).title).toBe('China–Azerbaijan trade, Jan 2026');
  });

  it('for every partner and region, the default is its latest full year, with a hint exactly when a later part-year exists', async () => {
    for (const place of places) {
      const year = model.latestFullYear(place.id);
      if (year === undefined) continue;
      const result = await replyFor(place.id, place.kind);
      expect(embedOf(result).title, place.id).toMatch(new RegExp(`, ${year}$`));
      const later = model.laterPeriods(place.id, year);
      const description = embedOf(result).description ?? '';
      if (later.length > 0) expect(description, place.id).toContain(`${periodLabel(later[later.length - 1]!)} is also available`);
      else expect(description, place.id).not.toContain('is also available');
      // Asked for a period, a reply answers it and does not send the reader elsewhere.
      const asked = await replyFor(place.id, place.kind, fullYear(year));
      expect(embedOf(asked).description ?? '', place.id).not.toContain('is also available');
    }
  });

  it('/rank and /compare answer the latest full year with figures unless told', async () => {
    const latest = model
      .allChinaPeriods()
      .filter((p) => samePeriod(p, fullYear(p.year)))
      .at(-1)!;
    expect(embedOf((await ask('/rank by:total')).result).title).toMatch(new RegExp(`, ${latest.year}$`));
    expect(embedOf((await ask('/compare first:kazakhstan second:uzbekistan')).result).title).toMatch(new RegExp(`, ${latest.year}$`));
  });
});

describe('a period asked for is answered, or refused privately with the periods that exist', () => {
  it('year:2025 and period:2025 give the same reply, for every place and full year', async () => {
    for (const { id, kind, period } of placePeriods) {
      if (!samePeriod(period, fullYear(period.year))) continue;
      const name = kind === 'partner' ? 'country' : 'name';
      const command = kind === 'partner' ? 'trade' : 'region';
      const byYear = await app.handle(command, { [name]: id, year: period.year }, DM);
      const byPeriod = await app.handle(command, { [name]: id, period: String(period.year) }, DM);
      expect(byYear.result.data.embeds, at(id, period)).toEqual(byPeriod.result.data.embeds);
    }
  });

  it.each([
    ['Mar 2025', 'No figures for Kazakhstan in Mar 2025.'],
    ['2013', 'No figures for Kazakhstan in 2013.'],
    ['autumn 2025', 'is not a period I can read'],
    ['2025-13', 'is not a period I can read'],
  ])('/trade kazakhstan period:%j is refused privately, listing the periods with figures', async (period, says) => {
    const outcome = await app.handle('trade', { country: 'kazakhstan', period }, DM);
    expect(outcome.kind).toBe('user-error');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(outcome.result.data.content).toContain(says);
    expect(outcome.result.data.content).toContain(model.periods('kazakhstan').map(periodLabel).join(', '));
  });
});

describe('/history says a total is what remains of the region only for periods where it is', () => {
  it('for every partner, the periods named "not itemised … what remains of the region total (derived)" are those with a derived total', async () => {
    const wrong: string[] = [];
    let named = 0;
    for (const partner of model.partners) {
      const outcome = await app.handle('history', { country: partner.id }, DM);
      expect(outcome.kind, partner.id).toBe('ok');
      const m = /is not itemised in China's (.+) figures that we have; its total there is what remains/.exec(textOf(outcome.result));
      for (const label of m ? m[1]!.split(', ') : []) {
        named++;
        const period = model.periods(partner.id).find((p) => periodLabel(p) === label);
        const total = period ? model.partnerYear(partner.id, period)?.flows.total.value : undefined;
        if (total?.provenance !== 'derived') wrong.push(`${partner.name} ${label}: total ${total ? total.provenance : 'not reported'}`);
      }
    }
    expect(named).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});

describe('every payload is within Discord limits', () => {
  it('for /trade, /region, /cite, /products and /history, for every place and period', async () => {
    let checked = 0;
    for (const { id, kind, period } of placePeriods) {
      const key = periodKey(period);
      const asks: [string, Record<string, string>][] = [
        [kind === 'partner' ? 'trade' : 'region', { [kind === 'partner' ? 'country' : 'name']: id, period: key }],
        ['cite', { country: id, period: key }],
      ];
      if (kind === 'partner') asks.push(['products', { country: id, period: key }], ['history', { country: id }]);
      for (const [command, options] of asks) {
        const outcome = await app.handle(command, options, DM);
        expect(payloadProblems(outcome.result.data), `/${command} ${JSON.stringify(options)}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(placePeriods.length * 2);
  });

  it('for /rank, /compare and /keypoints in every period offered', async () => {
    for (const c of choices('rank', '', {})) {
      for (const line of [
        `/rank by:growth period:${c.value}`,
        `/keypoints period:${c.value}`,
        `/compare first:kazakhstan second:kyrgyzstan third:uzbekistan period:${c.value}`,
      ]) {
        const outcome = await ask(line);
        expect(payloadProblems(outcome.result.data), line).toEqual([]);
      }
    }
  });
});

function periodOf(id: string, key: string): Period {
  const period = model.periods(id).find((p) => periodKey(p) === key);
  if (!period) throw new Error(`${id} has no period ${key}`);
  return period;
}
