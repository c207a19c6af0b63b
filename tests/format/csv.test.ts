import { parse } from 'csv-parse/sync';
import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { RawOptions } from '../../src/core/invocation.js';
import type { CommandResult } from '../../src/core/reply.js';
import { CSV_COLUMNS, csvField, csvFileName, csvText, rowFields, writeCsv, type CsvRow } from '../../src/format/csv.js';
import { fileProblems, fitFiles, LIMITS, payloadProblems } from '../../src/format/limits.js';
import { finishResult } from '../../src/app/finish.js';
import { figureReply, withFile } from '../../src/format/replies.js';
import { app, DM, model } from '../helpers/app.js';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

async function ask(name: string, options: RawOptions): Promise<CommandResult> {
  const outcome = await app.handle(name, options, DM);
  expect(outcome.kind, JSON.stringify(outcome.result.data)).toBe('ok');
  return outcome.result;
}

/** The reply's CSV file, read back with csv-parse: its name, its header and its rows as records. */
async function csvOf(name: string, options: RawOptions): Promise<{ file: string; header: string[]; rows: Row[]; result: CommandResult }> {
  const result = await ask(name, { ...options, format: 'csv' });
  const files = (result.files ?? []).filter((f) => f.name.endsWith('.csv'));
  expect(files).toHaveLength(1);
  const text = files[0]!.data.toString('utf8');
  const [header, ...records] = parse(text, { relax_column_count: false });
  const rows = records.map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]!])) as Row);
  return { file: files[0]!.name, header: header!, rows, result };
}

const CASPIAN_POST = model.sources.get('caspianpost-data-questions')?.url ?? '';

describe('the CSV of /trade kazakhstan (2025)', () => {
  it('is attached beside the usual embed, named trade-kazakhstan-2025.csv, and data.attachments names it', async () => {
    const { file, header, result } = await csvOf('trade', { country: 'kazakhstan' });
    const plain = await ask('trade', { country: 'kazakhstan' });
    expect(file).toBe('trade-kazakhstan-2025.csv');
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(result.data.embeds).toEqual(plain.data.embeds);
    expect(result.data.attachments).toEqual([expect.objectContaining({ id: 0, filename: 'trade-kazakhstan-2025.csv' })]);
  });

  it('has the total of 48700000000 dollars, reported, from The Caspian Post URL', async () => {
    const { rows } = await csvOf('trade', { country: 'kazakhstan' });
    const total = rows.find((r) => r.flow === 'total' && r.reporter === 'china' && r.note === '')!;
    expect(CASPIAN_POST).toMatch(/^https:\/\/caspianpost\.com\//);
    expect(total).toMatchObject({
      place: 'Kazakhstan',
      place_id: 'kazakhstan',
      period: '2025',
      period_key: '2025',
      value: '48700000000',
      unit: 'USD',
      provenance: 'reported',
      hedge: '',
      low: '',
      high: '',
      product: '',
      hs: '',
    });
    expect(total.sources.split('; ')).toContain(CASPIAN_POST);
    expect(total.source_names.split('; ')).toContain('The Caspian Post');
  });

  it("has China's exports of 29700000000 and China's imports of 19000000000, both reported", async () => {
    const { rows } = await csvOf('trade', { country: 'kazakhstan' });
    const value = (flow: string) => rows.filter((r) => r.flow === flow).map((r) => [r.value, r.provenance]);
    expect(value('china-exports')).toEqual([['29700000000', 'reported']]);
    expect(value('china-imports')).toEqual([['19000000000', 'reported']]);
  });

  it('has the balance as derived, with the range the bot shows around it, and says whose surplus it is', async () => {
    const { rows } = await csvOf('trade', { country: 'kazakhstan' });
    const balance = rows.find((r) => r.flow === 'balance')!;
    expect(balance).toMatchObject({ value: '10700000000', unit: 'USD', provenance: 'derived' });
    const [low, value, high] = [balance.low, balance.value, balance.high].map(Number);
    expect(low).toBeLessThan(value!);
    expect(high).toBeGreaterThan(value!);
    const py = model.partnerYear('kazakhstan', { year: 2025, first: 1, last: 12 })!;
    expect([low, high]).toEqual([Math.round(py.balance!.lo), Math.round(py.balance!.hi)]);
    expect(balance.note).toContain("China's surplus");
  });

  it('keeps the hedged figure another source printed ("over $48.6 bn") as a row of its own, with its hedge', async () => {
    const { rows } = await csvOf('trade', { country: 'kazakhstan' });
    expect(rows.filter((r) => r.flow === 'total' && r.hedge === 'over').map((r) => r.value)).toEqual(['48600000000']);
  });
});

describe('what is missing is a row, not a gap', () => {
  it("/trade uzbekistan has China's exports and imports as not reported, with an empty value", async () => {
    const { rows } = await csvOf('trade', { country: 'uzbekistan' });
    for (const flow of ['china-exports', 'china-imports', 'balance']) {
      expect(rows.find((r) => r.flow === flow)).toMatchObject({ value: '', provenance: 'not reported', sources: '' });
    }
  });

  it("/trade uzbekistan has Uzbekistan's own figure beside China's, with its agency", async () => {
    const { rows } = await csvOf('trade', { country: 'uzbekistan' });
    const theirs = rows.find((r) => r.reporter === 'partner')!;
    expect(theirs).toMatchObject({ flow: 'total', value: '17200000000', provenance: 'reported' });
    expect(theirs.reporter_name).toMatch(/Uzbekistan/);
  });
});

describe('the CSV of other figure replies', () => {
  it('/rank total lists the partners in rank order, then those without the figure', async () => {
    const { file, rows } = await csvOf('rank', { by: 'total' });
    expect(file).toBe('rank-total-all-2025.csv');
    const ranked = rows.filter((r) => r.rank !== '');
    expect(ranked.map((r) => Number(r.rank))).toEqual(ranked.map((_, i) => i + 1));
    const values = ranked.map((r) => Number(r.value));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(ranked[0]).toMatchObject({ place_id: 'kazakhstan', value: '48700000000' });
    const rest = rows.slice(ranked.length);
    expect(rest.length).toBeGreaterThan(0);
    for (const r of rest) expect(r).toMatchObject({ rank: '', value: '', provenance: 'not reported' });
  });

  it("/products turkmenistan has pipeline gas with HS 271121 as part of China's imports", async () => {
    const { file, rows } = await csvOf('products', { country: 'turkmenistan' });
    expect(file).toBe('products-turkmenistan-2025.csv');
    const gas = rows.find((r) => r.product === 'pipeline-gas' && r.flow === 'china-imports')!;
    expect(gas).toMatchObject({ hs: '271121', unit: 'USD', provenance: 'reported' });
    expect(Number(gas.value)).toBeGreaterThan(0);
  });

  it('/region central-asia has the yuan total in CNY, as published and never converted', async () => {
    const { rows } = await csvOf('region', { name: 'central-asia', year: 2024 });
    const yuan = rows.filter((r) => r.unit === 'CNY');
    expect(yuan.length).toBeGreaterThan(0);
    expect(yuan.find((r) => r.flow === 'total')).toMatchObject({ value: '674150000000', provenance: 'reported' });
  });

  it('/history azerbaijan keeps whose figure each is: a figure whose reporter is not stated says who stated it', async () => {
    const { rows } = await csvOf('history', { country: 'azerbaijan' });
    const stated = rows.filter((r) => r.reporter === 'not-stated');
    expect(stated.length).toBeGreaterThan(0);
    for (const r of stated) expect(r.reporter_name).not.toBe('');
  });

  it.each([
    ['trade', { country: 'kazakhstan', period: 'Jan-Oct 2025' }],
    ['compare', { first: 'kazakhstan', second: 'uzbekistan', third: 'armenia' }],
    ['region', { name: 'south-caucasus' }],
    ['rank', { by: 'growth' }],
    ['rank', { by: 'balance', region: 'central-asia' }],
    ['history', { country: 'kazakhstan' }],
    ['history', { country: 'georgia', flow: 'china-exports' }],
    ['products', { country: 'kazakhstan' }],
  ] as const)('/%s %j: a file named in data.attachments, every payload and file within limits', async (name, options) => {
    const { file, header, rows, result } = await csvOf(name, options);
    expect(file).toMatch(new RegExp(`^${name}-[a-z0-9.-]+\\.csv$`));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(['reported', 'derived', 'not reported']).toContain(r.provenance);
      expect(r.value === '').toBe(r.provenance === 'not reported');
      if (r.provenance !== 'not reported') expect(r.source_names, JSON.stringify(r)).not.toBe('');
      // A derived value has no source's hedge: its range says how sure it is.
      if (r.provenance === 'derived') expect([r.hedge, r.low !== '', r.high !== ''], JSON.stringify(r)).toEqual(['', true, true]);
    }
    expect(result.data.attachments?.map((a) => a.filename)).toEqual(result.files?.map((f) => f.name));
    expect(payloadProblems(result.data)).toEqual([]);
    expect(fileProblems(result.files)).toEqual([]);
  });

  it('without format:csv, a reply carries no CSV', async () => {
    const result = await ask('trade', { country: 'kazakhstan', format: 'embed' });
    expect(result.files ?? []).toEqual([]);
    expect(result.data.attachments).toBeUndefined();
  });
});

describe('writing CSV', () => {
  it('quotes a field with a comma, a quote or a line break (RFC 4180), and nothing else', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Eurasianet, citing Oilprice')).toBe('"Eurasianet, citing Oilprice"');
    expect(csvField('"around $1 billion higher"')).toBe('"""around $1 billion higher"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(
      csvText([
        ['a', 'b, "c"'],
        ['', 'd'],
      ]),
    ).toBe('a,"b, ""c"""\r\n,d\r\n');
  });

  it('reads back with csv-parse as exactly the fields written, commas, quotes and dashes included', () => {
    const row: CsvRow = {
      place: 'Kazakhstan, "the" partner',
      placeId: 'kazakhstan',
      period: { year: 2025, first: 1, last: 10 },
      reporter: 'not-stated',
      reporterName: "China's ambassador in Baku, Lu Mei",
      flow: 'total',
      value: 2440000000,
      unit: 'USD',
      provenance: 'reported',
      hedge: 'just over',
      note: 'line one\nline two',
      citations: [{ source: 'caspianpost-data-questions', citing: 'Oilprice' }],
    };
    const text = writeCsv(model, [row]);
    expect(text.split('\r\n').at(-1)).toBe('');
    const parsed = parse(text);
    expect(parsed[0]).toEqual([...CSV_COLUMNS]);
    expect(parsed[1]).toEqual(CSV_COLUMNS.map((c) => rowFields(model, row)[c]));
    expect(parsed[1]![CSV_COLUMNS.indexOf('period')]).toBe('Jan–Oct 2025');
    expect(parsed[1]![CSV_COLUMNS.indexOf('period_key')]).toBe('2025-01..10');
    expect(parsed[1]![CSV_COLUMNS.indexOf('source_names')]).toBe('The Caspian Post, citing Oilprice');
  });

  it('names files safely: command, place or scope, period key', () => {
    expect(csvFileName(['trade', 'kazakhstan', '2025-01..10'])).toBe('trade-kazakhstan-2025-01..10.csv');
    expect(csvFileName(['rank', 'total', 'all', '2025'])).toBe('rank-total-all-2025.csv');
    expect(csvFileName(['x', 'a/b c', '2025'])).toBe('x-a-b-c-2025.csv');
  });
});

describe("Discord's limits on files", () => {
  it('leaves out a file too large to upload, says so, and drops it from data.attachments', () => {
    const big = { name: 'big.csv', data: Buffer.alloc(LIMITS.attachmentBytes + 1) };
    const small = { name: 'small.csv', data: Buffer.from('a\r\n') };
    const embed: APIEmbed = { title: 't', footer: { text: 'f' } };
    const data = {
      embeds: [embed],
      attachments: [
        { id: 0, filename: 'big.csv' },
        { id: 1, filename: 'small.csv' },
      ],
    };
    expect(fileProblems([big, small])).toEqual([`file big.csv is ${LIMITS.attachmentBytes + 1} bytes`]);
    const fitted = fitFiles(data, [big, small]);
    expect(fitted.files).toEqual([small]);
    expect(fitted.data.attachments).toEqual([{ id: 0, filename: 'small.csv' }]);
    expect(fitted.data.embeds![0]!.footer!.text).toContain('Left out, too large for Discord: big.csv.');
    const finished = finishResult({ data, files: [big, small] });
    expect(finished.files?.map((f) => f.name)).toEqual(['small.csv']);
  });
});

describe('a CSV beside an attached chart (CHARTS=attach)', () => {
  it('keeps the chart first, the CSV second, and data.attachments names both by position', () => {
    const chart = { name: 'chart.png', data: Buffer.from('png'), description: 'A chart' };
    const reply = figureReply({ title: 't' }, { kind: 'attachment', url: 'attachment://chart.png', file: chart });
    const csv = { name: 'trade-kazakhstan-2025.csv', data: Buffer.from('a\r\n'), description: 'The figures' };
    const both = withFile(reply, csv);
    expect(both.files?.map((f) => f.name)).toEqual(['chart.png', 'trade-kazakhstan-2025.csv']);
    expect(both.data.attachments).toEqual([
      { id: 0, filename: 'chart.png', description: 'A chart' },
      { id: 1, filename: 'trade-kazakhstan-2025.csv', description: 'The figures' },
    ]);
    expect(both.data.embeds?.[0]?.image?.url).toBe('attachment://chart.png');
  });
});
