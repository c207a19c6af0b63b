import { describe, expect, it } from 'vitest';
import { app, DM, field, model, textOf, withSourceNames } from '../helpers/app.js';

/** Every reply a reader can get from the figures: each command over every place and year. */
function everyFigureCommand(): [string, Record<string, string | number>][] {
  const cases: [string, Record<string, string | number>][] = [
    ['sources', {}],
    ['help', {}],
    ['keypoints', {}],
  ];
  for (const year of [undefined, ...model.allYears()]) {
    const y: Record<string, number> = year === undefined ? {} : { year };
    for (const p of model.partners) cases.push(['trade', { country: p.id, ...y }]);
    for (const r of model.regions) cases.push(['region', { name: r.id, ...y }]);
    for (const place of [...model.partners, ...model.regions]) cases.push(['cite', { country: place.id, ...y }]);
    for (const by of ['total', 'china-exports', 'china-imports', 'balance', 'growth']) cases.push(['rank', { by, ...y }]);
    const ids = model.partners.map((p) => p.id);
    cases.push(['compare', { first: ids[0]!, second: ids[1]!, third: ids[2]!, fourth: ids[3]!, fifth: ids[4]!, ...y }]);
    cases.push(['compare', { first: ids[5]!, second: ids[6]!, third: ids[7]!, ...y }]);
  }
  return cases;
}

/** What a path inside the repository looks like in text: a folder of ours, or a data file. */
const REPOSITORY_PATH = /\b(?:data|src|commands|tests|tools|scripts)\/|\.(?:txt|json|ts|csv)\b/;

describe('the briefing is a source a colleague can find', () => {
  it('names it Eurasianet with its public URL, and says where the fuller version is', () => {
    const briefing = model.sources.get('briefing')!;
    expect(briefing.short).toBe('Eurasianet');
    expect(briefing.url).toBe('https://energynews.africa/?p=8322');
    expect(briefing.date).toBe('2025-01-29');
    expect(briefing.publication).toContain('China-Central Asia Monitor');
    expect(briefing.note).toContain('ASB Media');
    for (const s of model.sources.values()) expect(s.url, s.id).toMatch(/^https:\/\//);
  });

  it('/sources links every source and names no path inside the repository', async () => {
    const { result } = await app.handle('sources', {}, DM);
    const text = textOf(result);
    expect(text).toContain('[China strengthens economic hold on Central Asia with record trade growth](https://energynews.africa/?p=8322)');
    expect(text).not.toMatch(REPOSITORY_PATH);
    expect(text).not.toContain('The briefing');
  });

  it(`no reply names a path inside the repository (${everyFigureCommand().length} replies)`, async () => {
    for (const [name, options] of everyFigureCommand()) {
      const outcome = await app.handle(name, options, DM);
      expect(textOf(outcome.result), `${name} ${JSON.stringify(options)}`).not.toMatch(REPOSITORY_PATH);
    }
  });
});

describe("the briefing's own attribution is kept", () => {
  it("Azerbaijan's figures name Oilprice via the briefing, in the changes and in Sources", async () => {
    const { result } = await app.handle('trade', { country: 'azerbaijan', year: 2024 }, DM);
    expect(field(result, 'Sources')).toContain('Eurasianet, citing Oilprice');
    expect(withSourceNames(result, field(result, 'Change on 2023'))).toBe('+43% [Eurasianet, citing Oilprice, 2025-01-29]');
    expect(withSourceNames(result, field(result, "China's exports (to Azerbaijan)"))).toBe(
      '$2.4 bn [Eurasianet, citing Oilprice, 2025-01-29]\n+55% [Eurasianet, citing Oilprice, 2025-01-29]',
    );
    expect(textOf(result)).not.toMatch(/Eurasianet(?!, citing Oilprice)/);
  });

  it('Georgia, from the same article without that attribution, names Eurasianet alone', async () => {
    const { result } = await app.handle('trade', { country: 'georgia' }, DM);
    expect(field(result, 'Sources')).toContain('Eurasianet, 2025-01-29');
    expect(textOf(result)).not.toContain('Oilprice');
  });

  it('a derived figure resting on both names each: Armenia is the South Caucasus total less Azerbaijan and Georgia', async () => {
    const { result } = await app.handle('region', { name: 'south-caucasus' }, DM);
    const sources = field(result, 'Sources');
    expect(sources).toContain('ASB Media');
    expect(sources).toContain('Eurasianet, citing Oilprice');
    expect(sources).toMatch(/Eurasianet, 2025-01-29/);
  });
});
