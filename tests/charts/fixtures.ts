import { gap, type ChartDatum, type ChartSpec } from '../../src/charts/spec.js';

/** China–Kazakhstan, China's side: exports and imports by year. */
export const kazakhstanByYear: ChartSpec = {
  kind: 'bar',
  title: 'China–Kazakhstan trade, 2023–2024',
  labels: ['2023', '2024'],
  series: [
    { label: "China's exports", values: [24.7e9, 28e9] },
    { label: "China's imports", values: [16.3e9, 15.9e9] },
  ],
  sources: ["China's General Administration of Customs (GACC)"],
};

/** The same with one figure not reported. */
export const kazakhstanWithGap: ChartSpec = {
  ...kazakhstanByYear,
  series: [
    { label: "China's exports", values: [24.7e9, 28e9] },
    { label: "China's imports", values: [16.3e9, null] },
  ],
};

export const centralAsiaLabels = ['Kazakhstan', 'Kyrgyzstan', 'Uzbekistan', 'Turkmenistan', 'Tajikistan'];

/** Five Central Asian partners, largest first, the last one small ($61 m). */
export const centralAsiaRanked: ChartSpec = {
  kind: 'hbar',
  title: "China's trade with Central Asia, 2024",
  labels: centralAsiaLabels,
  series: [{ label: 'Total trade', values: [43.8e9, 22.7e9, 13.8e9, 10.6e9, 61e6] }],
  sources: ['GACC'],
};

/** Five partners, exports and imports side by side. */
export const centralAsiaGrouped: ChartSpec = {
  kind: 'bar',
  title: "China's exports and imports, Central Asia, 2024",
  labels: centralAsiaLabels,
  series: [
    { label: "China's exports", values: [28e9, 22e9, 11.1e9, 1.3e9, 2.6e9] },
    { label: "China's imports", values: [15.9e9, 0.7e9, 2.7e9, 9.3e9, 0.2e9] },
  ],
  sources: ['GACC'],
};

/** Shares with a residual slice. */
export const productShares: ChartSpec = {
  kind: 'pie',
  title: "China's exports to Kyrgyzstan by product, 2024",
  labels: ['Machinery', 'Textiles', 'Vehicles', 'not itemised'],
  series: [{ label: '2024', values: [5e9, 4e9, 2e9, 9e9] }],
  sources: ['GACC'],
};

/** Every figure under $1 bn: drawn in $ m. */
export const southCaucasusSmall: ChartSpec = {
  kind: 'hbar',
  title: "China's imports from the South Caucasus, 2024",
  labels: ['Georgia', 'Armenia', 'Azerbaijan'],
  series: [{ label: "China's imports", values: [0.61e9, 0.38e9, 61e6] }],
  sources: ['GACC'],
};

export const allFixtures = {
  kazakhstanByYear,
  kazakhstanWithGap,
  centralAsiaRanked,
  centralAsiaGrouped,
  productShares,
  southCaucasusSmall,
};

import { random } from '../helpers/random.js';

export { random };

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789\'"&#%+?=/\\{}[]:,–≈ЁжҚқğşçü中国🚢';

/** A spec of any size and any content, awkward characters and non-finite numbers included. */
export function generatedSpec(seed: number): ChartSpec {
  const r = random(seed);
  const int = (n: number) => Math.floor(r() * n);
  const chars = [...ALPHABET];
  const text = (max: number) => Array.from({ length: int(max) }, () => chars[int(chars.length)]).join('');
  const kinds = ['bar', 'hbar', 'pie'] as const;
  const labelCount = 1 + int(r() < 0.3 ? 250 : 20);
  const seriesCount = 1 + int(r() < 0.2 ? 8 : 3);
  const hedges = ['nearly', 'about', 'just over', 'more than', text(40)];
  const number = (): number => {
    const p = r();
    if (p < 0.03) return Number.NaN;
    if (p < 0.05) return Number.POSITIVE_INFINITY;
    if (p < 0.1) return -r() * 1e10;
    return r() * 10 ** (5 + int(8));
  };
  // Bare numbers and nulls, and values with their provenance, hedge or the label of a gap.
  const value = (): ChartDatum => {
    const p = r();
    if (p < 0.1) return null;
    if (p < 0.15) return gap(r() < 0.8 ? 'not reported' : text(30));
    if (p < 0.75) return number();
    const hedge = r() < 0.4 ? hedges[int(hedges.length)] : undefined;
    return { value: number(), provenance: r() < 0.5 ? 'derived' : 'reported', ...(hedge ? { hedge } : {}) };
  };
  return {
    kind: kinds[int(3)] ?? 'bar',
    title: text(200),
    labels: Array.from({ length: labelCount }, () => text(60)),
    series: Array.from({ length: seriesCount }, () => ({ label: text(40), values: Array.from({ length: labelCount }, value) })),
    sources: Array.from({ length: int(4) }, () => text(30)),
  };
}
