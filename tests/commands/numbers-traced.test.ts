/**
 * A number no source printed is a bug. Every dollar amount and percentage in the replies of
 * /trade, /compare, /region, /rank and /keypoints must be one the data holds as written, or one
 * the model derives (shown by the same rules), for every partner, region and year in data/.
 */
import { describe, expect, it } from 'vitest';
import { formatGrowth, formatShare, formatStatedPercent, formatUsd, formatUsdAsWritten } from '../../src/format/numbers.js';
import { plus, reported, type Ratio, type Value } from '../../src/model/value.js';
import { periodKey } from '../../src/model/period.js';
import { MEASURES } from '../../src/model/views.js';
import { ask, figures, textOf } from '../helpers/app.js';

const { model } = figures;

/** The numbers (without sign or hedge) in a piece of text: "$43.82 bn" -> "43.82 bn", "+6.9%" -> "6.9%". */
function numbersIn(text: string): string[] {
  const money = [...text.matchAll(/\$([\d,]+(?:\.\d+)?) (bn|m)\b/g)].map((m) => `${m[1]} ${m[2]}`);
  const percent = [...text.matchAll(/(?<![\w.])([\d,]+(?:\.\d+)?)%/g)].map((m) => `${m[1]}%`);
  return [...money, ...percent];
}

/** Every number the model can show, formatted by the bot's own rules. */
function allowedNumbers(): Set<string> {
  const shown: string[] = [];
  const value = (v: Value | undefined) => {
    if (!v) return;
    for (const options of [{}, { signed: true }, { magnitude: true }]) shown.push(formatUsd(v, options));
    if (v.provenance === 'reported') shown.push(formatUsdAsWritten(v));
  };
  const ratio = (r: Ratio | undefined) => r && shown.push(formatGrowth(r), formatShare(r));
  for (const place of [...model.partners, ...model.regions]) {
    for (const period of model.periods(place.id)) {
      const py = model.partnerYear(place.id, period) ?? model.regionYear(place.id, period);
      if (!py) continue;
      for (const y of py.yuan)
        for (const c of y.record.change ?? []) if (c.percent !== undefined) shown.push(formatStatedPercent(c.percent, c.qualifier));
      for (const view of Object.values(py.flows)) {
        value(view.value);
        for (const other of view.alsoReported) value(other);
        for (const c of view.reportedChanges) {
          value(c.usd);
          if (c.percent !== undefined) shown.push(formatStatedPercent(c.percent, c.qualifier));
        }
        if (view.computedChange) {
          value(view.computedChange.usd);
          value(view.computedChange.previous);
          ratio(view.computedChange.percent);
        }
        const share = view.record?.share;
        if (share) shown.push(`${share.percent}%`);
      }
      value(py.balance);
      if ('mirror' in py) {
        for (const m of py.mirror) {
          value(m.theirs);
          value(m.gap);
          value(m.ours);
          for (const c of m.changes) if (c.percent !== undefined) shown.push(formatStatedPercent(c.percent, c.qualifier));
        }
      }
      if ('share' in py) ratio(py.share?.computed);
      if ('members' in py) {
        for (const m of py.members) ratio(m.share);
        value(py.notItemised);
        value(py.itemisedSum);
      }
      for (const note of py.notes) {
        if (note.kind === 'parts-disagree') {
          // The sum, derived; where a part is a lower bound ("over $8.1bn"), at the coarsest part's digits.
          shown.push(formatUsd(plus(note.exports, note.imports, '')));
          const unit = Math.max(2 * note.exports.halfUnit!, 2 * note.imports.halfUnit!);
          const least = Math.round((note.exports.usd + note.imports.usd) / unit) * unit;
          shown.push(formatUsdAsWritten(reported({ usd: least, halfUnit: unit / 2 }, undefined, [])));
        }
        if (note.kind === 'change-disagrees') ratio(note.computedPercent);
        if (note.kind === 'sources-disagree') value(note.other);
        if (note.kind === 'cumulative-falls') [note.longer.value, note.shorter.value].forEach(value);
      }
    }
  }
  // Numbers data/ itself holds in words: notes on other sources' rounding, key points as their source wrote them.
  for (const f of model.dataset.figures) if (f.note) shown.push(f.note);
  for (const k of figures.keyPoints) for (const v of Object.values(k.figures)) value(v);
  return new Set(shown.flatMap(numbersIn));
}

async function replies(): Promise<{ line: string; text: string }[]> {
  const lines = [
    ...model.partners.flatMap((p) => model.periods(p.id).map((y) => `/trade country:${p.id} period:${periodKey(y)}`)),
    ...model.regions.flatMap((r) => model.periods(r.id).map((y) => `/region name:${r.id} period:${periodKey(y)}`)),
    ...MEASURES.flatMap((m) => model.allChinaPeriods().map((y) => `/rank by:${m} period:${periodKey(y)}`)),
    '/compare first:kazakhstan second:uzbekistan',
    '/compare first:azerbaijan second:georgia third:armenia',
    '/keypoints',
    '/keypoints period:2024',
    '/keypoints region:central-asia period:"Jan-Oct 2025"',
    '/keypoints region:central-asia period:2013',
  ];
  return Promise.all(lines.map(async (line) => ({ line, text: textOf((await ask(line)).result) })));
}

describe('every number in a reply traces to the data or to a rule of the model', () => {
  it('no reply shows a dollar amount or a percentage that no source printed and no rule derives', async () => {
    const allowed = allowedNumbers();
    const strays: string[] = [];
    for (const { line, text } of await replies()) {
      // Years, ranks, counts and source marks are not figures; dates in source lines are not either.
      const figuresOnly = text.replace(/\[\d+\]/g, '').replace(/\d{4}-\d{2}(-\d{2})?/g, '');
      for (const n of numbersIn(figuresOnly)) if (!allowed.has(n)) strays.push(`${line}: ${n}`);
    }
    expect(strays).toEqual([]);
    // The test can fail: the old rounding of Turkmenistan's $10.65 bn is no number any source printed.
    expect(allowed.has('10.7 bn')).toBe(false);
  });
});
