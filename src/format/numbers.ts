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

/** Decimals in billions: three significant figures, no more precision than the source wrote, at least one. */
function billionDecimals(abs: number, value: Value | undefined): number {
  const bn = abs / 1e9;
  let decimals = bn >= 10 ? 1 : 2;
  if (value?.halfUnit !== undefined) {
    const written = Math.max(0, Math.round(-Math.log10((value.halfUnit * 2) / 1e9)));
    decimals = Math.min(decimals, written);
  } else if (value && (value.hi - value.lo) / 2 >= 0.01e9) {
    decimals = Math.min(decimals, 1);
  }
  return Math.max(1, decimals);
}

export interface MoneyOptions {
  /** Show + on positive amounts (changes, balances). */
  readonly signed?: boolean;
  /** Leave out the ≈ that marks a hedged or hedge-derived figure. */
  readonly bare?: boolean;
  /** The size alone, for text that says the direction in words ("Turkmenistan's surplus of $8.6 bn"). */
  readonly magnitude?: boolean;
}

/** "$43.8 bn", "$61 m", "≈ $2.5 bn", "+$2.8 bn", "−$260 m". */
export function formatUsd(amount: Value | number, options: MoneyOptions = {}): string {
  const value = typeof amount === 'number' ? undefined : amount;
  const usd = typeof amount === 'number' ? amount : amount.usd;
  const abs = Math.abs(usd);
  const approx = value?.qualifier !== undefined && !options.bare ? '≈ ' : '';
  const s = options.magnitude ? '' : sign(usd, options.signed ?? false);
  let body: string;
  if (abs >= 1e9) body = `${group((abs / 1e9).toFixed(billionDecimals(abs, value)))} bn`;
  else if (abs >= 10e6 || abs === 0) body = `${group((abs / 1e6).toFixed(0))} m`;
  else body = `${(abs / 1e6).toFixed(1)} m`;
  return `${approx}${s}$${body}`;
}

/** An amount exactly as its source wrote it ("$43.82 bn"), for notes that redo the source's arithmetic. */
export function formatUsdAsWritten(value: Value): string {
  if (value.halfUnit === undefined) return formatUsd(value);
  const unit = Math.abs(value.usd) >= 1e9 ? 1e9 : 1e6;
  const decimals = Math.max(0, Math.round(-Math.log10((value.halfUnit * 2) / unit)));
  const word = unit === 1e9 ? 'bn' : 'm';
  const approx = value.qualifier ? '≈ ' : '';
  return `${approx}${sign(value.usd, false)}$${group((Math.abs(value.usd) / unit).toFixed(decimals))} ${word}`;
}

/** "+6.0%", "−1.6%", "+3,400%": computed percentages. */
export function formatPercent(percent: number, options: { signed?: boolean; decimals?: number } = {}): string {
  const abs = Math.abs(percent);
  const decimals = options.decimals ?? (abs >= 100 ? 0 : 1);
  return `${sign(Number(abs.toFixed(decimals)) === 0 ? 0 : percent, options.signed ?? true)}${group(abs.toFixed(decimals))}%`;
}

/** A percentage as a source stated it: "+43%", "+28.8%", "≈ +7%". */
export function formatStatedPercent(percent: number, hedged: boolean): string {
  const body = `${sign(percent, true)}${group(String(Math.abs(percent)))}%`;
  return hedged ? `≈ ${body}` : body;
}

/** A share of a whole: "46.2%". */
export function formatShare(share: Ratio): string {
  return `${share.approximate ? '≈ ' : ''}${formatPercent(share.value * 100, { signed: false })}`;
}

/** A computed change: "+6.9%" (≈ when an input was hedged). */
export function formatGrowth(growth: Ratio): string {
  return `${growth.approximate ? '≈ ' : ''}${formatPercent(growth.value)}`;
}
