/**
 * Every figure of data/sources/FIGURES-2025.md (a copy of the list the 2025 figures were entered
 * from) is in data/ as published: its value and precision, its hedge, its period, whose
 * statistics it is, its direction, its product, its currency, its change and every source that
 * printed it. The tables are parsed; the cells that hold more than one figure, or say which of the
 * row's sources wrote a figure which way, are spelled out below by their exact text, so that a
 * cell nobody has read fails the test instead of being skipped.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/model/loadFiles.js';
import { fullYear, parsePeriod, periodKey, periodLabel, previousPeriod, samePeriod, type Period } from '../../src/model/period.js';
import { QUALIFIERS, type Flow, type Qualifier, type Reporter } from '../../src/model/schema.js';

const LIST = 'data/sources/FIGURES-2025.md';
const text = readFileSync(LIST, 'utf8');
const dataset = await loadDataset('data');
const NAMES = new Map([...dataset.regions, ...dataset.partners].map((p) => [p.id, p.name]));

/** The list's publication letters, and the ids they have in data/sources.json. */
const SOURCE_IDS: Readonly<Record<string, string>> = {
  G: 'globaltimes-2026-01',
  H: 'cgtn-khabar-2026-01',
  H2: 'globaltimes-2025-06',
  J: 'caspianpost-data-questions',
  K: 'caliber-2026',
  L: 'caspianpost-boom',
  M: 'report-az-2026-03',
  N: 'intellinews-2025-11',
  P: 'trend-2025-12',
  Q: 'newsaz-2025-09',
  R: 'timesca-2024',
  S: 'eurasianet-2023-07',
  T: 'newscentralasia-2023-01',
  U: 'trend-2023-10',
  V: 'fergana-2026',
};

const sourceId = (letter: string): string => {
  const id = SOURCE_IDS[letter];
  if (id === undefined) throw new Error(`${LIST}: no source id for the letter ${letter}`);
  return id;
};

// ---------------------------------------------------------------------------------------------
// Reading the list

interface Table {
  readonly heading: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

function tables(markdown: string): Table[] {
  const found: Table[] = [];
  let heading = '';
  let block: string[][] = [];
  const flush = () => {
    if (block.length > 0) {
      const [header, , ...rows] = block;
      found.push({ heading, header: header!, rows });
    }
    block = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) heading = line.slice(3).trim();
    if (line.startsWith('|')) {
      block.push(
        line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    } else flush();
  }
  flush();
  return found;
}

/** An amount as written: its value in units of the currency, and half a unit of its last digit. */
interface Written {
  readonly value: number;
  readonly halfUnit: number;
  readonly token: string;
}

const AMOUNT = /(\d+(?:\.\d+)?)\s?(bn|billion|m|million)\b/;
const SCALE: Readonly<Record<string, number>> = { bn: 1e9, billion: 1e9, m: 1e6, million: 1e6 };

function written(cell: string): Written {
  const m = AMOUNT.exec(cell);
  if (!m) throw new Error(`no amount in ${JSON.stringify(cell)}`);
  const [, digits, unit] = m as unknown as [string, string, string];
  const scale = SCALE[unit]!;
  const decimals = digits.split('.')[1]?.length ?? 0;
  return { value: Number(digits) * scale, halfUnit: (scale * 10 ** -decimals) / 2, token: digits };
}

const PERCENT = /([+−-])(\d+(?:\.\d+)?)%/;

function percentIn(cell: string): { percent: number; token: string } | undefined {
  const m = PERCENT.exec(cell);
  if (!m) return undefined;
  const [, sign, digits] = m as unknown as [string, string, string];
  return { percent: (sign === '+' ? 1 : -1) * Number(digits), token: digits };
}

/** The hedge a cell opens with, quoted or not: `"about $26.4 billion"`, `"about" $773 m`. */
function hedgeIn(cell: string): Qualifier | undefined {
  const words = [...QUALIFIERS].sort((a, b) => b.length - a.length);
  return words.find((q) => cell.startsWith(`"${q} `) || cell.startsWith(`"${q}"`) || cell.startsWith(`${q} `));
}

const numbersIn = (cell: string): string[] => cell.match(/\d+(?:\.\d+)?/g) ?? [];

// ---------------------------------------------------------------------------------------------
// What the data must hold

/** Which record: the loader allows one per partner, period, reporter, flow, product and currency. */
interface Key {
  readonly partner: string;
  readonly period: Period;
  readonly reporter: Reporter;
  /** For the partner's statistics: the agency, as the list names it. */
  readonly agency?: string;
  /** For a reporter not stated: who stated it, as the list names them. */
  readonly statedBy?: string;
  readonly flow: Flow;
  readonly product?: string;
  readonly currency: 'USD' | 'CNY';
}

type Check =
  | { readonly kind: 'figure'; readonly amount: Written; readonly qualifier?: Qualifier; readonly quote?: string }
  | { readonly kind: 'alternative'; readonly amount: Written; readonly qualifier?: Qualifier; readonly quote?: string }
  | { readonly kind: 'change'; readonly percent: number }
  | { readonly kind: 'quote'; readonly quote: string };

interface Expected {
  readonly says: string;
  readonly key: Key;
  readonly check: Check;
  /** Publication letters: every one must be named. */
  readonly sources: readonly string[];
  /** Letters of the row that wrote the figure another way: they must not be among its sources. */
  readonly notSources: readonly string[];
  /** The numbers of the list this accounts for. */
  readonly tokens: readonly string[];
}

/** What a cell says, before the row gives it a partner, period and reporter. */
interface CellFigure {
  readonly check: Check;
  /** The letters that wrote it, where the cell says; otherwise the row's. */
  readonly sources?: readonly string[];
  readonly product?: string;
  readonly currency?: 'USD' | 'CNY';
  readonly tokens: readonly string[];
}

const figure = (amount: string, qualifier?: Qualifier, quote?: string): Check => ({
  kind: 'figure',
  amount: written(amount),
  qualifier,
  quote,
});
const alternative = (amount: string, qualifier?: Qualifier, quote?: string): Check => ({
  kind: 'alternative',
  amount: written(amount),
  qualifier,
  quote,
});
const change = (percent: number): Check => ({ kind: 'change', percent });

/**
 * The cells that hold more than one figure or split the row's sources, read by hand, by their
 * exact text. The parser refuses any other cell that names a source letter or holds two amounts.
 */
const SPELLED_OUT: Readonly<Record<string, readonly CellFigure[]>> = {
  '$71.2 bn (+11%) in G, H; $71.3 bn in J': [
    { check: figure('71.2 bn'), sources: ['G', 'H'], tokens: ['71.2'] },
    { check: change(11), sources: ['G', 'H'], tokens: ['11'] },
    { check: alternative('71.3 bn'), sources: ['J'], tokens: ['71.3'] },
  ],
  '$48.7 bn (K: "over $48.6 billion")': [
    { check: figure('48.7 bn'), sources: ['J'], tokens: ['48.7'] },
    { check: alternative('48.6 bn', 'over', 'over $48.6 billion'), sources: ['K'], tokens: ['48.6'] },
  ],
  '$29.7 bn (J: "Kazakh imports")': [{ check: figure('29.7 bn'), tokens: ['29.7'] }],
  '$19 bn (J: "exports")': [{ check: figure('19 bn'), tokens: ['19'] }],
  '$27.2 bn (K: "roughly")': [
    { check: figure('27.2 bn'), sources: ['J'], tokens: ['27.2'] },
    { check: alternative('27.2 bn', 'roughly'), sources: ['K'], tokens: ['27.2'] },
  ],
  '$22 bn (J: "Kyrgyz imports"; "more than $22 billion")': [
    { check: figure('22 bn'), sources: ['K'], tokens: ['22'] },
    { check: alternative('22 bn', 'more than', 'more than $22 billion'), sources: ['J'], tokens: ['22'] },
  ],
  '$4.3 bn (L: "about")': [
    { check: figure('4.3 bn'), sources: ['K'], tokens: ['4.3'] },
    { check: alternative('4.3 bn', 'about'), sources: ['L'], tokens: ['4.3'] },
  ],
  '$17.2 bn ("around $1 billion higher" than China\'s figure)': [
    { check: figure('17.2 bn'), tokens: ['17.2'] },
    { check: { kind: 'quote', quote: 'around $1 billion higher' }, tokens: ['1'] },
  ],
  '286.42 bn yuan ($39.93 bn), +10.4%': [
    { check: figure('286.42 bn'), currency: 'CNY', tokens: ['286.42'] },
    { check: change(10.4), currency: 'CNY', tokens: ['10.4'] },
    { check: figure('39.93 bn'), tokens: ['39.93'] },
  ],
  '$5.076 bn (of which gas $5.058 bn)': [
    { check: figure('5.076 bn'), tokens: ['5.076'] },
    { check: figure('5.058 bn'), product: 'pipeline-gas', tokens: ['5.058'] },
  ],
};

/** A cell with one figure: an amount, maybe hedged or quoted, maybe in yuan, maybe with its change. */
function readCell(cell: string): CellFigure[] {
  if (cell === '') return [];
  const spelled = SPELLED_OUT[cell];
  if (spelled) return [...spelled];
  if (/\b[A-Z]\d?:/.test(cell) || (cell.match(/\d+(?:\.\d+)?\s?(bn|billion|m|million)\b/g) ?? []).length !== 1)
    throw new Error(`${LIST}: the cell ${JSON.stringify(cell)} must be spelled out in SPELLED_OUT`);
  const amount = written(cell);
  const quoted = /"([^"]*\d[^"]*)"/.exec(cell)?.[1];
  const out: CellFigure[] = [
    {
      check: { kind: 'figure', amount, qualifier: hedgeIn(cell), quote: quoted },
      currency: /\byuan\b/.test(cell) ? 'CNY' : 'USD',
      tokens: [amount.token],
    },
  ];
  const pc = percentIn(cell);
  if (pc) out.push({ check: change(pc.percent), tokens: [pc.token] });
  return out;
}

function reporterOf(cell: string): Pick<Key, 'reporter' | 'agency' | 'statedBy'> {
  if (cell === 'GACC' || cell.startsWith('GACC (')) return { reporter: 'china' };
  const notStated = /^not stated \((.+)\)$/.exec(cell);
  if (notStated) return { reporter: 'not-stated', statedBy: notStated[1]! };
  return { reporter: 'partner', agency: cell };
}

const partnerOf = (cell: string): string => (cell === 'Central Asia (5)' ? 'central-asia' : cell.toLowerCase());
const lettersOf = (cell: string): string[] => cell.split(/,\s*/).filter((l) => l !== '');

const FLOW_COLUMNS: Readonly<Record<string, Flow>> = {
  total: 'total',
  "China's exports": 'china-exports',
  "China's imports": 'china-imports',
};

const FLOW_WORDS: Readonly<Record<Flow, string>> = {
  total: 'total trade',
  'china-exports': "China's exports",
  'china-imports': "China's imports",
};

function describeKey(key: Key): string {
  const whose =
    key.reporter === 'china'
      ? "China's customs"
      : key.reporter === 'partner'
        ? (key.agency ?? 'the partner')
        : `${key.statedBy} (reporter not stated)`;
  const what = key.product ? `${key.product} in China's imports` : FLOW_WORDS[key.flow];
  return `${NAMES.get(key.partner) ?? key.partner}, ${periodLabel(key.period)}: ${what}${key.currency === 'CNY' ? ' in yuan' : ''} according to ${whose}`;
}

function describeCheck(check: Check): string {
  const hedge = (q?: Qualifier) => (q ? `${q} ` : '');
  const amount = (w: Written) => `${w.token} ${w.value >= 1e9 ? 'bn' : 'm'}`;
  switch (check.kind) {
    case 'figure':
      return `is ${hedge(check.qualifier)}${amount(check.amount)}`;
    case 'alternative':
      return `is also written ${hedge(check.qualifier)}${amount(check.amount)}`;
    case 'change':
      return `changed ${check.percent > 0 ? '+' : ''}${check.percent}% on a year before`;
    case 'quote':
      return `is quoted as ${JSON.stringify(check.quote)}`;
  }
}

function expect_(key: Key, cellFigure: CellFigure, rowLetters: readonly string[]): Expected {
  const fullKey: Key = {
    ...key,
    ...(cellFigure.product ? { product: cellFigure.product, flow: 'china-imports' as const } : {}),
    currency: cellFigure.currency ?? key.currency,
  };
  const sources = cellFigure.sources ?? rowLetters;
  const wroteOtherwise = cellFigure.check.kind === 'figure' ? rowLetters.filter((l) => !sources.includes(l)) : [];
  return {
    says: `${describeKey(fullKey)} ${describeCheck(cellFigure.check)}, as printed in ${sources.join(', ')}`,
    key: fullKey,
    check: cellFigure.check,
    sources,
    notSources: wroteOtherwise,
    tokens: cellFigure.tokens,
  };
}

interface Row {
  readonly table: string;
  readonly cells: readonly string[];
  readonly expected: readonly Expected[];
  /** The numbers in the row's value cells (not its partner, period or letters). */
  readonly numbers: readonly string[];
}

function column(table: Table, name: string): number {
  const at = table.header.findIndex((h) => h === name || h.startsWith(name));
  if (at < 0) throw new Error(`${LIST}: the table "${table.heading}" has no column "${name}"`);
  return at;
}

/** The full year 2025 and the earlier years: a row per partner and reporter, a column per flow. */
function yearRows(table: Table, periodOf: (cells: readonly string[]) => Period): Row[] {
  const published = column(table, 'published in');
  const changeAt = column(table, 'change');
  return table.rows.map((cells) => {
    const letters = lettersOf(cells[published]!);
    const base = {
      partner: partnerOf(cells[column(table, 'partner')]!),
      period: periodOf(cells),
      ...reporterOf(cells[column(table, 'reporter')]!),
    };
    const expected: Expected[] = [];
    const numbers: string[] = [];
    for (const [name, flow] of Object.entries(FLOW_COLUMNS)) {
      const cell = cells[column(table, name)]!;
      numbers.push(...numbersIn(cell));
      for (const f of readCell(cell)) expected.push(expect_({ ...base, flow, currency: 'USD' }, f, letters));
    }
    const changeCell = cells[changeAt]!;
    numbers.push(...numbersIn(changeCell));
    const pc = percentIn(changeCell);
    if (pc) expected.push(expect_({ ...base, flow: 'total', currency: 'USD' }, { check: change(pc.percent), tokens: [pc.token] }, letters));
    return { table: table.heading, cells, expected, numbers };
  });
}

/** Parts of a year: as the full year, with a period column and the same period a year before. */
function partRows(table: Table): Row[] {
  const published = column(table, 'published in');
  const before = column(table, 'same period a year before');
  return table.rows.map((cells) => {
    const letters = lettersOf(cells[published]!);
    const period = parsePeriod(cells[column(table, 'period')]!);
    if (!period) throw new Error(`${LIST}: no period in ${cells.join(' | ')}`);
    const base = { partner: partnerOf(cells[column(table, 'partner')]!), period, ...reporterOf(cells[column(table, 'reporter')]!) };
    const expected: Expected[] = [];
    const numbers: string[] = [];
    for (const [name, flow] of Object.entries(FLOW_COLUMNS)) {
      const cell = cells[column(table, name)]!;
      numbers.push(...numbersIn(cell));
      for (const f of readCell(cell)) expected.push(expect_({ ...base, flow, currency: 'USD' }, f, letters));
    }
    const beforeCell = cells[before]!;
    numbers.push(...numbersIn(beforeCell));
    if (beforeCell !== '') {
      const previous = previousPeriod(period);
      const named = /\(([^)]*\d{4})\)/.exec(beforeCell)?.[1];
      const namedPeriod = named === undefined ? undefined : parsePeriod(named);
      if (named !== undefined && !(namedPeriod && samePeriod(namedPeriod, previous)))
        throw new Error(`${LIST}: ${JSON.stringify(beforeCell)} is not the same months a year before ${periodLabel(period)}`);
      const amount = written(beforeCell.replace(/\([^)]*\)/, ''));
      expected.push(
        expect_(
          { ...base, period: previous, flow: 'total', currency: 'USD' },
          { check: { kind: 'figure', amount }, tokens: [amount.token, ...(named ? numbersIn(named) : [])] },
          letters,
        ),
      );
    }
    return { table: table.heading, cells, expected, numbers };
  });
}

/** Products: a row per period, a column per partner, each cell pipeline gas in China's imports. */
function productRows(table: Table): Row[] {
  const published = column(table, 'published in');
  const partners = table.header.slice(1, published);
  return table.rows.map((cells) => {
    const letters = lettersOf(cells[published]!);
    const period = parsePeriod(cells[0]!);
    if (!period) throw new Error(`${LIST}: no period in ${cells.join(' | ')}`);
    const expected: Expected[] = [];
    const numbers: string[] = [];
    partners.forEach((name, i) => {
      const cell = cells[i + 1]!;
      numbers.push(...numbersIn(cell));
      const key: Key = {
        partner: partnerOf(name),
        period,
        reporter: 'china',
        flow: 'china-imports',
        product: 'pipeline-gas',
        currency: 'USD',
      };
      for (const f of readCell(cell)) expected.push(expect_(key, f, letters));
    });
    return { table: table.heading, cells, expected, numbers };
  });
}

const parsed = tables(text);
const tableTitled = (start: string): Table => {
  const t = parsed.find((x) => x.heading.startsWith(start));
  if (!t) throw new Error(`${LIST}: no table under a heading "${start}…"`);
  return t;
};

const rows: Row[] = [
  ...yearRows(tableTitled('Full year 2025'), () => fullYear(2025)),
  ...partRows(tableTitled('Parts of a year')),
  ...yearRows(tableTitled('Earlier years'), (cells) => fullYear(Number(cells[0]))),
  ...productRows(tableTitled('Products')),
];

/** Figures the list gives in its prose, not its tables. */
const PROSE: readonly Expected[] = [
  { year: 2023, amount: '80 m' },
  { year: 2024, amount: '2.8 bn' },
  { year: 2025, amount: '5.2 bn' },
].map(({ year, amount }) =>
  expect_(
    { partner: 'kyrgyzstan', period: fullYear(year), reporter: 'china', flow: 'china-imports', currency: 'USD' },
    { check: figure(amount), tokens: [] },
    ['J'],
  ),
);
const JANUARY_2026 = expect_(
  {
    partner: 'azerbaijan',
    period: parsePeriod('2026-01')!,
    reporter: 'not-stated',
    statedBy: "China's ambassador in Baku, Lu Mei",
    flow: 'total',
    currency: 'USD',
  },
  { check: figure('420 m'), tokens: [] },
  ['M'],
);

// ---------------------------------------------------------------------------------------------
// Checking the data

const records = [...dataset.figures, ...dataset.yuan];

function recordFor(key: Key) {
  const found = records.filter(
    (r) =>
      r.partner === key.partner &&
      periodKey(r.period) === periodKey(key.period) &&
      r.reporter === key.reporter &&
      r.flow === key.flow &&
      r.product === key.product &&
      r.currency === key.currency,
  );
  expect(found, `one record for ${describeKey(key)}`).toHaveLength(1);
  return found[0]!;
}

function amountOf(record: (typeof records)[number]) {
  return record.currency === 'USD' ? record.usd : record.cny;
}

function verify(e: Expected): void {
  const record = recordFor(e.key);
  if (e.key.reporter === 'partner') expect(record.agency).toBe(e.key.agency);
  if (e.key.reporter === 'not-stated') expect(record.statedBy).toContain(e.key.statedBy);
  const ids = e.sources.map(sourceId);
  const check = e.check;
  switch (check.kind) {
    case 'figure': {
      const amount = amountOf(record);
      expect(amount.usd).toBeCloseTo(check.amount.value, -2);
      expect(amount.halfUnit).toBeCloseTo(check.amount.halfUnit, -2);
      expect(record.qualifier).toBe(check.qualifier);
      if (check.quote !== undefined) expect(record.quote).toContain(check.quote);
      expect(record.sources).toEqual(expect.arrayContaining(ids));
      for (const other of e.notSources) expect(record.sources).not.toContain(sourceId(other));
      break;
    }
    case 'alternative': {
      const matches = (record.alternatives ?? []).filter(
        (a) => Math.abs(a.usd.usd - check.amount.value) < 1 && a.usd.halfUnit === check.amount.halfUnit && a.qualifier === check.qualifier,
      );
      expect(matches, `an alternative ${describeCheck(check)}`).toHaveLength(1);
      expect(matches[0]!.sources).toEqual(expect.arrayContaining(ids));
      if (check.quote !== undefined) expect(matches[0]!.quote).toContain(check.quote);
      break;
    }
    case 'change':
      for (const id of ids) expect(record.change ?? []).toContainEqual(expect.objectContaining({ percent: check.percent, source: id }));
      break;
    case 'quote':
      expect(record.quote).toContain(check.quote);
      expect(record.sources).toEqual(expect.arrayContaining(ids));
      break;
  }
}

const tableExpectations = rows.flatMap((r) => r.expected);

describe(`the figures of ${LIST}`, () => {
  it('come in four tables of 8, 22, 6 and 3 rows, each row giving at least one figure to check', () => {
    expect(rows.filter((r) => r.table.startsWith('Full year 2025'))).toHaveLength(8);
    expect(rows.filter((r) => r.table.startsWith('Parts of a year'))).toHaveLength(22);
    expect(rows.filter((r) => r.table.startsWith('Earlier years'))).toHaveLength(6);
    expect(rows.filter((r) => r.table.startsWith('Products'))).toHaveLength(3);
    for (const row of rows) expect(row.expected.length, row.cells.join(' | ')).toBeGreaterThan(0);
  });

  it('are checked number by number: every number in a value cell is accounted for', () => {
    for (const row of rows) {
      const checked = new Set(row.expected.flatMap((e) => e.tokens));
      for (const n of row.numbers) expect(checked, `${n} in ${row.cells.join(' | ')}`).toContain(n);
    }
  });

  it.each(tableExpectations.map((e) => [e.says, e] as const))('%s', (_says, e) => verify(e));
});

describe('the figures of the list that are in its prose', () => {
  it.each([...PROSE, JANUARY_2026].map((e) => [e.says, e] as const))('%s', (_says, e) => verify(e));

  it("keep J's remark that China's exports to Kyrgyzstan in 2025 exceed Kyrgyzstan's GDP", () => {
    const remark = dataset.remarks.find((r) => r.partner === 'kyrgyzstan' && r.source === sourceId('J'));
    expect(remark?.period && periodKey(remark.period)).toBe('2025');
    expect(remark?.text).toContain('under $22 billion');
  });

  it("leave out the $43.47 bn that is 2025's exchange rate applied to 2013's yuan", () => {
    expect(dataset.figures.filter((f) => f.partner === 'central-asia' && periodKey(f.period) === '2013')).toEqual([]);
  });
});

describe(`the publications of ${LIST}`, () => {
  const bullets = text
    .split('## Where these were published')[1]!
    .split(/\n- /)
    .slice(1)
    .map((b) => b.replace(/\s+/g, ' '));

  it('are all fifteen in data/sources.json, at the addresses the list gives', () => {
    expect(bullets).toHaveLength(Object.keys(SOURCE_IDS).length);
    for (const bullet of bullets) {
      const letter = /^([A-Z]\d?):/.exec(bullet)?.[1];
      expect(letter, bullet).toBeDefined();
      const source = dataset.sources.find((s) => s.id === sourceId(letter!));
      const [url, ...others] = bullet.match(/https?:\/\/[^\s)]+/g) ?? [];
      expect(source?.url, bullet).toBe(url);
      for (const other of others) expect(source?.note, bullet).toContain(other);
    }
  });
});
