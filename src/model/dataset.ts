import type { z } from 'zod';
import { createFigureParser } from './fastFigure.js';
import { periodKey } from './period.js';
import {
  figuresFileSchema,
  partnerSchema,
  partnersFileSchema,
  productSchema,
  remarkSchema,
  sourceSchema,
  sourcesFileSchema,
  type FigureRecord,
  type Partner,
  type Product,
  type Region,
  type Remark,
  type Source,
  type YuanRecord,
} from './schema.js';

/** The validated contents of `data/`. */
export interface Dataset {
  readonly sources: readonly Source[];
  readonly regions: readonly Region[];
  readonly partners: readonly Partner[];
  readonly products: readonly Product[];
  /** Figures in dollars, product figures among them. */
  readonly figures: readonly FigureRecord[];
  readonly yuan: readonly YuanRecord[];
  readonly remarks: readonly Remark[];
}

/** One data file's raw text, with the path to name in errors. */
export interface DataFile {
  readonly path: string;
  readonly text: string;
}

/** The raw text of the data files: sources, partners, and every file of figures. */
export interface DataFiles {
  readonly sources: DataFile;
  readonly partners: DataFile;
  readonly figures: readonly DataFile[];
}

/** Every problem found in `data/`, each naming its file, record and field. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(readonly problems: readonly string[]) {
    super(`The figures in data/ have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n- ${problems.join('\n- ')}`);
  }
}

function describeIssues(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(whole record)';
    return `${where}: ${field} ${issue.message}`;
  });
}

function parseJson(path: string, text: string, problems: string[]): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${path}: not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

function recordLabel(raw: unknown, index: number, names: ReadonlyMap<string, string>): string {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const who = typeof r.partner === 'string' ? (names.get(r.partner) ?? r.partner) : '?';
  const mirror = r.reporter === 'partner' ? ", partner's statistics" : r.reporter === 'not-stated' ? ', reporter not stated' : '';
  const when = typeof r.period === 'string' ? r.period : typeof r.year === 'number' ? String(r.year) : '?';
  const flow = typeof r.flow === 'string' ? r.flow : '?';
  const product = typeof r.product === 'string' ? `, ${r.product}` : '';
  const yuan = r.cny !== undefined ? ', yuan' : '';
  return `record ${index + 1} (${who} ${when}, ${flow}${product}${mirror}${yuan})`;
}

/** What makes two records the same figure: a second one is a mistake to merge, never a silent override. */
function figureKey(f: FigureRecord | YuanRecord): string {
  return `${f.partner}|${periodKey(f.period)}|${f.reporter}|${f.flow}|${f.product ?? ''}|${f.currency}`;
}

/**
 * Validates the data files together and reports every problem at once: schema errors, unknown
 * partners, products or sources, and the same figure given twice.
 */
export function parseDataset(files: DataFiles): Dataset {
  const problems: string[] = [];

  const sourcesRaw = parseJson(files.sources.path, files.sources.text, problems);
  const partnersRaw = parseJson(files.partners.path, files.partners.text, problems);

  const sourcesFile = sourcesRaw === undefined ? undefined : sourcesFileSchema.safeParse(sourcesRaw);
  if (sourcesFile && !sourcesFile.success) problems.push(...describeIssues(files.sources.path, sourcesFile.error));
  const partnerFile = partnersRaw === undefined ? undefined : partnersFileSchema.safeParse(partnersRaw);
  if (partnerFile && !partnerFile.success) problems.push(...describeIssues(files.partners.path, partnerFile.error));
  const checkable = sourcesFile?.success === true && partnerFile?.success === true;

  const sources: Source[] = [...(sourcesFile?.data ?? [])];
  const regions = partnerFile?.data?.regions ?? [];
  const partners: Partner[] = [...(partnerFile?.data?.partners ?? [])];
  const products: Product[] = [];
  const declaredIn = new Map<string, string>();
  for (const s of sources) declaredIn.set(`source ${s.id}`, files.sources.path);
  for (const p of partners) declaredIn.set(`partner ${p.id}`, files.partners.path);

  // Files of figures may declare their own sources, partners and products; parse those first,
  // so that a figure may name what a later file declares.
  const figureFiles = files.figures.map((file) => {
    const raw = parseJson(file.path, file.text, problems);
    const parsed = raw === undefined ? undefined : figuresFileSchema.safeParse(raw);
    if (parsed && !parsed.success) problems.push(...describeIssues(file.path, parsed.error));
    const data = parsed?.success ? parsed.data : undefined;
    if (!data) return undefined;
    const declare = <T extends { id: string }>(
      kind: string,
      list: readonly unknown[],
      schema: z.ZodType<T>,
      into: T[],
      same: (a: T, b: T) => boolean,
    ) => {
      list.forEach((item, i) => {
        const result = schema.safeParse(item);
        if (!result.success) {
          problems.push(...describeIssues(`${file.path}: ${kind} ${i + 1}`, result.error));
          return;
        }
        const at = declaredIn.get(`${kind} ${result.data.id}`);
        const earlier = into.find((x) => x.id === result.data.id);
        if (at !== undefined && earlier) {
          if (!same(earlier, result.data))
            problems.push(`${file.path}: ${kind} "${result.data.id}" is already declared differently in ${at}`);
          return;
        }
        declaredIn.set(`${kind} ${result.data.id}`, file.path);
        into.push(result.data);
      });
    };
    // Imports of one dataset each carry its source with their own description; the citation is what must agree.
    declare('source', data.sources, sourceSchema, sources, (a, b) => a.url === b.url && a.publication === b.publication);
    declare('partner', data.partners, partnerSchema, partners, (a, b) => a.iso3 === b.iso3 && a.name === b.name);
    declare('product', data.products, productSchema, products, (a, b) => a.name === b.name && a.hs === b.hs);
    return { file, data };
  });

  const sourceIds = new Set(sources.map((s) => s.id));
  const productIds = new Set(products.map((p) => p.id));
  const names = new Map<string, string>([...regions, ...partners].map((p) => [p.id, p.name]));
  const regionIds = new Set(regions.map((r) => r.id));
  for (const p of partners) {
    if (partnerFile?.success && p.region !== undefined && !regionIds.has(p.region))
      problems.push(
        `${declaredIn.get(`partner ${p.id}`) ?? files.partners.path}: partner ${p.id}: region "${p.region}" is not one of the regions (${[...regionIds].join(', ')})`,
      );
  }

  const knownSource = (where: string, id: string) => {
    if (checkable && !sourceIds.has(id))
      problems.push(`${where}: source "${id}" is not in ${files.sources.path} or a figures file's sources`);
  };
  const knownPartner = (where: string, id: string) => {
    if (checkable && !names.has(id)) problems.push(`${where}: partner "${id}" is not a partner or region in ${files.partners.path}`);
  };

  const figures: FigureRecord[] = [];
  const yuan: YuanRecord[] = [];
  const remarks: Remark[] = [];
  /**
   * Each figure's key → its ordinal in the arrays below: where it was given (its file, record and
   * raw text, for a label built only if a second one comes), whether it was imported, and where it
   * sits in `figures` (-1 for yuan). Arrays rather than an object per key: at 10^6 figures the
   * objects and their labels cost seconds of garbage collection.
   */
  const seen = new Map<string, number>();
  const firstFile: string[] = [];
  const firstRaw: unknown[] = [];
  const firstIndex: number[] = [];
  const firstImported: boolean[] = [];
  const firstAt: number[] = [];
  // Plain records (every imported one) are checked by hand; zod judges the rest, and words every problem.
  const figureParser = createFigureParser();
  for (const entry of figureFiles) {
    if (!entry) continue;
    const { file, data } = entry;
    // A file `npm run import` wrote carries its provenance; its figures stand beside the press figures.
    const imported = data.provenance !== undefined;
    // Labels are built only for records with a problem: at 10^6 figures they cost a second.
    data.figures.forEach((raw, index) => {
      const where = () => `${file.path}: ${recordLabel(raw, index, names)}`;
      const parsed = figureParser.parse(raw);
      if (!parsed.success) {
        problems.push(...describeIssues(where(), parsed.error));
        return;
      }
      const figure = parsed.data;
      if (!names.has(figure.partner)) knownPartner(where(), figure.partner);
      for (const s of figure.sources) if (!sourceIds.has(s)) knownSource(where(), s);
      for (const c of figure.change ?? []) if (!sourceIds.has(c.source)) knownSource(where(), c.source);
      for (const a of figure.alternatives ?? []) for (const s of a.sources) if (!sourceIds.has(s)) knownSource(where(), s);
      if (figure.share && !sourceIds.has(figure.share.source)) knownSource(where(), figure.share.source);
      if (figure.product !== undefined && !productIds.has(figure.product))
        problems.push(`${where()}: product "${figure.product}" is not declared in any figures file's products`);
      const key = figureKey(figure);
      const first = seen.get(key);
      if (first !== undefined && firstAt[first]! >= 0 && imported && !firstImported[first] && figure.currency === 'USD') {
        // A dataset's figure for one a report already gives: the same figure as another source has it,
        // shown beside the report's (and a data note where the two cannot both be right).
        const at = firstAt[first]!;
        const curated = figures[at]!;
        const also = { usd: figure.usd, sources: figure.sources, ...(figure.qualifier ? { qualifier: figure.qualifier } : {}) };
        figures[at] = { ...curated, alternatives: [...(curated.alternatives ?? []), also] };
        return;
      }
      if (first !== undefined) {
        const earlier = `${firstFile[first]!}: ${recordLabel(firstRaw[first], firstIndex[first]!, names)}`;
        problems.push(`${where()}: the same figure is already given in ${earlier}; merge the two`);
        return;
      }
      let at = -1;
      if (figure.currency === 'USD') at = figures.push(figure) - 1;
      else yuan.push(figure);
      seen.set(key, firstAt.length);
      firstFile.push(file.path);
      firstRaw.push(raw);
      firstIndex.push(index);
      firstImported.push(imported);
      firstAt.push(at);
    });
    data.remarks.forEach((raw, index) => {
      const where = `${file.path}: remark ${index + 1}`;
      const parsed = remarkSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push(...describeIssues(where, parsed.error));
        return;
      }
      knownPartner(where, parsed.data.partner);
      knownSource(where, parsed.data.source);
      remarks.push(parsed.data);
    });
  }

  if (problems.length > 0) throw new DataError(problems);
  return { sources, regions, partners, products, figures, yuan, remarks };
}
