/**
 * Which rows are the aggregate: Comtrade repeats a partner in rows broken down by second
 * partner, customs procedure and mode of transport, beside the row that holds them all. Only
 * that row is kept; the breakdown rows are parts of it and are never added to it.
 */
import type { ComtradeRow } from './row.js';

/** True for the all-in row: no second partner (0), all customs procedures (C00), all modes of transport (0). */
export function isAggregateRow(row: Pick<ComtradeRow, 'partner2Code' | 'customsCode' | 'motCode'>): boolean {
  return (
    (row.partner2Code === '' || row.partner2Code === '0') &&
    (row.customsCode === '' || row.customsCode === 'C00') &&
    (row.motCode === '' || row.motCode === '0')
  );
}

export interface Product {
  readonly hs: string;
  readonly name: string;
}

export type Commodity = { readonly total: true } | { readonly product: Product } | { readonly other: true };

/**
 * TOTAL is the flow itself (no product); an HS chapter, heading or subheading (aggregate level
 * 2, 4 or 6) is a product. Anything else (another classification, a national 8-digit line) is not kept.
 */
export function commodityOf(row: Pick<ComtradeRow, 'classification' | 'cmdCode' | 'cmdDesc' | 'aggrLevel'>): Commodity {
  if (row.cmdCode.toUpperCase() === 'TOTAL') return { total: true };
  if (row.classification !== '' && !/^H[S0-9]/i.test(row.classification)) return { other: true };
  const level = row.aggrLevel === '' ? row.cmdCode.length : Number(row.aggrLevel);
  if ((level === 2 || level === 4 || level === 6) && row.cmdCode.length === level && /^\d+$/.test(row.cmdCode)) {
    return { product: { hs: row.cmdCode, name: row.cmdDesc } };
  }
  return { other: true };
}
