import type { WrittenAmount } from '../model/amount.js';
import type { Qualifier } from '../model/schema.js';
import type { Ratio, Value } from '../model/value.js';

const MINUS = '−';

function sign(n: number, always: boolean): string {
  if (n < 0) return MINUS;
  return always && n > 0 ? '+' : '';
}

function group(text: string): string {
  const [int, frac] = text.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** The words a source hedged with, kept on the value: "nearly $2.5 bn", "just over $1 bn". */
const HEDGE_WORDS: Record<Qualifier, string> = {
  nearly: 'nearly',
  almost: 'almost',
  about: 'about',
  roughly: 'roughly',
  'just over': 'just over',
  over: 'over',
  'more than': 'more than',
};

/**
 * How a derived number may be shown, given the range its inputs allow: "about" the value, to the
 * leading digit of that range's width; as the range itself when it is wide against the value;
 * and not at all ("too close to call") when a signed range spans zero.
 */
export type Precision =
  | { readonly kind: 'point'; readonly value: number; readonly unit: number; readonly about: boolean }
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number; readonly unit: number }
  | { readonly kind: 'too-close' };

/** A range is shown as a range rather than "about" a point when its half-width exceeds this share of the value. */
const RANGE_SHARE = 0.15;

export function precisionOf(mid: number, lo: number, hi: number, signed: boolean): Precision {
  if (signed && lo <= 0 && hi >= 0 && !(lo === 0 && hi === 0)) return { kind: 'too-close' };
  const half = (hi - lo) / 2;
  if (!(half > 0)) return { kind: 'point', value: mid, unit: 0, about: false };
  // The epsilon keeps a width of exactly 1 (0.99999… in floating point) at its own digit.
  const unit = 10 ** Math.floor(Math.log10(2 * half) + 1e-9);
  if (half <= Math.abs(mid) * RANGE_SHARE) return { kind: 'point', value: mid, unit, about: true };
  const fine = unit / 10;
  return { kind: 'range', lo: Math.floor(lo / fine) * fine, hi: Math.ceil(hi / fine) * fine, unit: fine };
}

const decimalsFor = (unit: number, scale: number) => (unit > 0 ? Math.max(0, Math.round(-Math.log10(unit / scale))) : null);

/** Dollars at a unit: in billions from $1 bn, else millions; `unit` 0 means "as precise as 3 significant figures". */
function dollars(usd: number, unit: number): string {
  const abs = Math.abs(usd);
  // Arithmetic on a dataset's exact values is exact to the dollar: written out whole, not as "240.110000000 bn".
  if (unit > 0 && unit < EXACT_HALF_UNIT) return `$${group(Math.round(abs).toFixed(0))}`;
  const rounded = unit > 0 ? Math.round(abs / unit) * unit : abs;
  const scale = rounded >= 1e9 ? 1e9 : 1e6;
  const fixed = decimalsFor(unit, scale) ?? (rounded / scale >= 100 ? 0 : rounded / scale >= 10 ? 1 : 2);
  return `$${group((rounded / scale).toFixed(fixed))} ${scale === 1e9 ? 'bn' : 'm'}`;
}

function percentAt(percent: number, unit: number): string {
  const fixed = decimalsFor(unit, 1) ?? 1;
  const factor = unit > 0 ? unit : 10 ** -fixed;
  return `${group((Math.round(Math.abs(percent) / factor) * factor).toFixed(fixed))}%`;
}

export interface MoneyOptions {
  /** Show + on positive amounts (changes, balances). */
  readonly signed?: boolean;
  /** The size alone, for text that says the direction in words ("Turkmenistan's surplus of $8.6 bn"). */
  readonly magnitude?: boolean;
}

/** What the reader is told when a derived change or balance could be either sign. */
export const TOO_CLOSE = 'too close to call';

/**
 * A dollar figure as a reader may quote it. Reported: with exactly the digits its source wrote
 * and its hedge word ("$43.82 bn", "nearly $2.5 bn", "$28 bn"). Derived: only to the digits its
 * inputs support ("about $12 bn", "$2.9–3.1 bn", "too close to call").
 */
export function formatUsd(amount: Value | number, options: MoneyOptions = {}): string {
  if (typeof amount === 'number') return `${options.magnitude ? '' : sign(amount, options.signed ?? false)}${dollars(amount, 0)}`;
  if (amount.provenance === 'reported') return formatUsdAsWritten(amount, options);
  const signed = options.signed === true || (options.magnitude !== true && amount.lo < 0 && amount.hi > 0);
  const shown = precisionOf(amount.usd, amount.lo, amount.hi, signed || options.magnitude === true);
  const s = (n: number) => (options.magnitude ? '' : sign(n, options.signed ?? false));
  switch (shown.kind) {
    case 'too-close':
      return TOO_CLOSE;
    case 'point':
      // A sum of exact dataset values is exact: no "about" for a range of a dollar.
      return `${shown.about && shown.unit >= EXACT_HALF_UNIT ? 'about ' : ''}${s(shown.value)}${dollars(shown.value, shown.unit)}`;
    case 'range': {
      const [lo, hi] = options.magnitude && shown.hi < 0 ? [-shown.hi, -shown.lo] : [shown.lo, shown.hi];
      return `${s(lo)}${dollars(lo, shown.unit)} to ${s(hi)}${dollars(hi, shown.unit)}`;
    }
  }
}

/** Below this rounding a source gave dollars, not millions: the whole number is what it wrote. */
const EXACT_HALF_UNIT = 1000;

/** An amount exactly as its source wrote it ("$43.82 bn"), with its hedge word. */
export function formatUsdAsWritten(value: Value, options: MoneyOptions = {}): string {
  const abs = Math.abs(value.usd);
  const scale = abs >= 1e9 ? 1e9 : 1e6;
  // A dataset's exact value (UN Comtrade's 15338541000) is written out in dollars, as given.
  const exact = value.halfUnit !== undefined && value.halfUnit < EXACT_HALF_UNIT;
  const decimals = value.halfUnit !== undefined ? Math.max(0, Math.round(-Math.log10((value.halfUnit * 2) / scale))) : null;
  const body =
    decimals === null
      ? dollars(value.usd, 0)
      : exact
        ? `$${group(abs.toFixed(Math.max(0, Math.round(-Math.log10(value.halfUnit * 2)))))}`
        : `$${group((abs / scale).toFixed(decimals))} ${scale === 1e9 ? 'bn' : 'm'}`;
  const hedge = value.qualifier ? `${HEDGE_WORDS[value.qualifier]} ` : '';
  return `${hedge}${options.magnitude ? '' : sign(value.usd, options.signed ?? false)}${body}`;
}

/** An amount in yuan exactly as GACC wrote it: "674.15 bn yuan", "about 3 bn yuan". Never converted. */
export function formatYuan(amount: WrittenAmount, qualifier: Qualifier | undefined): string {
  const abs = Math.abs(amount.usd);
  const scale = abs >= 1e9 ? 1e9 : 1e6;
  const decimals = Math.max(0, Math.round(-Math.log10((amount.halfUnit * 2) / scale)));
  const hedge = qualifier ? `${HEDGE_WORDS[qualifier]} ` : '';
  return `${hedge}${sign(amount.usd, false)}${group((abs / scale).toFixed(decimals))} ${scale === 1e9 ? 'bn' : 'm'} yuan`;
}

/** A percentage as a source stated it: "+43%", "+28.8%", "about +15%", "nearly +7%". */
export function formatStatedPercent(percent: number, qualifier: Qualifier | undefined): string {
  const body = `${sign(percent, true)}${group(String(Math.abs(percent)))}%`;
  return qualifier ? `${HEDGE_WORDS[qualifier]} ${body}` : body;
}

function formatRatioPercent(percent: number, lo: number, hi: number, signed: boolean): string {
  const shown = precisionOf(percent, lo, hi, signed);
  const s = (n: number) => sign(n, signed);
  switch (shown.kind) {
    case 'too-close':
      return TOO_CLOSE;
    case 'point':
      return `${shown.about ? 'about ' : ''}${s(shown.value)}${percentAt(shown.value, shown.unit)}`;
    case 'range':
      return `${s(shown.lo)}${percentAt(shown.lo, shown.unit)} to ${s(shown.hi)}${percentAt(shown.hi, shown.unit)}`;
  }
}

/** A share of a whole, to the digits its inputs support: "46%", "about 24.0%". */
export function formatShare(share: Ratio): string {
  return formatRatioPercent(share.value * 100, share.lo * 100, share.hi * 100, false);
}

/** A computed change, to the digits its inputs support: "+7%", "about +3,400%", "too close to call". */
export function formatGrowth(growth: Ratio): string {
  return formatRatioPercent(growth.value, growth.lo, growth.hi, true);
}
