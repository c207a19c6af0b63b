/**
 * Every number a reply shows names where it was published: a mark ("[1]", "[2, 5]") after it,
 * pointing to a numbered, linked line of the reply's Sources field. A derived number is marked
 * with the sources of its inputs.
 */
import { describe, expect, it } from 'vitest';
import { periodKey } from '../../src/model/period.js';
import type { CommandResult } from '../../src/core/reply.js';
import type { Flow } from '../../src/model/schema.js';
import { app, DM, embedOf, field, marksIn, model, sourceList, withSourceNames } from '../helpers/app.js';

/** A money amount or a percentage, as replies write them. */
const NUMBER = /\$\d|\d%/;

/** Lines showing a number must carry a mark; every mark must be listed; every listed source must be marked somewhere. */
function expectMarked(result: CommandResult, lines: readonly string[], label: string): void {
  const listed = sourceList(result);
  expect(listed.size, `${label}: a Sources field`).toBeGreaterThan(0);
  for (const line of lines) {
    if (!NUMBER.test(line)) continue;
    const marks = marksIn(line);
    expect(marks.length, `${label}: "${line}" names no source`).toBeGreaterThan(0);
    for (const n of marks) expect(listed.has(n), `${label}: [${n}] in "${line}" is not in Sources`).toBe(true);
  }
  const embed = embedOf(result);
  const rest = [embed.description ?? '', ...(embed.fields ?? []).filter((f) => f.name !== 'Sources').map((f) => f.value)].join('\n');
  const used = new Set(marksIn(rest));
  for (const n of listed.keys()) expect(used.has(n), `${label}: source [${n}] is listed but marks nothing`).toBe(true);
  for (const { url } of listed.values()) expect(url, `${label}: every source is linked`).toMatch(/^https:\/\//);
}

const lines = (text: string | undefined) => (text ?? '').split('\n');
const years = model.allYears();

/** The label a Sources line gives a record's source: "Eurasianet, citing Oilprice, 2025-01-29". */
function label(source: string, citing?: string): string {
  const s = model.sources.get(source)!;
  return `${s.short}${citing ? `, citing ${citing}` : ''}, ${s.date}`;
}

const HEADLINE_FIELDS = ['Total trade', "China's exports", "China's imports", 'Balance', 'Change on', 'Share of', 'Partners', 'Check'];

describe('every headline value names its source', () => {
  it('in /trade: total, exports, imports, balance, change, share and mirror figures, for every partner and year', async () => {
    for (const partner of model.partners) {
      for (const year of model.years(partner.id)) {
        const { result } = await app.handle('trade', { country: partner.id, year }, DM);
        const fields = (embedOf(result).fields ?? []).filter(
          (f) => HEADLINE_FIELDS.some((h) => f.name.startsWith(h)) || f.name.includes('own statistics'),
        );
        expectMarked(
          result,
          fields.flatMap((f) => lines(f.value)),
          `/trade ${partner.id} ${year}`,
        );
      }
    }
  });

  it('in /trade, a reported value is marked with exactly the sources of its row in data/figures/', async () => {
    const names: Record<Flow, string> = { total: 'Total trade', 'china-exports': "China's exports", 'china-imports': "China's imports" };
    let checked = 0;
    for (const record of model.dataset.figures) {
      const place = model.place(record.partner);
      if (place?.kind !== 'partner' || record.reporter !== 'china' || record.product) continue;
      const year = periodKey(record.period);
      const { result } = await app.handle('trade', { country: record.partner, period: year }, DM);
      // Another source's wording of the same figure follows it with its own marks.
      const first = lines(field(result, names[record.flow]))[0]!.replace(/, also printed as .*$/, '');
      const expected = record.sources.map((s) => label(s, record.citing?.[s]));
      const shown = withSourceNames(result, first);
      expect(shown, `${record.partner} ${year} ${record.flow}`).toMatch(/\[[^\]]+\]$/);
      expect(
        shown
          .slice(shown.lastIndexOf('[') + 1, -1)
          .split('; ')
          .sort(),
        `${record.partner} ${year} ${record.flow}`,
      ).toEqual(expected.sort());
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('in /compare, for every line of every partner', async () => {
    const ids = model.partners.map((p) => p.id);
    for (const year of years) {
      for (let i = 0; i < ids.length; i++) {
        const pick = [0, 1, 2, 3, 4].map((k) => ids[(i + k) % ids.length]!);
        const options = { first: pick[0]!, second: pick[1]!, third: pick[2]!, fourth: pick[3]!, fifth: pick[4]!, year };
        const outcome = await app.handle('compare', options, DM);
        if (outcome.kind !== 'ok') continue;
        const values = (embedOf(outcome.result).fields ?? []).filter((f) => f.name !== 'Sources').flatMap((f) => lines(f.value));
        expectMarked(outcome.result, values, `/compare ${pick.join(' ')} ${year}`);
      }
    }
  });

  it('in /region: totals, balance, change, each partner and its share, the part not itemised', async () => {
    for (const region of model.regions) {
      for (const year of model.years(region.id)) {
        const { result } = await app.handle('region', { name: region.id, year }, DM);
        const fields = (embedOf(result).fields ?? []).filter((f) => HEADLINE_FIELDS.some((h) => f.name.startsWith(h)));
        expectMarked(
          result,
          fields.flatMap((f) => lines(f.value)),
          `/region ${region.id} ${year}`,
        );
      }
    }
  });

  it('in /rank, by every measure (growth too), in every scope and year', async () => {
    for (const by of ['total', 'china-exports', 'china-imports', 'balance', 'growth']) {
      for (const region of [undefined, ...model.regions.map((r) => r.id)]) {
        for (const year of years) {
          const options = { by, year, ...(region ? { region } : {}) };
          const outcome = await app.handle('rank', options, DM);
          if (outcome.kind !== 'ok') continue;
          const ranked = lines(embedOf(outcome.result).description).filter((l) => /^\d+\. /.test(l));
          expect(ranked.length).toBeGreaterThan(0);
          for (const line of ranked) expect(marksIn(line).length, `/rank ${JSON.stringify(options)}: ${line}`).toBeGreaterThan(0);
          expectMarked(outcome.result, ranked, `/rank ${JSON.stringify(options)}`);
        }
      }
    }
  });

  it('in /rank by:growth, a stated growth names whoever stated it, and Azerbaijan names Oilprice via Eurasianet', async () => {
    const { result } = await app.handle('rank', { by: 'growth', year: 2024 }, DM);
    const text = withSourceNames(result, embedOf(result).description!);
    expect(text).toContain('1. **Azerbaijan**: +43% [Eurasianet, citing Oilprice, 2025-01-29]');
    expect(text).toContain('**Uzbekistan**: about −2% [Orda.kz, 2025-01]');
  });

  it("in /keypoints: the briefing's points and their figures, and every point the figures make", async () => {
    for (const region of [undefined, ...model.regions.map((r) => r.id)]) {
      const { result } = await app.handle('keypoints', region ? { region } : {}, DM);
      const bullets = lines(embedOf(result).description).filter((l) => l.startsWith('• '));
      expect(bullets.length).toBeGreaterThan(0);
      expectMarked(result, bullets, `/keypoints ${region ?? ''}`);
    }
    // The briefing's own points are about 2024.
    const { result } = await app.handle('keypoints', { period: '2024' }, DM);
    const briefing = lines(embedOf(result).description)
      .filter((l) => l.startsWith('• '))
      .slice(0, 3);
    for (const point of briefing) expect(marksIn(point).length, point).toBeGreaterThan(0);
  });
});
