import { z } from 'zod';
import { parseAmount } from './amount.js';
import { DataError } from './dataset.js';
import type { TradeModel } from './model.js';
import { comparePeriods, fullYear, isFullYear, parsePeriod, periodKey, periodLabel, type Period } from './period.js';
import { FLOWS, QUALIFIERS } from './schema.js';
import { hedgedRange, reported, type Value } from './value.js';

const citeSchema = z.strictObject({
  partner: z.string().min(1),
  year: z.number().int(),
  flow: z.enum(FLOWS),
  written: z.string().refine((t) => parseAmount(t) !== undefined, 'must be written like "94.8 bn" or "61 m"'),
  qualifier: z.enum(QUALIFIERS).optional(),
});

const keyPointSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  region: z.string().min(1),
  source: z.string().min(1),
  quote: z.string().min(1).optional(),
  /** The period the point is about ("2024"): it is shown for that period only. */
  period: z.string().transform((text, ctx) => {
    const period = parsePeriod(text);
    if (!period) ctx.addIssue({ code: 'custom', message: `"${text}" is not a period (write it like "2024" or "Jan-Oct 2025")` });
    return period ?? fullYear(0);
  }),
  text: z.string().min(1).max(400),
  cites: z.record(z.string(), citeSchema),
});

export const keyPointsFileSchema = z.strictObject({ about: z.string().optional(), keypoints: z.array(keyPointSchema) });
export type KeyPointRecord = z.infer<typeof keyPointSchema>;

/**
 * A key point with its figures as its own source wrote them (the briefing's "$94.8 bn", though
 * another source gives $94.82 bn), each checked against the model so that it cannot disagree.
 */
export interface BoundKeyPoint {
  readonly record: KeyPointRecord;
  readonly figures: Readonly<Record<string, Value>>;
}

const PLACEHOLDER = /\{([a-zA-Z0-9_-]+)\}/g;

/**
 * Binds each key point's cited figures to the model and checks that the model's figure still
 * says what the key point's source wrote (within its rounding and hedge). Every problem at once.
 */
export function bindKeyPoints(path: string, text: string, model: TradeModel): BoundKeyPoint[] {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DataError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
  const parsed = keyPointsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DataError(parsed.error.issues.map((i) => `${path}: ${i.path.join('.')} ${i.message}`));
  }
  const bound: BoundKeyPoint[] = [];
  for (const [index, record] of parsed.data.keypoints.entries()) {
    const where = `${path}: key point ${index + 1} (${record.id})`;
    if (!model.place(record.region) || model.place(record.region)?.kind !== 'region')
      problems.push(`${where}: region "${record.region}" is not a region`);
    if (!model.sources.has(record.source)) problems.push(`${where}: source "${record.source}" is not in data/sources.json`);
    const figures: Record<string, Value> = {};
    for (const [name, cite] of Object.entries(record.cites)) {
      if (periodKey(fullYear(cite.year)) !== periodKey(record.period))
        problems.push(`${where}: {${name}} cites ${cite.year}, but the key point is about ${periodLabel(record.period)}`);
      const place = model.place(cite.partner);
      const view =
        place?.kind === 'partner'
          ? model.partnerYear(cite.partner, cite.year)
          : place?.kind === 'region'
            ? model.regionYear(cite.partner, cite.year)
            : undefined;
      const value = view?.flows[cite.flow].value;
      if (!value) {
        problems.push(`${where}: {${name}} cites ${cite.partner} ${cite.year} ${cite.flow}, which is not in the figures`);
        continue;
      }
      const written = parseAmount(cite.written)!;
      const [lo, hi] = hedgedRange(written, cite.qualifier);
      if (value.usd < lo || value.usd > hi) {
        problems.push(
          `${where}: {${name}} says ${cite.written} but the figures have ${value.usd / 1e9} bn for ${cite.partner} ${cite.year} ${cite.flow}`,
        );
        continue;
      }
      // The key point's own source wrote this number; it attributes it as it does the figure it cites.
      const citing = value.citations.find((c) => c.source === record.source)?.citing;
      figures[name] = reported(written, cite.qualifier, [record.source], citing ? { citing: { [record.source]: citing } } : {});
    }
    for (const [, name] of record.text.matchAll(PLACEHOLDER)) {
      if (!(name! in record.cites)) problems.push(`${where}: text uses {${name}} but cites has no ${name}`);
    }
    bound.push({ record, figures });
  }
  if (problems.length > 0) throw new DataError(problems);
  return bound;
}

/** The key point's text with its figures filled in by `format`. */
export function renderKeyPoint(point: BoundKeyPoint, format: (value: Value) => string): string {
  return point.record.text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = point.figures[name];
    return value ? format(value) : whole;
  });
}

/** The key points about one period, of the regions asked. */
export function keyPointsFor(points: readonly BoundKeyPoint[], period: Period, regionIds: readonly string[]): BoundKeyPoint[] {
  return points.filter((k) => regionIds.includes(k.record.region) && periodKey(k.record.period) === periodKey(period));
}

/**
 * The periods with any figure for a region or one of its members, oldest first: what /keypoints
 * can answer for (Jan–Oct 2025 has figures for every Central Asian partner, none for the region).
 */
export function regionPeriods(model: TradeModel, regionId: string): Period[] {
  const ids = [regionId, ...model.members(regionId).map((p) => p.id)];
  const byKey = new Map<string, Period>();
  for (const id of ids) for (const p of model.periods(id)) byKey.set(periodKey(p), p);
  return [...byKey.values()].sort(comparePeriods);
}

/** The latest full year among periods, and the part-years after it. */
export function latestFullYearOf(periods: readonly Period[]): { year?: number; later: Period[] } {
  const year = periods.filter(isFullYear).at(-1)?.year;
  if (year === undefined) return { later: [] };
  return { year, later: periods.filter((p) => p.year > year && !isFullYear(p)) };
}
