/**
 * The import file the bot loads: provenance, the Comtrade source, the partners and products its
 * figures use, and the figures. Deterministic: the same CSV gives the same bytes, apart from the
 * import's time and date.
 */
import type { DeclaredPartner, PartnerDirectory } from './partners.js';
import type { ReadResult } from './read.js';
import type { SkipReason } from './select.js';

export const ABOUT = 'Imported from UN Comtrade by `npm run import`; do not edit by hand, import a newer file instead.';
export const CITATION = 'UN Comtrade Database, United Nations Statistics Division, https://comtradeplus.un.org';

export interface Provenance {
  readonly importer: 'comtrade';
  readonly file: string;
  readonly sha256: string;
  readonly layout: 'plus' | 'legacy';
  readonly rowsRead: number;
  readonly rowsKept: number;
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  readonly importedAt: string;
}

export interface SourceEntry {
  readonly id: 'comtrade';
  readonly short: string;
  readonly publication: string;
  readonly title: string;
  readonly date: string;
  readonly url: string;
  readonly reports: string;
  readonly note: string;
}

export interface ProductEntry {
  readonly id: string;
  readonly name: string;
  readonly hs: string;
}

export interface FigureEntry {
  readonly partner: string;
  readonly period: string;
  readonly reporter: 'china' | 'partner';
  readonly agency?: string;
  readonly flow: 'china-imports' | 'china-exports';
  readonly product?: string;
  readonly usd: string;
  readonly valuation: 'CIF' | 'FOB';
  readonly sources: readonly string[];
}

export interface ImportDocument {
  readonly about: string;
  readonly provenance: Provenance;
  readonly sources: readonly SourceEntry[];
  readonly partners: readonly DeclaredPartner[];
  readonly products: readonly ProductEntry[];
  readonly figures: readonly FigureEntry[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The figure a figure fills: a newer import's figure with the same key replaces an older one. */
export function figureKey(f: Pick<FigureEntry, 'partner' | 'period' | 'reporter' | 'flow' | 'product'>): string {
  return `${f.partner}|${f.period}|${f.reporter}|${f.flow}|${f.product ?? ''}`;
}

/** Figures in a fixed order: partner, reporter, flow, product (TOTAL first), period. */
export function compareFigures(a: FigureEntry, b: FigureEntry): number {
  return (
    byText(a.partner, b.partner) ||
    byText(a.reporter, b.reporter) ||
    byText(a.flow, b.flow) ||
    byText(a.product ?? '', b.product ?? '') ||
    byText(a.period, b.period)
  );
}

export function buildDocument(read: ReadResult, partners: PartnerDirectory, now: Date, basename: string): ImportDocument {
  const declared = new Map<string, DeclaredPartner>();
  const names = new Map<string, string>();
  const products = new Map<string, ProductEntry>();
  const figures: FigureEntry[] = read.drafts.map((d) => {
    const ref = partners.partnerFor(d.country);
    if (ref.declared) declared.set(ref.id, ref.declared);
    names.set(ref.id, ref.name);
    let product: string | undefined;
    if (d.product) {
      product = `hs-${d.product.hs}`;
      if (!products.has(product)) products.set(product, { id: product, name: d.product.name, hs: d.product.hs });
    }
    return {
      partner: ref.id,
      period: d.period,
      reporter: d.reporter,
      ...(d.reporter === 'partner' ? { agency: `${ref.name}, as reported to UN Comtrade` } : {}),
      flow: d.flow,
      ...(product ? { product } : {}),
      usd: d.usd,
      valuation: d.valuation,
      sources: ['comtrade'],
    };
  });
  figures.sort(compareFigures);
  const skipped = Object.fromEntries(Object.entries(read.skipped).sort(([a], [b]) => byText(a, b)));
  return {
    about: ABOUT,
    provenance: {
      importer: 'comtrade',
      file: basename,
      sha256: read.sha256,
      layout: read.layout!,
      rowsRead: read.rowsRead,
      rowsKept: figures.length,
      skipped,
      importedAt: now.toISOString(),
    },
    sources: [comtradeSource(now.toISOString().slice(0, 10), figures, names)],
    partners: [...declared.values()].sort((a, b) => byText(a.id, b.id)),
    products: [...products.values()].sort((a, b) => byText(a.hs.padEnd(6, ' '), b.hs.padEnd(6, ' ')) || byText(a.hs, b.hs)),
    figures,
  };
}

export function comtradeSource(date: string, figures: readonly FigureEntry[], partnerNames: ReadonlyMap<string, string>): SourceEntry {
  return {
    id: 'comtrade',
    short: 'UN Comtrade',
    publication: 'UN Comtrade Database',
    title: 'UN Comtrade Database, United Nations Statistics Division',
    date,
    url: 'https://comtradeplus.un.org',
    reports: describeFigures(figures, partnerNames),
    note: CITATION,
  };
}

/** One line on what a file holds: "China–Kazakhstan, 2019–2023, annual, TOTAL and 97 HS chapters". */
export function describeFigures(figures: readonly FigureEntry[], partnerNames: ReadonlyMap<string, string>): string {
  const partners = new Set<string>();
  const years = new Set<string>();
  let annual = false;
  let monthly = false;
  let total = false;
  const levels = new Map<number, Set<string>>();
  for (const f of figures) {
    partners.add(f.partner);
    years.add(f.period);
    if (f.period.length === 4) annual = true;
    else monthly = true;
    if (f.product === undefined) total = true;
    else {
      const hs = f.product.slice(3);
      let set = levels.get(hs.length);
      if (!set) levels.set(hs.length, (set = new Set()));
      set.add(hs);
    }
  }
  const names = [...partners].map((p) => partnerNames.get(p) ?? p).sort(byText);
  const who = names.length <= 3 ? names.map((n) => `China–${n}`).join(', ') : `China with ${names.length} partners`;
  // Years for annual or mixed files; months ("2023-01–2023-03") when a file is monthly only.
  const span = [...new Set([...years].map((p) => (annual ? p.slice(0, 4) : p)))].sort(byText);
  const when = span.length === 0 ? 'no years' : span.length === 1 ? span[0]! : `${span[0]}–${span[span.length - 1]}`;
  const freq = [annual && 'annual', monthly && 'monthly'].filter(Boolean).join(' and ') || 'no periods';
  const plural = (n: number, one: string, many: string) => `${n} HS ${n === 1 ? one : many}`;
  const parts = [
    ...(total ? ['TOTAL'] : []),
    ...(levels.has(2) ? [plural(levels.get(2)!.size, 'chapter', 'chapters')] : []),
    ...(levels.has(4) ? [plural(levels.get(4)!.size, 'heading', 'headings')] : []),
    ...(levels.has(6) ? [plural(levels.get(6)!.size, 'subheading', 'subheadings')] : []),
  ];
  const what = parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${who}, ${when}, ${freq}, ${what}`;
}

/** Pretty enough to read and diff: one partner, product or figure per line. */
export function* serialise(doc: ImportDocument): Generator<string> {
  const list = (items: readonly unknown[]) =>
    items.length === 0 ? '[]' : `[\n${items.map((i) => `    ${JSON.stringify(i)}`).join(',\n')}\n  ]`;
  yield `{\n  "about": ${JSON.stringify(doc.about)},\n`;
  yield `  "provenance": ${JSON.stringify(doc.provenance, null, 2).replace(/\n/g, '\n  ')},\n`;
  yield `  "sources": ${JSON.stringify(doc.sources, null, 2).replace(/\n/g, '\n  ')},\n`;
  yield `  "partners": ${list(doc.partners)},\n`;
  yield `  "products": ${list(doc.products)},\n`;
  if (doc.figures.length === 0) yield `  "figures": []\n`;
  else {
    yield '  "figures": [\n';
    const BATCH = 10_000;
    for (let i = 0; i < doc.figures.length; i += BATCH) {
      const end = Math.min(i + BATCH, doc.figures.length);
      let chunk = '';
      for (let j = i; j < end; j++) chunk += `    ${JSON.stringify(doc.figures[j])}${j === doc.figures.length - 1 ? '' : ','}\n`;
      yield chunk;
    }
    yield '  ]\n';
  }
  yield '}\n';
}
