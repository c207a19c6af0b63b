import type { DataFiles } from '../../src/model/dataset.js';

/**
 * A synthetic `data/` with about `figures` figures: many partners in ten regions, many years, all
 * three flows from China's side, a reported change on every total. Deterministic, so runs compare.
 */
export function syntheticData(figures: number): DataFiles {
  const years = figures >= 100_000 ? 30 : 10;
  const regionsCount = 10;
  const partnersCount = Math.max(regionsCount, Math.round(figures / (years * 3)));
  const regions = Array.from({ length: regionsCount }, (_, r) => ({ id: `region-${r}`, name: `Region ${r}`, aliases: [`r${r}`] }));
  const partners = Array.from({ length: partnersCount }, (_, p) => ({
    id: `partner-${p}`,
    name: `Partner ${p}`,
    region: `region-${p % regionsCount}`,
    iso2: String.fromCharCode(65 + (p % 26), 65 + (Math.floor(p / 26) % 26)),
    iso3: String.fromCharCode(65 + (p % 26), 65 + (Math.floor(p / 26) % 26), 65 + (Math.floor(p / 676) % 26)),
    aliases: [`partnerland ${p}`],
  }));
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: unknown[] = [];
  for (const partner of partners) {
    for (let y = 0; y < years; y++) {
      const exports = 1 + random() * 40;
      const imports = 0.1 + random() * 20;
      const year = 2024 - y;
      const base = { partner: partner.id, year, reporter: 'china', sources: ['synthetic'] };
      out.push({
        ...base,
        flow: 'total',
        usd: `${(exports + imports).toFixed(2)} bn`,
        change: [{ percent: Math.round(random() * 20 - 5), source: 'synthetic' }],
      });
      out.push({ ...base, flow: 'china-exports', usd: `${exports.toFixed(2)} bn` });
      out.push({ ...base, flow: 'china-imports', usd: `${imports.toFixed(2)} bn` });
    }
  }
  const source = [
    {
      id: 'synthetic',
      short: 'Synthetic',
      publication: 'Synthetic',
      title: 'Synthetic figures',
      date: '2025',
      url: null,
      reports: 'nothing',
    },
  ];
  return {
    sources: { path: 'synthetic/sources.json', text: JSON.stringify(source) },
    partners: { path: 'synthetic/partners.json', text: JSON.stringify({ regions, partners }) },
    figures: [{ path: 'synthetic/figures.json', text: JSON.stringify({ figures: out }) }],
  };
}
