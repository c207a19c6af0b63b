import { z } from 'zod';
import { parseAmount } from './amount.js';

export const FLOWS = ['total', 'china-exports', 'china-imports'] as const;
export type Flow = (typeof FLOWS)[number];

export const REPORTERS = ['china', 'partner'] as const;
export type Reporter = (typeof REPORTERS)[number];

/** The hedges sources use; each keeps its word and is shown as ≈. */
export const QUALIFIERS = ['nearly', 'almost', 'about', 'just over', 'more than'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

const id = z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes');
const year = z.number().int('must be a whole year').min(1990, 'must be 1990 or later').max(2100, 'must be 2100 or earlier');

const amount = (positive: boolean) =>
  z.string().transform((text, ctx) => {
    const parsed = parseAmount(text);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: `must be written like "43.82 bn" or "61 m", not ${JSON.stringify(text)}` });
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
    source: id,
    quote: z.string().min(1).optional(),
  })
  .refine((c) => (c.percent === undefined) !== (c.usd === undefined), {
    message: 'give either percent or usd, not both or neither',
  });
export type ReportedChange = z.infer<typeof changeSchema>;

/** Whom a source attributes a figure to ("According to Oilprice, ..."): a name, since we have not seen that publication ourselves. */
const citedName = z.string().trim().min(1).max(40);

export const figureSchema = z
  .strictObject({
    partner: id,
    year,
    reporter: z.enum(REPORTERS),
    flow: z.enum(FLOWS),
    usd: amount(true),
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
  })
  .superRefine((f, ctx) => {
    // Most figures (all imported ones) have neither: nothing to check, nothing allocated.
    if (f.citing === undefined && f.quote === undefined && f.quoteSource === undefined) return;
    for (const source in f.citing) {
      const named = f.sources.includes(source) || f.change?.some((c) => c.source === source) || f.share?.source === source;
      if (!named)
        ctx.addIssue({ code: 'custom', path: ['citing', source], message: 'must be a source this figure, its changes or its share name' });
    }
    if (f.quoteSource !== undefined) {
      if (f.quote === undefined) ctx.addIssue({ code: 'custom', path: ['quoteSource'], message: 'is given, but there is no quote' });
      if (!f.sources.includes(f.quoteSource))
        ctx.addIssue({ code: 'custom', path: ['quoteSource'], message: 'must be one of the sources' });
    } else if (f.quote !== undefined && f.sources.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['quoteSource'],
        message: 'must say whose words the quote is, since the figure has more than one source',
      });
    }
  });
export type FigureRecord = z.infer<typeof figureSchema>;

export const remarkSchema = z.strictObject({ partner: id, source: id, text: z.string().min(1) });
export type Remark = z.infer<typeof remarkSchema>;

export const figuresFileSchema = z.strictObject({
  about: z.string().optional(),
  figures: z.array(z.unknown()),
  remarks: z.array(z.unknown()).default([]),
});

const aliases = z.array(z.string().min(1));
export const regionSchema = z.strictObject({ id, name: z.string().min(1), aliases });
export const partnerSchema = z.strictObject({
  id,
  name: z.string().min(1),
  region: id,
  iso2: z.string().regex(/^[A-Z]{2}$/),
  iso3: z.string().regex(/^[A-Z]{3}$/),
  aliases,
});
export const partnersFileSchema = z.strictObject({
  regions: z.array(regionSchema).min(1),
  partners: z.array(partnerSchema).min(1),
});
export type Region = z.infer<typeof regionSchema>;
export type Partner = z.infer<typeof partnerSchema>;
