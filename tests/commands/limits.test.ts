import type { APIApplicationCommandOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { LIMITS, payloadProblems, fitPayload } from '../../src/format/limits.js';
import { app, DM, model } from '../helpers/app.js';

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

function* allOptions(options: readonly APIApplicationCommandOption[] | undefined): Generator<APIApplicationCommandOption> {
  for (const o of options ?? []) {
    yield o;
    if ('options' in o) yield* allOptions(o.options);
  }
}

describe('every command definition keeps Discord rules', () => {
  it.each(app.definitions.map((d) => [d.name, d] as const))('/%s', (_name, definition) => {
    expect(definition.name).toMatch(NAME);
    expect(definition.name).toBe(definition.name.toLowerCase());
    expect(definition.description.length).toBeGreaterThan(0);
    expect(definition.description.length).toBeLessThanOrEqual(LIMITS.commandDescription);
    expect(definition.options?.length ?? 0).toBeLessThanOrEqual(LIMITS.commandOptions);
    for (const option of allOptions(definition.options)) {
      expect(option.name).toMatch(NAME);
      expect(option.name).toBe(option.name.toLowerCase());
      expect(option.description.length).toBeGreaterThan(0);
      expect(option.description.length).toBeLessThanOrEqual(LIMITS.commandDescription);
      const choices = 'choices' in option ? (option.choices ?? []) : [];
      expect(choices.length).toBeLessThanOrEqual(LIMITS.optionChoices);
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
        expect(String(c.value).length).toBeLessThanOrEqual(LIMITS.choiceValue);
      }
    }
    // Discord wants required options before optional ones.
    const required = (definition.options ?? []).map((o) => ('required' in o && o.required) === true);
    expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
  });

  it('has unique command names', () => {
    const names = app.definitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('every reply keeps Discord limits', () => {
  const years = [undefined, ...model.allYears()];
  const cases: [string, Record<string, string | number>][] = [
    ['sources', {}],
    ['help', {}],
  ];
  for (const year of years) {
    const y: Record<string, number> = year === undefined ? {} : { year };
    for (const p of model.partners) cases.push(['trade', { country: p.id, ...y }]);
    for (const r of model.regions) cases.push(['region', { name: r.id, ...y }]);
    for (const place of [...model.partners, ...model.regions]) {
      for (const flow of ['total', 'china-exports', 'china-imports']) cases.push(['cite', { country: place.id, flow, ...y }]);
    }
    for (const by of ['total', 'china-exports', 'china-imports', 'balance', 'growth']) {
      cases.push(['rank', { by, ...y }]);
      for (const r of model.regions) cases.push(['rank', { by, region: r.id, ...y }]);
    }
    const ids = model.partners.map((p) => p.id);
    for (let i = 0; i + 4 < ids.length + 4; i++) {
      const pick = [0, 1, 2, 3, 4].map((k) => ids[(i + k) % ids.length]!);
      cases.push(['compare', { first: pick[0]!, second: pick[1]!, third: pick[2]!, fourth: pick[3]!, fifth: pick[4]!, ...y }]);
      cases.push(['compare', { first: pick[0]!, second: pick[1]!, ...y }]);
    }
  }

  it(`holds for all ${cases.length} combinations of commands, partners and years`, async () => {
    let answered = 0;
    for (const [name, options] of cases) {
      const outcome = await app.handle(name, options, DM);
      expect(outcome.kind, `${name} ${JSON.stringify(options)}`).not.toBe('internal-error');
      expect(payloadProblems(outcome.result.data), `${name} ${JSON.stringify(options)}`).toEqual([]);
      // Fitted by design, not by clipping: a clipped Sources field would cut a link or a mark's source.
      expect(JSON.stringify(outcome.result.data), `${name} ${JSON.stringify(options)}`).not.toContain('Shortened to fit Discord');
      answered++;
    }
    expect(answered).toBe(cases.length);
  });
});

describe('fitPayload shortens on purpose and says so', () => {
  it('clips an oversized embed to the limits and adds a notice', () => {
    const huge = {
      embeds: [
        {
          title: 't'.repeat(300),
          description: 'd'.repeat(5000),
          fields: Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(1100) })),
        },
      ],
      allowed_mentions: { parse: [] },
    };
    const fitted = fitPayload(huge);
    expect(payloadProblems(fitted)).toEqual([]);
    expect(fitted.embeds![0]!.footer!.text).toMatch(/^Shortened to fit Discord: 15 more rows left out/);
  });

  it('forces allowed_mentions to parse nothing', () => {
    expect(fitPayload({ content: '@everyone', allowed_mentions: { parse: ['everyone' as never] } }).allowed_mentions).toEqual({
      parse: [],
    });
  });
});
