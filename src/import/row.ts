/**
 * One CSV record read into the fields the importer uses, the same for both layouts; or the
 * problems that make it unreadable, each naming its column.
 */
import type { Field, Layout } from './layout.js';
import { parsePeriod, parseUsd } from './values.js';

export type Flow = 'import' | 'export' | 're-import' | 're-export' | 'other';

export interface Place {
  readonly code: string;
  readonly iso: string;
  readonly desc: string;
}

export interface ComtradeRow {
  readonly period: string;
  readonly flow: Flow;
  readonly reporter: Place;
  readonly partner: Place;
  /** Empty where the file has no such column. */
  readonly partner2Code: string;
  readonly customsCode: string;
  readonly motCode: string;
  readonly classification: string;
  readonly cmdCode: string;
  readonly cmdDesc: string;
  readonly aggrLevel: string;
  /** Exact dollars as plain digits. */
  readonly usd: string;
}

export interface CellProblem {
  readonly column: string;
  readonly message: string;
}

const FLOWS: Readonly<Record<string, Flow>> = {
  M: 'import',
  X: 'export',
  RM: 're-import',
  RX: 're-export',
  '1': 'import',
  '2': 'export',
  '3': 're-export',
  '4': 're-import',
};

export type Mapped = { readonly row: ComtradeRow } | { readonly problems: readonly CellProblem[] };

/** Reads one record; every problem in it is listed, not only the first. */
export function mapRow(record: readonly string[], layout: Layout): Mapped {
  const cell = (field: Field): string => {
    const at = layout.index[field];
    return at === undefined ? '' : (record[at] ?? '').trim();
  };
  const problems: CellProblem[] = [];
  const col = (field: Field) => layout.column[field] ?? field;

  if (record.length < layout.width) {
    const present = record.length === 1 && record[0] === '' ? 0 : record.length;
    problems.push({ column: '(row)', message: `has ${present} fields, the header has ${layout.width}` });
    return { problems };
  }

  const usd = parseUsd(cell('value'));
  if ('problem' in usd) problems.push({ column: col('value'), message: usd.problem === 'no value' ? 'the row has no value' : usd.problem });

  const freq = layout.index.freq === undefined ? undefined : cell('freq');
  const period = parsePeriod(cell('period'), freq);
  if ('problem' in period)
    problems.push({
      column: col(freq !== undefined && period.problem.startsWith('frequency') ? 'freq' : 'period'),
      message: period.problem,
    });

  const flowCode = cell('flowCode');
  if (flowCode === '') problems.push({ column: col('flowCode'), message: 'no trade flow' });
  const flow = FLOWS[flowCode] ?? 'other';

  for (const f of ['reporterCode', 'partnerCode'] as const)
    if (cell(f) === '') problems.push({ column: col(f), message: 'no country code' });
  if (cell('cmdCode') === '') problems.push({ column: col('cmdCode'), message: 'no commodity code' });

  if (problems.length > 0 || 'problem' in usd || 'problem' in period) return { problems };
  return {
    row: {
      period: period.ok,
      flow,
      reporter: { code: cell('reporterCode'), iso: cell('reporterIso'), desc: cell('reporterDesc') },
      partner: { code: cell('partnerCode'), iso: cell('partnerIso'), desc: cell('partnerDesc') },
      partner2Code: cell('partner2Code'),
      customsCode: cell('customsCode'),
      motCode: cell('motCode'),
      classification: cell('classification'),
      cmdCode: cell('cmdCode'),
      cmdDesc: cell('cmdDesc'),
      aggrLevel: cell('aggrLevel'),
      usd: usd.ok,
    },
  };
}
