import { z } from 'zod';
import { parseAmount } from './amount.js';
import { MAX_YEAR, MIN_YEAR, PERIOD_FORMS, fullYear, parsePeriod, periodLabel, previousPeriod, samePeriod } from './period.js';

export const FLOWS = ['total', 'china-exports', 'china-imports'] as const;
export type Flow = (typeof FLOWS)[number];

/**
 * Whose statistics a figure is: China's customs, the partner's own statistics agency, or, where
 * a source does not say (an ambassador quoting a figure), "not stated": never guessed.
 */
export const REPORTERS = ['china', 'partner', 'not-stated'] as const;
export type Reporter = (typeof REPORTERS)[number];

/** The hedges sources use; each keeps its word. */
export const QUALIFIERS = ['nearly', 'almost', 'about', 'roughly', 'just over', 'over', 'more than'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export const VALUATIONS = ['CIF', 'FOB'] as const;

const id = z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes');
const year = z
  .number()
  .int('must be a whole year')
  .min(MIN_YEAR, `must be ${MIN_YEAR} or later`)
  .max(MAX_YEAR, `must be ${MAX_YEAR} or earlier`);
const period = z.string().transform((text, ctx) => {
  const parsed = parsePeriod(text);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `must be a period such as ${PERIOD_FORMS}, not ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return parsed;
});

const amount = (positive: boolean) =>
  z.string().transform((text, ctx) => {
    const parsed = parseAmount(text);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: `must be written like "43.82 bn", "61 m" or "15338541000", not ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    if (positive && !(parsed.usd > 0)) {
      ctx.addIssue({ code: 'custom', message: 'must be a positive amount' });
      return z.NEVER;
    }
    return parsed;
  });

export const sourceSchema = z.strictObject({
  id,
  short: z.string().min(1).max(40),
  publication: z.string().min(1),
  title: z.string().min(1),
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD'),
  url: z.url({ protocol: /^https?$/ }).nullable(),
  reports: z.string().min(1),
  /** Anything a reader citing it should know: a fuller copy elsewhere, a republication. */
  note: z.string().min(1).optional(),
});
export const sourcesFileSchema = z.array(sourceSchema);
export type Source = z.infer<typeof sourceSchema>;

const changeSchema = z
  .strictObject({
    percent: z.number().finite().optional(),
    usd: amount(false).optional(),
    qualifier: z.enum(QUALIFIERS).optional(),
    words: z.string().min(1).optional(),
    /** What the change is on, as the source says; it must be the same months a year before. */
    on: period.optional(),
    source: id,
    quote: z.string().min(1).optional(),
  })
  .refine((c) => (c.percent === undefined) !== (c.usd === undefined), {
    message: 'give either percent or usd, not both or neither',
  });
export type ReportedChange = z.infer<typeof changeSchema>;

/** Whom a source attributes a figure to ("According to Oilprice, ..."): a name, since we have not seen that publication ourselves. */
const citedName = z.string().trim().min(1).max(80);

/** The same figure as another source wrote it; a data note where the two cannot both be right. */
const alternativeSchema = z.strictObject({
  usd: amount(true),
  qualifier: z.enum(QUALIFIERS).optional(),
  sources: z.array(id).min(1, 'must name at least one source'),
  quote: z.string().min(1).optional(),
});
export type Alternative = z.infer<typeof alternativeSchema>;

const figureFields = z.strictObject({
  partner: id,
  /** A full year; `period` for anything else. */
  year: year.optional(),
  period: period.optional(),
  reporter: z.enum(REPORTERS),
  /** For the partner's own statistics: which agency. */
  agency: z.string().trim().min(1).max(120).optional(),
  /** For a figure whose reporter is not stated: who stated it. */
  statedBy: z.string().trim().min(1).max(120).optional(),
  flow: z.enum(FLOWS),
  /** A product inside the flow (pipeline gas in China's imports): part of the flow, never a flow of its own. */
  product: id.optional(),
  usd: amount(true).optional(),
  /** Yuan, as China's customs also publish: never converted with a rate no source gave. */
  cny: amount(true).optional(),
  /** How a customs value was taken: CIF for imports, FOB for exports, as the dataset says. */
  valuation: z.enum(VALUATIONS).optional(),
  qualifier: z.enum(QUALIFIERS).optional(),
  sources: z.array(id).min(1, 'must name at least one source'),
  /**
   * Source id → whom that source says the figure comes from, where it names someone else: the
   * briefing's Azerbaijan figures are "According to Oilprice". It holds for the figure and for
   * the changes and share that source reports with it.
   */
  citing: z.record(id, citedName).optional(),
  quote: z.string().min(1).optional(),
  /** Whose words `quote` is; needed where the figure has more than one source. */
  quoteSource: id.optional(),
  note: z.string().min(1).optional(),
  change: z.array(changeSchema).optional(),
  share: z.strictObject({ percent: z.number().gt(0).lte(100), source: id }).optional(),
  alternatives: z.array(alternativeSchema).optional(),
});

type FigureFields = z.output<typeof figureFields>;

function checkFigure(f: FigureFields, ctx: z.RefinementCtx) {
  if ((f.year === undefined) === (f.period === undefined))
    ctx.addIssue({ code: 'custom', path: ['period'], message: 'give either year (a full year) or period, not both or neither' });
  if ((f.usd === undefined) === (f.cny === undefined))
    ctx.addIssue({ code: 'custom', path: ['usd'], message: 'give either usd or cny (yuan), not both or neither' });
  if (f.reporter === 'not-stated' && f.statedBy === undefined)
    ctx.addIssue({ code: 'custom', path: ['statedBy'], message: 'must say who stated a figure whose reporter is not stated' });
  if (f.reporter !== 'not-stated' && f.statedBy !== undefined)
    ctx.addIssue({ code: 'custom', path: ['statedBy'], message: 'is only for a figure whose reporter is not stated' });
  if (f.reporter !== 'partner' && f.agency !== undefined)
    ctx.addIssue({ code: 'custom', path: ['agency'], message: "is only for the partner's own statistics (reporter partner)" });
  const when = f.period ?? (f.year !== undefined ? fullYear(f.year) : undefined);
  f.change?.forEach((c, i) => {
    if (when && c.on && !samePeriod(c.on, previousPeriod(when)))
      ctx.addIssue({
        code: 'custom',
        path: ['change', i, 'on'],
        message: `must compare like with like: ${periodLabel(when)} compares with ${periodLabel(previousPeriod(when))}, not ${periodLabel(c.on)}`,
      });
  });
  // Most figures (all imported ones) have neither: nothing to check, nothing allocated.
  if (f.citing === undefined && f.quote === undefined && f.quoteSource === undefined) return;
  for (const source in f.citing) {
    const named = f.sources.includes(source) || f.change?.some((c) => c.source === source) || f.share?.source === source;
    if (!named)
      ctx.addIssue({ code: 'custom', path: ['citing', source], message: 'must be a source this figure, its changes or its share name' });
  }
  if (f.quoteSource !== undefined) {
    if (f.quote === undefined) ctx.addIssue({ code: 'custom', path: ['quoteSource'], message: 'is given, but there is no quote' });
    if (!f.sources.includes(f.quoteSource)) ctx.addIssue({ code: 'custom', path: ['quoteSource'], message: 'must be one of the sources' });
  } else if (f.quote !== undefined && f.sources.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['quoteSource'],
      message: 'must say whose words the quote is, since the figure has more than one source',
    });
  }
}

/** One figure as the data gives it, its period read, in dollars (`usd`) or in yuan (`cny`). */
export const figureSchema = figureFields.superRefine(checkFigure).transform(({ year: y, period: p, usd, cny, ...rest }, ctx) => {
  const when = p ?? (y !== undefined ? fullYear(y) : undefined);
  if (when === undefined) return z.NEVER;
  if (usd !== undefined) return { ...rest, period: when, currency: 'USD' as const, usd };
  if (cny !== undefined) return { ...rest, period: when, currency: 'CNY' as const, cny };
  ctx.addIssue({ code: 'custom', message: 'has no amount' });
  return z.NEVER;
});
type ParsedFigure = z.output<typeof figureSchema>;
/** A figure in US dollars: everything the bot adds, compares and ranks. */
export type FigureRecord = Extract<ParsedFigure, { currency: 'USD' }>;
/** A figure in yuan: shown as written, beside the dollars, never converted or added to them. */
export type YuanRecord = Extract<ParsedFigure, { currency: 'CNY' }>;

/** Something a source says about a partner's figures; `period` ties it to one period only. */
export const remarkSchema = z.strictObject({ partner: id, period: period.optional(), source: id, text: z.string().min(1) });
export type Remark = z.infer<typeof remarkSchema>;

/**
 * A file of figures: one release (a customs year, a half-year, an imported dataset). It may bring
 * its own sources, partners and products, so a new release is one new file.
 */
export const figuresFileSchema = z.strictObject({
  about: z.string().optional(),
  provenance: z.record(z.string(), z.unknown()).optional(),
  sources: z.array(z.unknown()).default([]),
  partners: z.array(z.unknown()).default([]),
  products: z.array(z.unknown()).default([]),
  figures: z.array(z.unknown()),
  remarks: z.array(z.unknown()).default([]),
});

export const productSchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** Its Harmonized System code, where known ("271121" for natural gas in gaseous state). */
  hs: z
    .string()
    .regex(/^\d{2,10}$/, 'must be digits of an HS code')
    .optional(),
});
export type Product = z.infer<typeof productSchema>;

const aliases = z.array(z.string().min(1));
export const regionSchema = z.strictObject({ id, name: z.string().min(1), aliases });
export const partnerSchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** Its region in the data, if any: a partner from an imported dataset may have none. */
  region: id.optional(),
  iso2: z.string().regex(/^[A-Z]{2}$/),
  iso3: z.string().regex(/^[A-Z]{3}$/),
  /** The UN M49 code Comtrade uses. */
  m49: z.number().int().positive().optional(),
  aliases: aliases.default([]),
});
export const partnersFileSchema = z.strictObject({
  regions: z.array(regionSchema).min(1),
  partners: z.array(partnerSchema).min(1),
});
export type Region = z.infer<typeof regionSchema>;
export type Partner = z.infer<typeof partnerSchema>;
