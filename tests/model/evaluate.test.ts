import { describe, expect, it } from 'vitest';
import { DOLLARS, Evaluator, valueArithmetic } from '../../src/model/evaluate.js';
import { FigureIndex } from '../../src/model/figureIndex.js';
import { loadDataset } from '../../src/model/loadFiles.js';
import { Places } from '../../src/model/places.js';
import { fullYear } from '../../src/model/period.js';
import { FLOWS } from '../../src/model/schema.js';

const dataset = await loadDataset('data');
const places = new Places(dataset.regions, dataset.partners);
const index = new FigureIndex(dataset, places);
const values = new Evaluator(places, index, valueArithmetic());
const dollars = new Evaluator(places, index, DOLLARS);

describe('one evaluator in two arithmetics', () => {
  it('gives the ranking columns exactly the dollars and percentages the replies show', () => {
    const derivations: string[] = [];
    for (const { id } of [...dataset.regions, ...dataset.partners]) {
      for (const y of index.allYears()) {
        const year = fullYear(y);
        const before = fullYear(y - 1);
        const where = `${id} ${y}`;
        for (const flow of FLOWS) {
          const value = values.flow(id, year, flow);
          expect(dollars.flow(id, year, flow), `${where} ${flow}`).toBe(value?.usd);
          if (value?.derivation) derivations.push(value.derivation);
        }
        const balance = values.balance(values.flow(id, year, 'china-exports'), values.flow(id, year, 'china-imports'));
        expect(dollars.balance(dollars.flow(id, year, 'china-exports'), dollars.flow(id, year, 'china-imports')), `${where} balance`).toBe(
          balance?.usd,
        );
        const growth = values.growth(values.flow(id, year, 'total'), values.flow(id, before, 'total'));
        expect(dollars.growth(dollars.flow(id, year, 'total'), dollars.flow(id, before, 'total')), `${where} growth`).toBe(growth?.value);
      }
    }
    // Both ways of deriving a flow are exercised: from the other two flows, and from the region.
    expect(derivations.some((d) => d.startsWith("China's exports +") || d.startsWith('total trade −'))).toBe(true);
    expect(derivations.some((d) => dataset.regions.some((r) => d.startsWith(`${r.name} total −`)))).toBe(true);
  });
});
