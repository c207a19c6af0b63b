/**
 * A dollar amount as a source wrote it: the value, and the precision it was given with, so the
 * bot can tell rounding from a real disagreement and never shows more precision than it has.
 */
export interface WrittenAmount {
  readonly usd: number;
  /** Half a unit of the last digit written: "43.82 bn" is exact to within ±$5 m. */
  readonly halfUnit: number;
}

const UNIT = { bn: 1e9, m: 1e6 } as const;
const AMOUNT = /^([+-]?)(\d+(?:\.\d+)?)(?: (bn|m))?$/;

/**
 * Parses "43.82 bn", "61 m", "+2.8 bn", "-260 m", and a plain number of units ("15338541000", as
 * datasets give exact values); undefined for anything else.
 */
export function parseAmount(text: string): WrittenAmount | undefined {
  const match = AMOUNT.exec(text.trim());
  if (!match) return undefined;
  const [, sign, digits, unit] = match as unknown as [string, string, string, keyof typeof UNIT | undefined];
  const decimals = digits.split('.')[1]?.length ?? 0;
  const scale = unit === undefined ? 1 : UNIT[unit];
  const magnitude = Number(digits) * scale;
  return { usd: sign === '-' ? -magnitude : magnitude, halfUnit: (scale * 10 ** -decimals) / 2 };
}
