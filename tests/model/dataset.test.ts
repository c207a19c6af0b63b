import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DataError, parseDataset, type DataFiles } from '../../src/model/dataset.js';
import { loadDataset } from '../../src/model/loadFiles.js';
import { periodKey } from '../../src/model/period.js';

async function files(): Promise<DataFiles> {
  const read = async (name: string) => ({ path: `data/${name}`, text: await readFile(`data/${name}`, 'utf8') });
  return { sources: await read('sources.json'), partners: await read('partners.json'), figures: [await read('figures/2022-2024.json')] };
}

function withFigures(base: DataFiles, edit: (doc: { figures: Record<string, unknown>[] }) => void): DataFiles {
  const [first, ...rest] = base.figures;
  const doc = JSON.parse(first!.text) as { figures: Record<string, unknown>[] };
  edit(doc);
  return { ...base, figures: [{ ...first!, text: JSON.stringify(doc) }, ...rest] };
}

function problemsOf(input: DataFiles): readonly string[] {
  try {
    parseDataset(input);
  } catch (error) {
    if (error instanceof DataError) return error.problems;
    throw error;
  }
  throw new Error('expected the data to be rejected');
}

describe('the data files', () => {
  it('parse and cover eight partners, two regions, 22 sources, yuan figures and a product', async () => {
    const data = await loadDataset('data');
    expect(data.partners.map((p) => p.id)).toEqual([
      'kazakhstan',
      'kyrgyzstan',
      'uzbekistan',
      'turkmenistan',
      'tajikistan',
      'azerbaijan',
      'georgia',
      'armenia',
    ]);
    expect(data.regions.map((r) => r.id)).toEqual(['central-asia', 'south-caucasus']);
    // The briefing and six reports of 2023–2024, and the fifteen reports of FIGURES-2025.md.
    expect(data.sources).toHaveLength(22);
    expect(data.figures.length).toBeGreaterThanOrEqual(120);
    expect(data.yuan).toHaveLength(3);
    expect(data.products.map((p) => p.id)).toEqual(['pipeline-gas']);
  });

  it('rejects a negative value, naming the file, the record and the field', async () => {
    const base = await files();
    const broken = withFigures(base, (doc) => {
      const index = doc.figures.findIndex((f) => f.partner === 'kyrgyzstan' && f.year === 2024 && f.flow === 'total');
      doc.figures[index]!.usd = '-22.71 bn';
    });
    const problems = problemsOf(broken);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^data\/figures\/2022-2024\.json: record \d+ \(Kyrgyzstan 2024, total\): usd must be a positive amount$/);
  });

  it('reports every problem at once, not only the first', async () => {
    const base = await files();
    const broken = withFigures(base, (doc) => {
      doc.figures[0]!.usd = 'lots';
      doc.figures[1]!.flow = 'exports';
      doc.figures[2]!.sources = ['nowhere'];
      doc.figures[3]!.partner = 'mongolia';
    });
    const problems = problemsOf(broken);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain('usd must be written like "43.82 bn"');
    expect(problems.join('\n')).toContain('record 2 (Central Asia 2024, exports): flow');
    expect(problems.join('\n')).toContain('source "nowhere" is not in data/sources.json');
    expect(problems.join('\n')).toContain('partner "mongolia" is not a partner or region');
  });

  it('rejects the same figure given twice', async () => {
    const base = await files();
    const broken = withFigures(base, (doc) => doc.figures.push({ ...doc.figures[0]! }));
    expect(problemsOf(broken).join('\n')).toMatch(
      /the same figure is already given in data\/figures\/2022-2024.json: record 1 \(Central Asia 2024, total\)/,
    );
  });

  it('rejects a file that is not JSON, with the parser reason', async () => {
    const base = await files();
    const problems = problemsOf({ ...base, partners: { path: 'data/partners.json', text: '{ nope' } });
    expect(problems[0]).toMatch(/^data\/partners\.json: not valid JSON/);
  });

  it("rejects a 'citing' for a source the figure does not name, and a quote of several sources without saying whose", async () => {
    const base = await files();
    const broken = withFigures(base, (doc) => {
      const azerbaijan = doc.figures.find((f) => f.partner === 'azerbaijan' && f.flow === 'total')!;
      azerbaijan.citing = { orda: 'Oilprice' };
      const kazakhstan = doc.figures.find((f) => f.partner === 'kazakhstan' && f.year === 2024 && f.flow === 'total')!;
      delete kazakhstan.quoteSource;
    });
    const problems = problemsOf(broken).join('\n');
    expect(problems).toMatch(/\(Azerbaijan 2024, total\): citing\.orda must be a source this figure, its changes or its share name/);
    expect(problems).toMatch(/\(Kazakhstan 2024, total\): quoteSource must say whose words the quote is/);
  });

  it("keeps the briefing's own attribution as data: its Azerbaijan figures are according to Oilprice", async () => {
    const data = await loadDataset('data');
    const azerbaijan = data.figures.filter((f) => f.partner === 'azerbaijan' && f.reporter === 'china');
    expect(azerbaijan.length).toBeGreaterThanOrEqual(3);
    for (const f of azerbaijan) expect(f.citing, `${periodKey(f.period)} ${f.flow}`).toEqual({ briefing: 'Oilprice' });
  });
});
