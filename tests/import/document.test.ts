import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortName, slug, resolvePlace } from '../../src/import/countries.js';
import { buildDocument, describeFigures, serialise, type FigureEntry } from '../../src/import/document.js';
import { loadPartnerDirectory, partnerDirectory } from '../../src/import/partners.js';
import { readComtradeFile } from '../../src/import/read.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const NOW = new Date('2026-12-01T10:00:00.000Z');

describe('countries', () => {
  it('resolves ISO3 and Comtrade numbers, and gives short English names', () => {
    expect(resolvePlace({ code: '643', iso: 'RUS', desc: 'Russian Federation' })).toEqual({
      kind: 'country',
      country: { iso2: 'RU', iso3: 'RUS', m49: 643, name: 'Russia' },
    });
    expect(resolvePlace({ code: '842', iso: '', desc: 'USA' })).toMatchObject({ kind: 'country', country: { iso3: 'USA', m49: 840 } });
    expect(resolvePlace({ code: '156', iso: '', desc: 'China' })).toEqual({ kind: 'china' });
    expect(shortName('IR')).toBe('Iran');
    expect(shortName('KR')).toBe('South Korea');
    expect(shortName('MD')).toBe('Moldova');
    expect(slug('Türkiye')).toBe('turkiye');
    expect(slug("Côte d'Ivoire")).toBe('cote-divoire');
  });
});

describe('partners', () => {
  it('a partner in partners.json keeps its id; Russia, which it lacks, is declared by the import file', async () => {
    const partners = await loadPartnerDirectory(join(FIXTURES, 'data'));
    const read = await readComtradeFile(join(FIXTURES, 'plus-annual.csv'));
    const doc = buildDocument(read, partners, NOW, 'plus-annual.csv');
    expect(new Set(doc.figures.map((f) => f.partner))).toEqual(new Set(['kazakhstan', 'russia']));
    expect(doc.partners).toEqual([{ id: 'russia', name: 'Russia', iso2: 'RU', iso3: 'RUS', m49: 643 }]);
  });

  it('without a partners.json every partner is declared', async () => {
    const partners = await loadPartnerDirectory(join(FIXTURES, 'no-such-dir'));
    const read = await readComtradeFile(join(FIXTURES, 'plus-annual.csv'));
    const doc = buildDocument(read, partners, NOW, 'plus-annual.csv');
    expect(doc.partners.map((p) => p.id)).toEqual(['kazakhstan', 'russia']);
  });

  it('does not reuse an id partners.json gives another country', () => {
    const directory = partnerDirectory(new Map([['XXX', { id: 'russia', name: 'Somewhere else' }]]));
    expect(directory.partnerFor({ iso2: 'RU', iso3: 'RUS', m49: 643, name: 'Russia' }).id).toBe('russia-rus');
  });
});

describe('the import file', () => {
  it('cites UN Comtrade, names the partner agency of mirror figures, and lists only the products its figures use', async () => {
    const partners = await loadPartnerDirectory(join(FIXTURES, 'data'));
    const doc = buildDocument(await readComtradeFile(join(FIXTURES, 'plus-annual.csv')), partners, NOW, 'plus-annual.csv');
    expect(doc.sources).toEqual([
      {
        id: 'comtrade',
        short: 'UN Comtrade',
        publication: 'UN Comtrade Database',
        title: 'UN Comtrade Database, United Nations Statistics Division',
        date: '2026-12-01',
        url: 'https://comtradeplus.un.org',
        reports: 'China–Kazakhstan, China–Russia, 2023, annual, TOTAL, 2 HS chapters, 1 HS heading and 1 HS subheading',
        note: 'UN Comtrade Database, United Nations Statistics Division, https://comtradeplus.un.org',
      },
    ]);
    expect(doc.products.map((p) => p.id)).toEqual(['hs-27', 'hs-2709', 'hs-270900', 'hs-84']);
    const mirror = doc.figures.find((f) => f.reporter === 'partner' && f.product === 'hs-84');
    expect(mirror).toEqual({
      partner: 'kazakhstan',
      period: '2023',
      reporter: 'partner',
      agency: 'Kazakhstan, as reported to UN Comtrade',
      flow: 'china-exports',
      product: 'hs-84',
      usd: '3100000000',
      valuation: 'CIF',
      sources: ['comtrade'],
    });
    expect(doc.provenance).toMatchObject({ importer: 'comtrade', file: 'plus-annual.csv', layout: 'plus', rowsRead: 22, rowsKept: 10 });
    expect(doc.provenance.importedAt).toBe('2026-12-01T10:00:00.000Z');
  });

  it('is valid JSON with one figure per line, and the same bytes for the same file and clock', async () => {
    const partners = await loadPartnerDirectory(join(FIXTURES, 'data'));
    const text = async () =>
      [...serialise(buildDocument(await readComtradeFile(join(FIXTURES, 'plus-annual.csv')), partners, NOW, 'plus-annual.csv'))].join('');
    const first = await text();
    expect(await text()).toBe(first);
    const parsed = JSON.parse(first) as { figures: FigureEntry[] };
    expect(first.split('\n').filter((l) => l.startsWith('    {"partner"'))).toHaveLength(parsed.figures.length);
  });

  it('says in one line what a file holds', () => {
    const f = (period: string, product?: string): FigureEntry => ({
      partner: 'kazakhstan',
      period,
      reporter: 'china',
      flow: 'china-exports',
      ...(product ? { product } : {}),
      usd: '1',
      valuation: 'FOB',
      sources: ['comtrade'],
    });
    const names = new Map([['kazakhstan', 'Kazakhstan']]);
    expect(describeFigures([f('2019'), f('2023'), f('2023', 'hs-27'), f('2023', 'hs-84')], names)).toBe(
      'China–Kazakhstan, 2019–2023, annual, TOTAL and 2 HS chapters',
    );
    expect(describeFigures([f('2023-01'), f('2023')], names)).toBe('China–Kazakhstan, 2023, annual and monthly, TOTAL');
    expect(describeFigures([f('2023-03'), f('2023-01')], names)).toBe('China–Kazakhstan, 2023-01–2023-03, monthly, TOTAL');
  });
});
