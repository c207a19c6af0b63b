/**
 * The Comtrade import at 10^6 rows (issue 13: under 30 s). Writes a Plus-layout CSV of
 * 10^6 rows into a temporary folder (never committed), imports it into a temporary data folder
 * in a fresh process, and prints the time, the rows per second and the peak RSS; then imports it
 * again (the "already imported" path). Everything it wrote is removed at the end.
 * Run: npm run bench:import [-- --rows N]
 */
import { fork } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HEADER =
  'typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,' +
  'partner2Code,partner2ISO,partner2Desc,classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,' +
  'customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,' +
  'netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate';

/** 60 partners by M49 code and ISO3: enough to look like a real "China with everyone" download. */
const PARTNERS: readonly [number, string, string][] = [
  [398, 'KAZ', 'Kazakhstan'], [417, 'KGZ', 'Kyrgyzstan'], [860, 'UZB', 'Uzbekistan'], [795, 'TKM', 'Turkmenistan'], [762, 'TJK', 'Tajikistan'],
  [31, 'AZE', 'Azerbaijan'], [268, 'GEO', 'Georgia'], [51, 'ARM', 'Armenia'], [643, 'RUS', 'Russian Federation'], [496, 'MNG', 'Mongolia'],
  [276, 'DEU', 'Germany'], [250, 'FRA', 'France'], [380, 'ITA', 'Italy'], [724, 'ESP', 'Spain'], [528, 'NLD', 'Netherlands'],
  [56, 'BEL', 'Belgium'], [616, 'POL', 'Poland'], [203, 'CZE', 'Czechia'], [40, 'AUT', 'Austria'], [752, 'SWE', 'Sweden'],
  [826, 'GBR', 'United Kingdom'], [372, 'IRL', 'Ireland'], [620, 'PRT', 'Portugal'], [300, 'GRC', 'Greece'], [348, 'HUN', 'Hungary'],
  [642, 'ROU', 'Romania'], [100, 'BGR', 'Bulgaria'], [792, 'TUR', 'Türkiye'], [364, 'IRN', 'Iran'], [368, 'IRQ', 'Iraq'],
  [682, 'SAU', 'Saudi Arabia'], [784, 'ARE', 'United Arab Emirates'], [376, 'ISR', 'Israel'], [818, 'EGY', 'Egypt'], [710, 'ZAF', 'South Africa'],
  [566, 'NGA', 'Nigeria'], [24, 'AGO', 'Angola'], [404, 'KEN', 'Kenya'], [231, 'ETH', 'Ethiopia'], [12, 'DZA', 'Algeria'],
  [392, 'JPN', 'Japan'], [410, 'KOR', 'Rep. of Korea'], [704, 'VNM', 'Viet Nam'], [764, 'THA', 'Thailand'], [458, 'MYS', 'Malaysia'],
  [360, 'IDN', 'Indonesia'], [608, 'PHL', 'Philippines'], [702, 'SGP', 'Singapore'], [699, 'IND', 'India'], [586, 'PAK', 'Pakistan'],
  [50, 'BGD', 'Bangladesh'], [36, 'AUS', 'Australia'], [554, 'NZL', 'New Zealand'], [124, 'CAN', 'Canada'], [842, 'USA', 'USA'],
  [484, 'MEX', 'Mexico'], [76, 'BRA', 'Brazil'], [32, 'ARG', 'Argentina'], [152, 'CHL', 'Chile'], [604, 'PER', 'Peru'],
]; // prettier-ignore
const CHAPTERS = Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '77');
const COMMODITIES: readonly [string, string, string][] = [
  ['TOTAL', 'All Commodities', '0'],
  ...CHAPTERS.map((c): [string, string, string] => [c, `"Chapter ${c} goods, their parts and accessories; n.e.s."`, '2']),
];

function row(year: number, reporter: [number, string, string], flow: 'M' | 'X' | 'RX', partner: [number, string, string], cmd: [string, string, string], value: number, mot = 0, customs = 'C00'): string {
  const flowDesc = flow === 'M' ? 'Import' : flow === 'X' ? 'Export' : 'Re-export';
  const v = String(value);
  return (
    `C,A,${year}0101,${year},52,${year},${reporter[0]},${reporter[1]},${reporter[2]},${flow},${flowDesc},${partner[0]},${partner[1]},${partner[2]},` +
    `0,W00,World,H6,HS,True,${cmd[0]},${cmd[1]},${cmd[2]},False,${customs},TOTAL CPC,0,${mot},${mot === 0 ? 'TOTAL MOT' : 'Railway'},` +
    `-1,N/A,0,False,-1,N/A,0,False,0,False,0,False,${flow === 'M' ? v : ''},${flow === 'M' ? '' : v},${v},0,True,True\n`
  );
} // prettier-ignore

/** Rows in the order Comtrade gives them, aggregate rows with some breakdown and re-export rows between. */
function* rows(): Generator<string> {
  const china: [number, string, string] = [156, 'CHN', 'China'];
  let n = 1;
  for (let year = 1990; ; year++) {
    for (const partner of PARTNERS) {
      for (const [reporter, other] of [
        [china, partner],
        [partner, china],
      ] as const) {
        for (const flow of ['M', 'X'] as const) {
          for (let c = 0; c < COMMODITIES.length; c++) {
            const value = ((n = (n * 48271) % 2147483647) % 9_000_000_000) + 1000;
            yield row(year, reporter, flow, other, COMMODITIES[c]!, value);
            if (c % 3 === 0) yield row(year, reporter, flow, other, COMMODITIES[c]!, Math.floor(value / 3), 3100);
            if (c % 5 === 0) yield row(year, reporter, flow, other, COMMODITIES[c]!, Math.floor(value / 7), 0, 'C01');
          }
        }
        yield row(year, reporter, 'RX', other, COMMODITIES[0]!, 12345);
      }
    }
  }
}

async function writeCsv(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = `\uFEFF${HEADER}\n`;
  let written = 0;
  for (const line of rows()) {
    if (written++ === count) break;
    chunk += line;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
}

interface Done {
  type: 'done';
  code: number;
  ms: number;
  maxRssMb: number;
  out: string;
  err: string;
}

function runImport(csv: string, data: string): Promise<Done & { wallMs: number }> {
  const started = performance.now();
  const child = fork(fileURLToPath(new URL('./importProcess.ts', import.meta.url)), ['comtrade', csv, '--data', data], {
    execArgv: ['--import', 'tsx'],
  });
  return new Promise((resolve, reject) => {
    let done: Done | undefined;
    child.on('message', (m) => (done = m as Done));
    child.on('error', reject);
    child.on('exit', (code) =>
      done ? resolve({ ...done, wallMs: performance.now() - started }) : reject(new Error(`import exited ${code} without a report`)),
    );
  });
}

const rowsWanted = Number(parseArgs({ options: { rows: { type: 'string', default: '1000000' } } }).values.rows);
const folder = mkdtempSync(join(tmpdir(), 'bench-import-'));
try {
  const csv = join(folder, 'china-world-hs2.csv');
  const data = join(folder, 'data');
  let t = performance.now();
  await writeCsv(csv, rowsWanted);
  const mb = statSync(csv).size / 1e6;
  process.stderr.write(
    `bench: wrote ${rowsWanted.toLocaleString('en-US')} rows (${mb.toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
  );

  const first = await runImport(csv, data);
  if (first.code !== 0) throw new Error(`import failed (${first.code}): ${first.err}`);
  t = performance.now();
  const again = await runImport(csv, data);
  const output = first.out.match(/ to (\S+\.json)\./)?.[1];
  const outMb = output ? statSync(output).size / 1e6 : NaN;
  const rate = rowsWanted / (first.ms / 1000);
  console.log(`| import of ${rowsWanted.toLocaleString('en-US')} Comtrade Plus rows (${mb.toFixed(0)} MB) | |`);
  console.log('|---|---|');
  console.log(
    `| import, in-process time | ${(first.ms / 1000).toFixed(1)} s (${Math.round(rate).toLocaleString('en-US')} rows/s; target < 30 s) |`,
  );
  console.log(`| import, process wall time (with Node and tsx start-up) | ${(first.wallMs / 1000).toFixed(1)} s |`);
  console.log(`| peak RSS of the import process | ${first.maxRssMb.toFixed(0)} MB |`);
  console.log(`| output file | ${outMb.toFixed(0)} MB |`);
  console.log(`| same file again ("already imported") | ${(again.ms / 1000).toFixed(1)} s, peak RSS ${again.maxRssMb.toFixed(0)} MB |`);
  console.log(`\n${first.out.trim()}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
