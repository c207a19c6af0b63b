/**
 * A stretch of one calendar year, in whole months: a full year (1–12), January to month N
 * cumulative as China's customs publish (1–N), a half-year (1–6, 7–12) or one month (N–N).
 */
export interface Period {
  readonly year: number;
  readonly first: number;
  readonly last: number;
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** The months' full names, lowercase, as people type them. */
export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

export function fullYear(year: number): Period {
  return { year, first: 1, last: 12 };
}

export function isFullYear(p: Period): boolean {
  return p.first === 1 && p.last === 12;
}

/** The key a period is stored and compared by: "2025", "2025-03", "2025-01..10". */
export function periodKey(p: Period): string {
  const mm = (m: number) => String(m).padStart(2, '0');
  if (isFullYear(p)) return String(p.year);
  if (p.first === p.last) return `${p.year}-${mm(p.first)}`;
  return `${p.year}-${mm(p.first)}..${mm(p.last)}`;
}

/** How a reader writes it: "2025", "Mar 2025", "Jan–Oct 2025". */
export function periodLabel(p: Period): string {
  if (isFullYear(p)) return String(p.year);
  const first = MONTHS[p.first - 1]!;
  if (p.first === p.last) return `${first} ${p.year}`;
  return `${first}–${MONTHS[p.last - 1]!} ${p.year}`;
}

/** The same months of the year before: the only period a change may be measured on. */
export function previousPeriod(p: Period): Period {
  return { year: p.year - 1, first: p.first, last: p.last };
}

export function samePeriod(a: Period, b: Period): boolean {
  return a.year === b.year && a.first === b.first && a.last === b.last;
}

/** Whether `outer` covers every month of `inner` and more (Jan–Oct covers Jan–Jul). */
export function covers(outer: Period, inner: Period): boolean {
  return outer.year === inner.year && outer.first <= inner.first && outer.last >= inner.last && !samePeriod(outer, inner);
}

/** Oldest first; within a year, by the last month, then the longer stretch first. */
export function comparePeriods(a: Period, b: Period): number {
  return a.year - b.year || a.last - b.last || a.first - b.first;
}

function month(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (/^\d{1,2}$/.test(w)) {
    const n = Number(w);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  if (w.length < 3) return undefined;
  const at = MONTH_NAMES.findIndex((name) => name.startsWith(w) || (w === 'sept' && name === 'september'));
  return at < 0 ? undefined : at + 1;
}

function make(year: number, first: number | undefined, last: number | undefined): Period | undefined {
  if (first === undefined || last === undefined || first > last) return undefined;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return { year, first, last };
}

const DASH = '[-–—]';
const FORMS: readonly [RegExp, (m: RegExpExecArray) => Period | undefined][] = [
  [/^(\d{4})$/, (m) => make(Number(m[1]), 1, 12)],
  [/^(\d{4})-(\d{2})$/, (m) => make(Number(m[1]), month(m[2]!), month(m[2]!))],
  [/^(\d{4})-(\d{2})\.\.(\d{2})$/, (m) => make(Number(m[1]), month(m[2]!), month(m[3]!))],
  [/^(\d{4})[- ]?h([12])$/, (m) => (m[2] === '1' ? make(Number(m[1]), 1, 6) : make(Number(m[1]), 7, 12))],
  [/^h([12])[- ]?(\d{4})$/, (m) => (m[1] === '1' ? make(Number(m[2]), 1, 6) : make(Number(m[2]), 7, 12))],
  [new RegExp(`^([a-z]+\\.?)\\s*${DASH}\\s*([a-z]+\\.?),?\\s+(\\d{4})$`), (m) => make(Number(m[3]), month(m[1]!), month(m[2]!))],
  [/^([a-z]+\.?),?\s+(\d{4})$/, (m) => make(Number(m[2]), month(m[1]!), month(m[1]!))],
];

/**
 * Reads a period as people and sources write it, in any case: "2025", "Jan-Oct 2025",
 * "January–October 2025", "H1 2024", "2024-H1", "2025-01..10", "2025-03", "March 2025".
 */
export function parsePeriod(text: string): Period | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [pattern, build] of FORMS) {
    const m = pattern.exec(t);
    if (m) return build(m);
  }
  return undefined;
}

export const PERIOD_FORMS = '"2025", "Jan-Oct 2025", "H1 2024", "2025-01..10" or "2025-03"';
