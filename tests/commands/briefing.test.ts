import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ask, field, model, withSourceNames } from '../helpers/app.js';
import { parseAmount } from '../../src/model/amount.js';
import { hedgedRange } from '../../src/model/value.js';
import type { Flow, Qualifier } from '../../src/model/schema.js';

const briefing = readFileSync('data/sources/briefing-eurasianet-2025-01-29.txt', 'utf8').replace(/’/g, "'");

interface Row {
  /** Words from the briefing, as printed there. */
  readonly says: string;
  readonly ask: string;
  readonly field: string;
  /** What the reply must show, from China's side, each source mark replaced by the source it points to. */
  readonly shows: string;
  /** The figure the sentence gives, as written, for checking that our value lies within it. */
  readonly figure?: { partner: string; year: number; flow: Flow; written: string; qualifier?: Qualifier };
}

const rows: Row[] = [
  {
    says: 'reached a record $94.8 billion',
    ask: '/region central-asia year:2024',
    field: 'Total trade',
    shows: '$94.82 bn',
    figure: { partner: 'central-asia', year: 2024, flow: 'total', written: '94.8 bn' },
  },
  {
    says: 'trade turnover increased by almost 5%',
    ask: '/region central-asia year:2024',
    field: 'Change on 2023',
    shows: 'almost +5% [Eurasianet, 2025-01-29]',
  },
  {
    says: 'from $89.4 billion the year before',
    ask: '/region central-asia year:2023',
    field: 'Total trade',
    shows: '$89.4 bn',
    figure: { partner: 'central-asia', year: 2023, flow: 'total', written: '89.4 bn' },
  },
  {
    says: 'Chinese exports to the region accounted for more than two-thirds of this total, valued at $64.2 billion',
    ask: '/region central-asia year:2024',
    field: "China's exports",
    shows: '$64.2 bn',
    figure: { partner: 'central-asia', year: 2024, flow: 'china-exports', written: '64.2 bn' },
  },
  {
    says: 'China imported $30.6 billion worth of goods from Central Asia',
    ask: '/region central-asia year:2024',
    field: "China's imports",
    shows: '$30.6 bn',
    figure: { partner: 'central-asia', year: 2024, flow: 'china-imports', written: '30.6 bn' },
  },
  {
    says: 'bilateral trade reaching $43.8 billion',
    ask: '/trade kazakhstan year:2024',
    field: 'Total trade',
    shows: '$43.82 bn',
    figure: { partner: 'kazakhstan', year: 2024, flow: 'total', written: '43.8 bn' },
  },
  {
    says: 'a nearly 7% increase from the previous year',
    ask: '/trade kazakhstan year:2024',
    field: 'Change on 2023',
    shows: 'nearly +7% [Eurasianet, 2025-01-29]',
  },
  {
    says: 'Kazakhstan imported $28 billion worth of goods and services from China',
    ask: '/trade kazakhstan year:2024',
    field: "China's exports (to Kazakhstan)",
    shows: '$28 bn',
    figure: { partner: 'kazakhstan', year: 2024, flow: 'china-exports', written: '28 bn' },
  },
  {
    says: 'its exports to Beijing totaled $15.9 billion',
    ask: '/trade kazakhstan year:2024',
    field: "China's imports (from Kazakhstan)",
    shows: '$15.9 bn',
    figure: { partner: 'kazakhstan', year: 2024, flow: 'china-imports', written: '15.9 bn' },
  },
  {
    says: 'total trade rising by about 15% to $22.7 billion',
    ask: '/trade kyrgyzstan year:2024',
    field: 'Total trade',
    shows: '$22.71 bn',
    figure: { partner: 'kyrgyzstan', year: 2024, flow: 'total', written: '22.7 bn' },
  },
  {
    says: 'total trade rising by about 15%',
    ask: '/trade kyrgyzstan year:2024',
    field: 'Change on 2023',
    shows: 'about +15% [Eurasianet, 2025-01-29]',
  },
  {
    says: "Kyrgyzstan's exports to China surged by an astounding 3,270%",
    ask: '/trade kyrgyzstan year:2024',
    field: "China's imports (from Kyrgyzstan)",
    shows: '$2.8 bn [Eurasianet, 2025-01-29; The Caspian Post, 2026]\n+3,270% [Eurasianet, 2025-01-29]',
    figure: { partner: 'kyrgyzstan', year: 2024, flow: 'china-imports', written: '2.8 bn' },
  },
  {
    says: 'from just $80 million in 2023',
    ask: '/trade kyrgyzstan 2023',
    field: "China's imports (from Kyrgyzstan)",
    shows: '$80 m',
    figure: { partner: 'kyrgyzstan', year: 2023, flow: 'china-imports', written: '80 m' },
  },
  {
    says: 'importing $19.9 billion worth of Chinese goods',
    ask: '/trade kyrgyzstan year:2024',
    field: "China's exports (to Kyrgyzstan)",
    shows: '$19.9 bn',
    figure: { partner: 'kyrgyzstan', year: 2024, flow: 'china-exports', written: '19.9 bn' },
  },
  {
    says: 'remained steady at $10.6 billion',
    ask: '/trade turkmenistan year:2024',
    field: 'Total trade',
    shows: '$10.65 bn',
    figure: { partner: 'turkmenistan', year: 2024, flow: 'total', written: '10.6 bn' },
  },
  {
    says: 'exporting $9.6 billion',
    ask: '/trade turkmenistan year:2024',
    field: "China's imports (from Turkmenistan)",
    shows: '$9.6 bn',
    figure: { partner: 'turkmenistan', year: 2024, flow: 'china-imports', written: '9.6 bn' },
  },
  {
    says: 'importing just over $1 billion',
    ask: '/trade turkmenistan year:2024',
    field: "China's exports (to Turkmenistan)",
    shows: 'just over $1 bn',
    figure: { partner: 'turkmenistan', year: 2024, flow: 'china-exports', written: '1 bn', qualifier: 'just over' },
  },
  {
    says: 'the only Central Asian country to record a trade surplus with Beijing',
    ask: '/trade turkmenistan year:2024',
    field: 'Balance',
    shows: "Turkmenistan's surplus of about $8.6 bn (derived)",
  },
  {
    says: 'Azerbaijan led the region in trade with China at nearly $2.5 billion',
    ask: '/trade azerbaijan year:2024',
    field: 'Total trade',
    shows: 'nearly $2.5 bn [Eurasianet, citing Oilprice, 2025-01-29]',
    figure: { partner: 'azerbaijan', year: 2024, flow: 'total', written: '2.5 bn', qualifier: 'nearly' },
  },
  {
    says: 'marking a 43% year-over-year increase',
    ask: '/trade azerbaijan year:2024',
    field: 'Change on 2023',
    shows: '+43% [Eurasianet, citing Oilprice, 2025-01-29]',
  },
  {
    says: 'imports, which surged 55% to $2.4 billion',
    ask: '/trade azerbaijan year:2024',
    field: "China's exports (to Azerbaijan)",
    shows: '$2.4 bn [Eurasianet, citing Oilprice, 2025-01-29]\n+55% [Eurasianet, citing Oilprice, 2025-01-29]',
    figure: { partner: 'azerbaijan', year: 2024, flow: 'china-exports', written: '2.4 bn' },
  },
  {
    says: "Azerbaijan's exports to China plummeted by 64% to just $61 million",
    ask: '/trade azerbaijan year:2024',
    field: "China's imports (from Azerbaijan)",
    shows: '$61 m [Eurasianet, citing Oilprice, 2025-01-29]\n−64% [Eurasianet, citing Oilprice, 2025-01-29]',
    figure: { partner: 'azerbaijan', year: 2024, flow: 'china-imports', written: '61 m' },
  },
  {
    says: "Georgia's trade with China grew by about 10% to $2.3 billion",
    ask: '/trade georgia year:2024',
    field: 'Total trade',
    shows: '$2.3 bn',
    figure: { partner: 'georgia', year: 2024, flow: 'total', written: '2.3 bn' },
  },
  {
    says: "Georgia's trade with China grew by about 10%",
    ask: '/trade georgia year:2024',
    field: 'Change on 2023',
    shows: 'about +10% [Eurasianet, 2025-01-29]',
  },
  {
    says: 'with imports remaining steady at $2 billion',
    ask: '/trade georgia year:2024',
    field: "China's exports (to Georgia)",
    shows: '$2 bn',
    figure: { partner: 'georgia', year: 2024, flow: 'china-exports', written: '2 bn' },
  },
  {
    says: 'exports surged by 142%, the total remained relatively modest at $276 million',
    ask: '/trade georgia year:2024',
    field: "China's imports (from Georgia)",
    shows: '$276 m [Eurasianet, 2025-01-29]\n+142% [Eurasianet, 2025-01-29]',
    figure: { partner: 'georgia', year: 2024, flow: 'china-imports', written: '276 m' },
  },
];

describe('every figure in the briefing reaches the user with its value and direction', () => {
  it.each(rows)('"$says" → $ask shows $field: $shows', async (row) => {
    expect(briefing).toContain(row.says);
    const outcome = await ask(row.ask);
    expect(outcome.kind).toBe('ok');
    const shown = withSourceNames(outcome.result, field(outcome.result, row.field));
    expect(shown.startsWith(row.shows), shown).toBe(true);
    if (row.figure) {
      const f = row.figure;
      const stored = model.partnerYear(f.partner, f.year)?.flows[f.flow].value ?? model.regionYear(f.partner, f.year)?.flows[f.flow].value;
      expect(stored?.provenance).toBe('reported');
      const [lo, hi] = hedgedRange(parseAmount(f.written)!, f.qualifier);
      expect(stored!.usd).toBeGreaterThanOrEqual(lo);
      expect(stored!.usd).toBeLessThanOrEqual(hi);
    }
  });
});
