/**
 * The fast path for figure records: a hand-written check of the shapes that make up nearly every
 * record at scale (an imported dataset's figures, a curated year's plain flows), building exactly
 * the object figureSchema would build (same fields in the same order, the same Period and
 * WrittenAmount values) without zod. Anything it does not accept exactly (a record with a change,
 * a quote, yuan, a bad value, an unknown field) goes to figureSchema.safeParse, so a bad record
 * still gets zod's message, field by field.
 *
 * One parser per load: its caches (periods, ids, agencies and source lists repeat across 10^6
 * records) live as long as that load and no longer.
 */
import type { z } from 'zod';
import { parseAmount, type WrittenAmount } from './amount.js';
import { MAX_YEAR, MIN_YEAR, fullYear, parsePeriod, type Period } from './period.js';
import { FLOWS, QUALIFIERS, VALUATIONS, figureSchema, type FigureRecord, type Reporter, type YuanRecord } from './schema.js';

export type ParsedFigure = FigureRecord | YuanRecord;
export type FigureResult =
  { readonly success: true; readonly data: ParsedFigure } | { readonly success: false; readonly error: z.ZodError };

const ID = /^[a-z0-9-]+$/;
const DIGITS = /^[0-9]+$/;
/** The value of `list` that `text` is, if any: the schema's own lists, so the two checks cannot drift apart. */
const memberOf =
  <T extends string>(list: readonly T[]) =>
  (text: unknown): T | undefined =>
    list.find((item) => item === text);
// A figure whose reporter is not stated needs its statedBy checked: zod does that.
const REPORTER = memberOf(['china', 'partner'] as const satisfies readonly Reporter[]);
const FLOW = memberOf(FLOWS);
const VALUATION = memberOf(VALUATIONS);
const QUALIFIER = memberOf(QUALIFIERS);

export interface FigureParser {
  /** figureSchema.safeParse's result for `raw`, through the fast check where it accepts the record. */
  parse(raw: unknown): FigureResult;
  /** How many records took the fast path and how many went to zod (for the bench and the tests). */
  readonly counts: { fast: number; zod: number };
}

/** A parser for one load; `fast: false` sends every record to zod (the tests compare the two). */
export function createFigureParser(options: { readonly fast?: boolean } = {}): FigureParser {
  const periods = new Map<string, Period | null>();
  const ids = new Set<string>();
  const agencies = new Set<string>();
  /** A source list, interned by its ids: 10^6 figures naming ['comtrade'] share one array. */
  const sourceLists = new Map<string, readonly string[]>();
  const counts = { fast: 0, zod: 0 };

  const isId = (value: unknown): value is string => {
    if (typeof value !== 'string') return false;
    if (ids.has(value)) return true;
    if (!ID.test(value)) return false;
    ids.add(value);
    return true;
  };

  const periodOf = (text: string): Period | undefined => {
    let found = periods.get(text);
    if (found === undefined) {
      found = parsePeriod(text) ?? null;
      periods.set(text, found);
    }
    return found ?? undefined;
  };

  const amountOf = (text: string): WrittenAmount | undefined => {
    // A dataset's exact dollars ("15338541000"): what parseAmount gives for plain digits, without its regex and split.
    if (text.length > 0 && text.length <= 15 && DIGITS.test(text)) return { usd: Number(text), halfUnit: 0.5 };
    return parseAmount(text);
  };

  const sourcesOf = (value: unknown): readonly string[] | undefined => {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    let key = '';
    for (let i = 0; i < value.length; i++) {
      const s: unknown = value[i];
      if (!isId(s)) return undefined;
      key = i === 0 ? s : `${key} ${s}`;
    }
    let list = sourceLists.get(key);
    if (!list) sourceLists.set(key, (list = value.slice() as string[]));
    return list;
  };

  /** The parsed figure, or undefined for anything the fast path does not take. */
  function fast(raw: unknown): ParsedFigure | undefined {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    if (Object.getPrototypeOf(raw) !== Object.prototype) return undefined;
    const r = raw as Record<string, unknown>;
    for (const key in r) {
      switch (key) {
        case 'partner':
        case 'year':
        case 'period':
        case 'reporter':
        case 'agency':
        case 'flow':
        case 'product':
        case 'usd':
        case 'valuation':
        case 'qualifier':
        case 'sources':
          break;
        default:
          return undefined; // cny, change, quote, statedBy, a typo: zod's to judge
      }
    }
    const { partner, year, period, reporter: reporterText, agency, flow: flowText, product, usd: usdText, valuation, qualifier } = r;
    if (!isId(partner)) return undefined;
    let when: Period | undefined;
    if (period !== undefined) {
      if (year !== undefined || typeof period !== 'string') return undefined;
      when = periodOf(period);
    } else if (typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR) {
      when = periods.get(`year ${year}`) ?? undefined;
      if (!when) periods.set(`year ${year}`, (when = fullYear(year)));
    }
    if (!when) return undefined;
    const reporter = REPORTER(reporterText);
    if (reporter === undefined) return undefined;
    if (agency !== undefined) {
      if (reporter !== 'partner' || typeof agency !== 'string') return undefined;
      if (!agencies.has(agency)) {
        // zod trims, then checks the length: only an agency already trimmed is taken as it is.
        if (agency.length < 1 || agency.length > 120 || agency.trim() !== agency) return undefined;
        agencies.add(agency);
      }
    }
    const flow = FLOW(flowText);
    if (flow === undefined) return undefined;
    if (product !== undefined && !isId(product)) return undefined;
    if (typeof usdText !== 'string') return undefined;
    const usd = amountOf(usdText);
    if (!usd || !(usd.usd > 0)) return undefined;
    if (valuation !== undefined && VALUATION(valuation) === undefined) return undefined;
    if (qualifier !== undefined && QUALIFIER(qualifier) === undefined) return undefined;
    const sources = sourcesOf(r.sources);
    if (!sources) return undefined;
    // The keys in the order zod's output has them: the schema's, then the transform's period, currency, usd.
    const out: Record<string, unknown> = { partner, reporter };
    if (agency !== undefined) out.agency = agency;
    out.flow = flow;
    if (product !== undefined) out.product = product;
    if (valuation !== undefined) out.valuation = valuation;
    if (qualifier !== undefined) out.qualifier = qualifier;
    out.sources = sources;
    out.period = when;
    out.currency = 'USD';
    out.usd = usd;
    return out as unknown as FigureRecord;
  }

  return {
    counts,
    parse(raw) {
      if (options.fast !== false) {
        const data = fast(raw);
        if (data) {
          counts.fast++;
          return { success: true, data };
        }
      }
      counts.zod++;
      return figureSchema.safeParse(raw);
    },
  };
}
