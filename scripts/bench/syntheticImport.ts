/**
 * A data folder with an imported dataset of about `figures` figures, as `npm run import` writes it
 * (the same document format, one figure per line): the bundled data/ (sources, partners, curated
 * figures, key points) copied in, and imports/synthetic-comtrade.json beside them. Annual figures,
 * China's and the partner's own, both flows, TOTAL and 97 HS chapters, for many declared partners
 * and the curated ones. Deterministic, so that runs compare; never committed.
 */
import { cp, mkdir } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ABOUT, comtradeSource, serialise, type FigureEntry, type ImportDocument, type ProductEntry } from '../../src/import/document.js';
import type { DeclaredPartner } from '../../src/import/partners.js';

const BUNDLED = fileURLToPath(new URL('../../data/', import.meta.url));
const CURATED = ['kazakhstan', 'kyrgyzstan', 'uzbekistan', 'turkmenistan', 'tajikistan', 'azerbaijan', 'georgia', 'armenia'];
const CHAPTERS = Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '77');
const letters = (n: number, width: number) =>
  Array.from({ length: width }, (_, k) => String.fromCharCode(65 + (Math.floor(n / 26 ** k) % 26))).join('');

/** The document itself: figures in the importer's order. */
export function syntheticImport(figures: number): ImportDocument {
  const products: ProductEntry[] = CHAPTERS.map((c) => ({ id: `hs-${c}`, name: `Chapter ${c} goods`, hs: c }));
  const perPartnerYear = 2 * 2 * (1 + products.length);
  const years = figures >= 100_000 ? 35 : 5;
  const partnerCount = Math.max(1, Math.ceil(figures / (perPartnerYear * years)));
  const declared: DeclaredPartner[] = [];
  const ids: string[] = [];
  for (let p = 0; p < partnerCount; p++) {
    if (p < CURATED.length) ids.push(CURATED[p]!);
    else {
      const id = `synthetic-${p}`;
      ids.push(id);
      // ISO codes from a range no real country uses (Q..., X...), so that none clashes with partners.json.
      declared.push({ id, name: `Syntheland ${p}`, iso2: `X${letters(p, 1)}`, iso3: `Q${letters(p, 2)}`, m49: 1000 + p });
    }
  }
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647);
  const out: FigureEntry[] = [];
  outer: for (const partner of ids) {
    for (const reporter of ['china', 'partner'] as const) {
      for (const flow of ['china-exports', 'china-imports'] as const) {
        for (const product of [undefined, ...products.map((p) => p.id)]) {
          for (let y = 0; y < years; y++) {
            if (out.length === figures) break outer;
            out.push({
              partner,
              period: String(2024 - years + 1 + y),
              reporter,
              ...(reporter === 'partner' ? { agency: `${partner}, as reported to UN Comtrade` } : {}),
              flow,
              ...(product ? { product } : {}),
              usd: String((random() % 9_000_000_000) + 1000),
              valuation: flow === 'china-imports' ? 'CIF' : 'FOB',
              sources: ['comtrade'],
            });
          }
        }
      }
    }
  }
  const names = new Map(declared.map((p) => [p.id, p.name]));
  return {
    about: ABOUT,
    provenance: {
      importer: 'comtrade',
      file: `synthetic-${figures}.csv`,
      sha256: '0'.repeat(64),
      layout: 'plus',
      rowsRead: out.length,
      rowsKept: out.length,
      skipped: {},
      importedAt: '2026-01-01T00:00:00.000Z',
    },
    sources: [comtradeSource('2026-01-01', out, names)],
    partners: declared,
    products,
    figures: out,
  };
}

/** Writes the bundled data/ and the synthetic import into `dir`; returns the import file's path. */
export async function writeSyntheticDataDir(dir: string, figures: number): Promise<string> {
  await cp(BUNDLED, dir, { recursive: true });
  await mkdir(join(dir, 'imports'), { recursive: true });
  const path = join(dir, 'imports', 'synthetic-comtrade.json');
  await writeImport(path, syntheticImport(figures));
  return path;
}

/** Streams a document to `path` in the importer's own serialisation. */
export async function writeImport(path: string, doc: ImportDocument): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of serialise(doc)) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
}
