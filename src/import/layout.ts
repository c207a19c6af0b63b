/**
 * The two CSV layouts UN Comtrade has published, recognised by the columns their header row
 * names (in any order), and where each field the importer reads sits in a row.
 */

export type LayoutName = 'plus' | 'legacy';

/** The fields the importer reads, whatever a layout calls them. */
export type Field =
  | 'freq'
  | 'period'
  | 'year'
  | 'reporterCode'
  | 'reporterIso'
  | 'reporterDesc'
  | 'flowCode'
  | 'partnerCode'
  | 'partnerIso'
  | 'partnerDesc'
  | 'partner2Code'
  | 'customsCode'
  | 'motCode'
  | 'classification'
  | 'cmdCode'
  | 'cmdDesc'
  | 'aggrLevel'
  | 'value';

interface LayoutSpec {
  readonly name: LayoutName;
  /** Field -> the column's name in the header. */
  readonly required: Readonly<Partial<Record<Field, string>>>;
  /** Columns only some files of the layout have (breakdowns, frequency). */
  readonly optional: Readonly<Partial<Record<Field, string>>>;
}

const PLUS: LayoutSpec = {
  name: 'plus',
  required: {
    freq: 'freqCode',
    period: 'period',
    reporterCode: 'reporterCode',
    reporterIso: 'reporterISO',
    reporterDesc: 'reporterDesc',
    flowCode: 'flowCode',
    partnerCode: 'partnerCode',
    partnerIso: 'partnerISO',
    partnerDesc: 'partnerDesc',
    cmdCode: 'cmdCode',
    cmdDesc: 'cmdDesc',
    value: 'primaryValue',
  },
  optional: {
    year: 'refYear',
    partner2Code: 'partner2Code',
    customsCode: 'customsCode',
    motCode: 'motCode',
    classification: 'classificationCode',
    aggrLevel: 'aggrLevel',
  },
};

const LEGACY: LayoutSpec = {
  name: 'legacy',
  required: {
    period: 'Period',
    year: 'Year',
    reporterCode: 'Reporter Code',
    reporterIso: 'Reporter ISO',
    reporterDesc: 'Reporter',
    flowCode: 'Trade Flow Code',
    partnerCode: 'Partner Code',
    partnerIso: 'Partner ISO',
    partnerDesc: 'Partner',
    cmdCode: 'Commodity Code',
    cmdDesc: 'Commodity',
    value: 'Trade Value (US$)',
  },
  optional: {
    classification: 'Classification',
    aggrLevel: 'Aggregate Level',
    partner2Code: '2nd Partner Code',
    customsCode: 'Customs Proc. Code',
    motCode: 'Mode of Transport Code',
  },
};

export const LAYOUTS: readonly LayoutSpec[] = [PLUS, LEGACY];

export interface Layout {
  readonly name: LayoutName;
  /** Field -> column index; a field the file lacks is absent. */
  readonly index: Readonly<Partial<Record<Field, number>>>;
  /** Field -> the column's name as the header wrote it, for problems that name a column. */
  readonly column: Readonly<Partial<Record<Field, string>>>;
  /** How many columns the header has (trailing empty names dropped). */
  readonly width: number;
}

/**
 * Column names compared without case, spaces or punctuation: "Trade Value (US$)" and
 * "TradeValueUS" (as some legacy exports and tools wrote it) are the same column.
 */
export const columnKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export type Detected = { readonly layout: Layout } | { readonly problem: string };

/** Recognises a layout by the columns a header row names; or says what is missing from the nearest one. */
export function detectLayout(header: readonly string[]): Detected {
  const names = header.map((h) => h.trim());
  let width = names.length;
  while (width > 0 && names[width - 1] === '') width--;
  const position = new Map<string, number>();
  names.slice(0, width).forEach((n, i) => {
    const key = columnKey(n);
    if (!position.has(key)) position.set(key, i);
  });

  let nearest: { spec: LayoutSpec; missing: string[] } | undefined;
  for (const spec of LAYOUTS) {
    const missing = Object.values(spec.required).filter((col) => !position.has(columnKey(col)));
    if (missing.length === 0) {
      const index: Partial<Record<Field, number>> = {};
      const column: Partial<Record<Field, string>> = {};
      for (const [field, col] of [...Object.entries(spec.required), ...Object.entries(spec.optional)] as [Field, string][]) {
        const at = position.get(columnKey(col));
        if (at === undefined) continue;
        index[field] = at;
        column[field] = names[at]!;
      }
      return { layout: { name: spec.name, index, column, width } };
    }
    if (!nearest || missing.length < nearest.missing.length) nearest = { spec, missing };
  }
  const shown = names.slice(0, 6).join(',') + (names.length > 6 ? ',…' : '');
  return {
    problem:
      `unknown header "${shown}": not a UN Comtrade CSV ` +
      `(nearest layout: ${nearest!.spec.name}, missing ${nearest!.missing.map((m) => `"${m}"`).join(', ')})`,
  };
}
