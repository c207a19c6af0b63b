/**
 * Every published row in data/ (FIGURES-2025.md, the briefing and the releases before it) can be
 * found through a command, as a reader would look for it: its value as the source wrote it, in
 * the field for its direction and reporter, under a title naming its period, in its currency,
 * marked with every one of its sources. Table-driven over the loaded dataset, so a new row is
 * checked without a new test, and counted, so that no row is skipped in silence.
 */
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/core/reply.js';
import { payloadProblems } from '../../src/format/limits.js';
import { formatUsdAsWritten, formatYuan } from '../../src/format/numbers.js';
import { productLabel } from '../../src/charts/historyCharts.js';
import { periodKey, periodLabel } from '../../src/model/period.js';
import type { Alternative, FigureRecord, Flow, YuanRecord } from '../../src/model/schema.js';
import { reported } from '../../src/model/value.js';
import { app, ask, DM, embedOf, field, model, sourceList, textOf, withSourceNames } from '../helpers/app.js';

type AnyRecord = FigureRecord | YuanRecord;

const place = (id: string) => {
  const found = model.place(id);
  if (!found) throw new Error(`no place ${id} in the model`);
  return found;
};

/** How a record is named in failure messages: "kazakhstan 2025 china-exports (china, caspianpost-data-questions)". */
const rowName = (r: AnyRecord) =>
  `${r.partner} ${periodLabel(r.period)} ${r.flow}${'product' in r && r.product ? ` ${r.product}` : ''} ${r.currency} (${r.reporter}: ${r.sources.join(', ')})`;

/** What a Sources line shows for a source of a record: its label (with whom it cites) and its link. */
function expectedSource(id: string, citing: string | undefined): { label: string; url?: string } {
  const s = model.sources.get(id);
  if (!s) throw new Error(`source ${id} is not in data/sources.json`);
  const label = `${s.short}${citing ? `, citing ${citing}` : ''}, ${s.date}`;
  return s.url ? { label, url: s.url } : { label: `${label} (${s.title})` };
}

const bySource = (a: { label: string; url?: string }, b: { label: string; url?: string }) =>
  `${a.label}|${a.url ?? ''}`.localeCompare(`${b.label}|${b.url ?? ''}`);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The sources an amount in a text is marked with, for each place the amount is written ("$48.7 bn [1]",
 * "also printed as over $48.6 bn [2]"): a list of source lists, one per occurrence, each resolved
 * through the reply's Sources field. An amount is only matched whole: "$22 bn" is not found inside
 * "more than $22 bn".
 */
function marksAfter(result: CommandResult, text: string, amount: string): { label: string; url?: string }[][] {
  const listed = sourceList(result);
  const pattern = new RegExp(`(?:^|\\n|, |: |as )${escape(amount)} \\[(\\d+(?:, \\d+)*)\\](?!\\()`, 'g');
  return [...text.matchAll(pattern)].map((m) =>
    m[1]!.split(', ').map((n) => {
      const source = listed.get(Number(n));
      if (!source) throw new Error(`mark [${n}] after ${amount} is not in Sources`);
      return source;
    }),
  );
}

/** Expects an amount in a text marked with exactly these sources somewhere (and names them in the message). */
function expectMarkedWith(
  result: CommandResult,
  text: string,
  amount: string,
  sources: readonly string[],
  citing: Readonly<Record<string, string>> | undefined,
  label: string,
): void {
  const expected = sources.map((s) => expectedSource(s, citing?.[s])).sort(bySource);
  const found = marksAfter(result, text, amount).map((list) => [...list].sort(bySource));
  expect(found, `${label}: ${amount} is not in "${withSourceNames(result, text)}"`).not.toEqual([]);
  expect(found, `${label}: ${amount} in "${withSourceNames(result, text)}"`).toContainEqual(expected);
}

const CHINA_FIELD: Record<Flow, (name: string) => string> = {
  total: () => 'Total trade',
  'china-exports': (name) => `China's exports (to ${name})`,
  'china-imports': (name) => `China's imports (from ${name})`,
};
const REGION_FIELD: Record<Flow, string> = { total: 'Total trade', 'china-exports': "China's exports", 'china-imports': "China's imports" };
const YUAN_FLOW: Record<Flow, string> = { total: 'total trade', 'china-exports': "China's exports", 'china-imports': "China's imports" };

/** The field name of another reporter's figure in /trade: the partner's own statistics, or a figure whose reporter is not stated. */
function mirrorFieldName(record: FigureRecord, name: string): string {
  const what =
    record.flow === 'total'
      ? 'total trade'
      : record.flow === 'china-exports'
        ? `${name}'s imports from China`
        : `${name}'s exports to China`;
  return record.reporter === 'partner'
    ? `${name}'s own statistics: ${what}`
    : `Stated by ${record.statedBy!} (whose figure, not stated): ${what}`;
}

/** The one field with exactly this name (a prefix would let "Total trade" stand for another). */
function exactField(result: CommandResult, name: string): string {
  const found = (embedOf(result).fields ?? []).filter((f) => f.name === name);
  expect(
    found.map((f) => f.name),
    `a field named ${name} in ${(embedOf(result).fields ?? []).map((f) => f.name).join(' | ')}`,
  ).toEqual([name]);
  return found[0]!.value;
}

/** The reply a reader gets for a record's place and period: /products for a product, /region for a region, /trade for a partner. */
async function replyFor(record: AnyRecord): Promise<CommandResult> {
  const where = place(record.partner);
  const period = periodKey(record.period);
  const outcome =
    'product' in record && record.product
      ? await app.handle('products', { country: record.partner, period }, DM)
      : where.kind === 'region'
        ? await app.handle('region', { name: record.partner, period }, DM)
        : await app.handle('trade', { country: record.partner, period }, DM);
  expect(outcome.kind, `${rowName(record)}: ${textOf(outcome.result)}`).toBe('ok');
  expect(payloadProblems(outcome.result.data), rowName(record)).toEqual([]);
  return outcome.result;
}

/** The title names the record's period: "China–Kazakhstan trade, Jan–Oct 2025". */
function expectPeriodInTitle(result: CommandResult, record: AnyRecord): void {
  expect(embedOf(result).title, rowName(record)).toMatch(new RegExp(`, ${escape(periodLabel(record.period))}$`));
}

/** A dollar row: its field (direction and reporter), its value as written and its sources; the alternatives beside it. */
async function checkDollars(record: FigureRecord): Promise<number> {
  const label = rowName(record);
  const result = await replyFor(record);
  expectPeriodInTitle(result, record);
  const where = place(record.partner);
  const amount = formatUsdAsWritten(reported(record.usd, record.qualifier, record.sources));
  let text: string;
  if (record.product) {
    const product = model.products.get(record.product);
    expect(product, `${label}: product ${record.product} in data/`).toBeDefined();
    const whole =
      record.flow === 'china-exports'
        ? `China's exports to ${where.name}`
        : record.flow === 'china-imports'
          ? `China's imports from ${where.name}`
          : `China's trade with ${where.name}`;
    const hs = product!.hs ? ` (HS ${product!.hs})` : '';
    // A product figure is part of a flow, named in its field; product figures are China's customs'.
    expect(record.reporter, `${label}: product figures are China's`).toBe('china');
    text = exactField(result, `${productLabel(product!.name)}${hs}, part of ${whole}`);
    expect(text.split('\n')[0], label).toMatch(new RegExp(`^${escape(amount)} \\[`));
  } else if (record.reporter === 'china') {
    text =
      where.kind === 'region' ? exactField(result, REGION_FIELD[record.flow]) : exactField(result, CHINA_FIELD[record.flow](where.name));
  } else {
    expect(where.kind, `${label}: another reporter's figure for a region has no field in /region`).toBe('partner');
    text = exactField(result, mirrorFieldName(record, where.name));
    expect(text, `${label}: the value comes first`).toMatch(new RegExp(`^${escape(amount)} \\[`));
    if (record.reporter === 'partner') expect(text, `${label}: names the agency`).toContain(`(${record.agency!}`);
  }
  // Dollars are dollars: the field never writes this row in yuan.
  expect(text, label).not.toMatch(/yuan/);
  expectMarkedWith(result, text, amount, record.sources, record.citing, label);
  for (const alternative of record.alternatives ?? []) checkAlternative(result, text, record, alternative);
  return 1 + (record.alternatives?.length ?? 0);
}

/** The same figure as another source wrote it: beside the row, as that source wrote it, with that source's mark. */
function checkAlternative(result: CommandResult, text: string, record: FigureRecord, alternative: Alternative): void {
  const label = `${rowName(record)}, also printed as by ${alternative.sources.join(', ')}`;
  const amount = formatUsdAsWritten(reported(alternative.usd, alternative.qualifier, alternative.sources));
  expect(text, label).toContain(`also printed as `);
  expectMarkedWith(result, text, amount, alternative.sources, record.citing, label);
}

/** A yuan row: in the "In yuan" field, as GACC wrote it, with its sources; never as dollars. */
async function checkYuan(record: YuanRecord): Promise<number> {
  const label = rowName(record);
  const result = await replyFor(record);
  expectPeriodInTitle(result, record);
  expect(record.reporter, `${label}: yuan figures are GACC's`).toBe('china');
  const text = exactField(result, 'In yuan (as GACC publishes; not converted)');
  const amount = formatYuan(record.cny, record.qualifier);
  const line = text.split('\n').find((l) => l.startsWith(`${YUAN_FLOW[record.flow]}: ${amount} [`));
  expect(line, `${label}: "${YUAN_FLOW[record.flow]}: ${amount}" in ${text}`).toBeDefined();
  expectMarkedWith(result, line!, amount, record.sources, record.citing, label);
  // Never shown as dollars: the yuan number with a dollar sign appears nowhere in the reply.
  const number = amount.replace(/ yuan$/, '').replace(/^[a-z ]+ /, '');
  expect(textOf(result), label).not.toContain(`$${number}`);
  return 1;
}

const dollarRows = model.dataset.figures;
const yuanRows = model.dataset.yuan;
const alternativeCount = dollarRows.reduce((n, r) => n + (r.alternatives?.length ?? 0), 0);
const productRows = dollarRows.filter((r) => r.product);
const regionRows = dollarRows.filter((r) => !r.product && place(r.partner).kind === 'region');
const partnerRows = dollarRows.filter((r) => !r.product && place(r.partner).kind === 'partner');

describe(`every published row of data/ is reachable through a command (${dollarRows.length} in dollars with ${alternativeCount} alternatives, ${yuanRows.length} in yuan)`, () => {
  it(`each of the ${partnerRows.length} partner rows is in /trade for its period, in the field of its direction and reporter, as written, marked with its sources`, async () => {
    let checked = 0;
    for (const record of partnerRows) checked += await checkDollars(record);
    expect(checked).toBe(partnerRows.length + partnerRows.reduce((n, r) => n + (r.alternatives?.length ?? 0), 0));
  });

  it(`each of the ${regionRows.length} region rows is in /region for its period, as written, marked with its sources`, async () => {
    let checked = 0;
    for (const record of regionRows) checked += await checkDollars(record);
    expect(checked).toBe(regionRows.length + regionRows.reduce((n, r) => n + (r.alternatives?.length ?? 0), 0));
  });

  it(`each of the ${productRows.length} product rows is in /products for its period, as part of its flow, as written, marked with its sources`, async () => {
    let checked = 0;
    for (const record of productRows) checked += await checkDollars(record);
    expect(checked).toBe(productRows.length + productRows.reduce((n, r) => n + (r.alternatives?.length ?? 0), 0));
  });

  it(`each of the ${yuanRows.length} yuan rows is in the "In yuan" field of its place and period, as GACC wrote it, never as dollars`, async () => {
    let checked = 0;
    for (const record of yuanRows) checked += await checkYuan(record);
    expect(checked).toBe(yuanRows.length);
  });

  it('checks every row once, none left out: partner, region and product rows make up the whole dataset', () => {
    expect(partnerRows.length + regionRows.length + productRows.length).toBe(dollarRows.length);
    expect(dollarRows.length).toBeGreaterThan(100);
    expect(yuanRows.length).toBeGreaterThan(0);
    expect(alternativeCount).toBeGreaterThan(0);
  });
});

describe('/cite names every source of every non-product row', () => {
  const footnoteOf = (content: string | undefined) => /^```\n([\s\S]*)\n```$/.exec(content ?? '')?.[1] ?? '';

  it(`gives, for each of the ${partnerRows.length + regionRows.length} dollar rows asked by period, a footnote with every source's address and the alternatives' too`, async () => {
    let checked = 0;
    for (const record of [...partnerRows, ...regionRows]) {
      const label = rowName(record);
      const outcome = await app.handle('cite', { country: record.partner, period: periodKey(record.period), flow: record.flow }, DM);
      expect(outcome.kind, `${label}: ${textOf(outcome.result)}`).toBe('ok');
      const footnote = footnoteOf(outcome.result.data.content);
      for (const id of [...record.sources, ...(record.alternatives ?? []).flatMap((a) => a.sources)])
        expect(footnote, `${label}: ${id}`).toContain(model.sources.get(id)!.url ?? 'not online');
      expect(embedOf(outcome.result).title, label).toMatch(new RegExp(`, ${escape(periodLabel(record.period))}$`));
      expect(payloadProblems(outcome.result.data), label).toEqual([]);
      checked++;
    }
    expect(checked).toBe(partnerRows.length + regionRows.length);
  });

  it(`gives, for each of the ${yuanRows.length} yuan rows, a footnote naming its source's address`, async () => {
    const missing: string[] = [];
    for (const record of yuanRows) {
      const outcome = await app.handle('cite', { country: record.partner, period: periodKey(record.period), flow: record.flow }, DM);
      const footnote = footnoteOf(outcome.result.data.content);
      for (const id of record.sources) {
        const url = model.sources.get(id)!.url ?? 'not online';
        if (outcome.kind !== 'ok' || !footnote.includes(url)) missing.push(`${rowName(record)}: ${outcome.kind}, no ${url}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('every "Cite a figure" line a reply offers leads to a footnote', () => {
  it('for /trade and /region, for every place and period, the /cite line in the footer answers with a footnote', async () => {
    const dead: string[] = [];
    let offered = 0;
    for (const where of [...model.partners, ...model.regions]) {
      const kind = place(where.id).kind;
      for (const period of model.periods(where.id)) {
        const reply = await app.handle(
          kind === 'partner' ? 'trade' : 'region',
          kind === 'partner' ? { country: where.id, period: periodKey(period) } : { name: where.id, period: periodKey(period) },
          DM,
        );
        const line = /Cite a figure: (\/cite [^\n(]+?)(?: \(or [^)]*\))?$/m.exec(embedOf(reply.result).footer?.text ?? '')?.[1];
        if (!line) continue;
        offered++;
        const outcome = await ask(line);
        if (outcome.kind !== 'ok') dead.push(`${where.id} ${periodLabel(period)}: ${line} → ${textOf(outcome.result)}`);
      }
    }
    expect(offered).toBeGreaterThan(50);
    expect(dead).toEqual([]);
  });
});

describe('the table is the dataset', () => {
  it('holds the rows the issue names: Kazakhstan 2025 $48.7 bn, Turkmenistan 2025 pipeline gas $8.41 bn, Central Asia Jan–May 2025 in yuan', () => {
    const find = (partner: string, key: string, flow: Flow) =>
      dollarRows.filter((r) => r.partner === partner && periodKey(r.period) === key && r.flow === flow);
    expect(find('kazakhstan', '2025', 'total').map((r) => formatUsdAsWritten(reported(r.usd, r.qualifier, r.sources)))).toEqual([
      '$48.7 bn',
    ]);
    expect(find('turkmenistan', '2025', 'china-imports').filter((r) => r.product === 'pipeline-gas')).toHaveLength(1);
    expect(yuanRows.some((r) => r.partner === 'central-asia' && periodKey(r.period) === '2025-01..05')).toBe(true);
  });

  it('reads the sources of a row by name through the marks: Kazakhstan 2025 total is The Caspian Post, over $48.6 bn Caliber.Az', async () => {
    const { result } = await app.handle('trade', { country: 'kazakhstan', period: '2025' }, DM);
    expect(withSourceNames(result, field(result, 'Total trade'))).toMatch(
      /^\$48\.7 bn \[The Caspian Post, 2026\], also printed as over \$48\.6 bn \[Caliber\.Az, 2026\]/,
    );
  });
});
