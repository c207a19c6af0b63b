/**
 * From a Comtrade row to one of China's figures, seen from China's side; or why the row is not
 * kept. China reporting imports from Kazakhstan is China's imports as China reports them;
 * Kazakhstan reporting imports from China is China's exports as Kazakhstan reports them (the mirror).
 */
import { commodityOf, isAggregateRow, type Product } from './aggregate.js';
import { resolvePlace, type Country } from './countries.js';
import type { CellProblem, ComtradeRow } from './row.js';

export const SKIP = {
  reExports: 're-exports and re-imports',
  otherFlows: 'other flows',
  breakdown: 'breakdown rows',
  notChina: "not China's trade",
  notCountry: 'world and areas',
  former: 'former countries',
  otherCommodities: 'other commodities',
  duplicates: 'duplicates',
} as const;
export type SkipReason = (typeof SKIP)[keyof typeof SKIP];

/** What each reason means, for the summary ("breakdown rows ...: 4"). */
export const SKIP_MEANING: Readonly<Record<SkipReason, string>> = {
  [SKIP.reExports]: 're-exports and re-imports (kept apart, never added in)',
  [SKIP.otherFlows]: 'other flows (processing, transit, domestic exports and the like)',
  [SKIP.breakdown]:
    'rows broken down by second partner, customs procedure or mode of transport (parts of an aggregate row, never added to it)',
  [SKIP.notChina]: "rows not of China's trade",
  [SKIP.notCountry]: 'rows of China with the world or an area that is not a country',
  [SKIP.former]: 'rows of China with a country that no longer exists (USSR, Yugoslavia...), which has no ISO code to file it under',
  [SKIP.otherCommodities]: 'rows of neither TOTAL nor an HS chapter, heading or subheading',
  [SKIP.duplicates]: 'exact repeats of a row already read',
};

export interface Draft {
  readonly country: Country;
  readonly period: string;
  readonly reporter: 'china' | 'partner';
  readonly flow: 'china-imports' | 'china-exports';
  readonly product?: Product;
  readonly usd: string;
  readonly valuation: 'CIF' | 'FOB';
}

export type Selected = { readonly draft: Draft } | { readonly skip: SkipReason } | { readonly problem: CellProblem };

export function selectFigure(row: ComtradeRow, columns: { reporter: string; partner: string }): Selected {
  if (row.flow === 're-export' || row.flow === 're-import') return { skip: SKIP.reExports };
  if (row.flow === 'other') return { skip: SKIP.otherFlows };
  if (!isAggregateRow(row)) return { skip: SKIP.breakdown };

  const reporter = resolvePlace(row.reporter);
  const partner = resolvePlace(row.partner);
  const chinaReports = reporter.kind === 'china';
  if (!chinaReports && partner.kind !== 'china') return { skip: SKIP.notChina };
  if (chinaReports && partner.kind === 'china') return { skip: SKIP.notCountry };
  const other = chinaReports ? partner : reporter;
  if (other.kind === 'area') return { skip: SKIP.notCountry };
  if (other.kind === 'former') return { skip: SKIP.former };
  if (other.kind === 'unknown') {
    const place = chinaReports ? row.partner : row.reporter;
    return {
      problem: {
        column: chinaReports ? columns.partner : columns.reporter,
        message: `unknown country code ${place.code}${place.iso ? ` (${place.iso}` + (place.desc ? `, ${place.desc})` : ')') : ''}`,
      },
    };
  }
  if (other.kind !== 'country') return { skip: SKIP.notChina };

  const commodity = commodityOf(row);
  if ('other' in commodity) return { skip: SKIP.otherCommodities };

  const imports = row.flow === 'import';
  return {
    draft: {
      country: other.country,
      period: row.period,
      reporter: chinaReports ? 'china' : 'partner',
      // The partner's imports from China are China's exports, and the other way round.
      flow: chinaReports === imports ? 'china-imports' : 'china-exports',
      ...('product' in commodity ? { product: commodity.product } : {}),
      usd: row.usd,
      valuation: imports ? 'CIF' : 'FOB',
    },
  };
}
