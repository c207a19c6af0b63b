/**
 * Values and periods as Comtrade writes them, checked and put in the form the data files use:
 * dollars as an exact string of digits, periods as "2023" or "2023-03".
 */

export type Parsed<T> = { readonly ok: T } | { readonly problem: string };

const NUMBER = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * An exact dollar value from a Comtrade cell: "15338541000", "1234567.5", "1.5E+10" (some
 * spreadsheets write that), always as plain digits, never through a float, so no digit is lost.
 */
export function parseUsd(text: string): Parsed<string> {
  const cell = text.trim();
  if (cell === '') return { problem: 'no value' };
  if (cell.startsWith('-')) return { problem: `value "${cell}" is negative` };
  const match = NUMBER.exec(cell);
  const [, whole = '', fraction = '', exponent] = match ?? [];
  if (!match || whole + fraction === '') return { problem: `value "${cell}" is not a number` };
  let digits = whole + fraction;
  let point = whole.length + (exponent === undefined ? 0 : Number(exponent));
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fracPart = digits.slice(point).replace(/0+$/, '');
  return { ok: fracPart === '' ? intPart : `${intPart}.${fracPart}` };
}

/** "2023" or "202303" to "2023" / "2023-03"; `freq` is "A", "M", or undefined (tell by the length). */
export function parsePeriod(text: string, freq: string | undefined): Parsed<string> {
  const cell = text.trim();
  const annual = /^(\d{4})$/.exec(cell);
  const monthly = /^(\d{4})(\d{2})$/.exec(cell);
  if (freq !== undefined && freq !== 'A' && freq !== 'M') return { problem: `frequency "${freq}" is neither A (annual) nor M (monthly)` };
  if (annual && freq !== 'M') return { ok: annual[1]! };
  if (monthly && freq !== 'A') {
    const month = Number(monthly[2]);
    if (month >= 1 && month <= 12) return { ok: `${monthly[1]}-${monthly[2]}` };
  }
  const expected = freq === 'A' ? 'YYYY' : freq === 'M' ? 'YYYYMM' : 'YYYY or YYYYMM';
  return { problem: `period "${cell}" does not parse (expected ${expected})` };
}
