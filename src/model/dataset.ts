import type { z } from 'zod';
import {
  FLOWS,
  REPORTERS,
  figureSchema,
  figuresFileSchema,
  partnersFileSchema,
  remarkSchema,
  sourcesFileSchema,
  type FigureRecord,
  type Partner,
  type Region,
  type Remark,
  type Source,
} from './schema.js';

/** The validated contents of `data/`. */
export interface Dataset {
  readonly sources: readonly Source[];
  readonly regions: readonly Region[];
  readonly partners: readonly Partner[];
  readonly figures: readonly FigureRecord[];
  readonly remarks: readonly Remark[];
}

/** The raw text of the three data files, keyed by the path to name in errors. */
export interface DataFiles {
  readonly sources: { readonly path: string; readonly text: string };
  readonly partners: { readonly path: string; readonly text: string };
  readonly figures: { readonly path: string; readonly text: string };
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
  const mirror = r.reporter === 'partner' ? ", partner's statistics" : '';
  const year = typeof r.year === 'number' ? String(r.year) : '?';
  const flow = typeof r.flow === 'string' ? r.flow : '?';
  return `record ${index + 1} (${who} ${year}, ${flow}${mirror})`;
}

/**
 * Validates the data files together and reports every problem at once: schema errors, unknown
 * partners or sources, and the same figure given twice.
 */
export function parseDataset(files: DataFiles): Dataset {
  const problems: string[] = [];

  const sourcesRaw = parseJson(files.sources.path, files.sources.text, problems);
  const partnersRaw = parseJson(files.partners.path, files.partners.text, problems);
  const figuresRaw = parseJson(files.figures.path, files.figures.text, problems);

  const sources = sourcesRaw === undefined ? undefined : sourcesFileSchema.safeParse(sourcesRaw);
  if (sources && !sources.success) problems.push(...describeIssues(files.sources.path, sources.error));
  const partnerFile = partnersRaw === undefined ? undefined : partnersFileSchema.safeParse(partnersRaw);
  if (partnerFile && !partnerFile.success) problems.push(...describeIssues(files.partners.path, partnerFile.error));

  const sourceIds = new Set(sources?.data?.map((s) => s.id) ?? []);
  const regions = partnerFile?.data?.regions ?? [];
  const partners = partnerFile?.data?.partners ?? [];
  const names = new Map<string, string>([...regions, ...partners].map((p) => [p.id, p.name]));
  const regionIds = new Set(regions.map((r) => r.id));
  for (const p of partners) {
    if (!regionIds.has(p.region))
      problems.push(
        `${files.partners.path}: partner ${p.id}: region "${p.region}" is not one of the regions (${[...regionIds].join(', ')})`,
      );
  }

  const knownSource = (where: string, id: string) => {
    if (sources?.success && !sourceIds.has(id)) problems.push(`${where}: source "${id}" is not in ${files.sources.path}`);
  };
  const knownPartner = (where: string, id: string) => {
    if (partnerFile?.success && !names.has(id))
      problems.push(`${where}: partner "${id}" is not a partner or region in ${files.partners.path}`);
  };

  const figures: FigureRecord[] = [];
  const remarks: Remark[] = [];
  const file = figuresRaw === undefined ? undefined : figuresFileSchema.safeParse(figuresRaw);
  if (file && !file.success) problems.push(...describeIssues(files.figures.path, file.error));
  if (file?.success) {
    // Labels are built only for records with a problem: at 10^6 figures they cost a second.
    const seen = new Map<string, Map<number, number>>();
    file.data.figures.forEach((raw, index) => {
      const where = () => `${files.figures.path}: ${recordLabel(raw, index, names)}`;
      const parsed = figureSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push(...describeIssues(where(), parsed.error));
        return;
      }
      const figure = parsed.data;
      if (partnerFile?.success && !names.has(figure.partner)) knownPartner(where(), figure.partner);
      for (const s of figure.sources) if (!sourceIds.has(s)) knownSource(where(), s);
      for (const c of figure.change ?? []) if (!sourceIds.has(c.source)) knownSource(where(), c.source);
      if (figure.share && !sourceIds.has(figure.share.source)) knownSource(where(), figure.share.source);
      // A number per year, reporter and flow under each partner: a million text keys cost a second.
      let byPartner = seen.get(figure.partner);
      if (!byPartner) seen.set(figure.partner, (byPartner = new Map<number, number>()));
      const code = figure.year * 8 + REPORTERS.indexOf(figure.reporter) * 4 + FLOWS.indexOf(figure.flow);
      const first = byPartner.get(code);
      if (first !== undefined) {
        problems.push(
          `${where()}: the same figure is already given in ${recordLabel(file.data.figures[first], first, names)}; merge the two`,
        );
      } else {
        byPartner.set(code, index);
      }
      figures.push(figure);
    });
    file.data.remarks.forEach((raw, index) => {
      const where = `${files.figures.path}: remark ${index + 1}`;
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
  return { sources: sources?.data ?? [], regions, partners, figures, remarks };
}
