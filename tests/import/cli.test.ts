import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImportCli, type CliIo } from '../../src/import/cli.js';
import type { ImportDocument } from '../../src/import/document.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);

let data: string;
beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'comtrade-import-'));
  copyFileSync(fixture('data/partners.json'), join(data, 'partners.json'));
});
afterEach(() => rmSync(data, { recursive: true, force: true }));

/** Every file under a directory, by path, with a hash of its bytes. */
function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${relative(dir, path)}\0`).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const importFiles = () => readdirSync(join(data, 'imports')).sort();
const readImport = (name: string) => JSON.parse(readFileSync(join(data, 'imports', name), 'utf8')) as ImportDocument;

function runChild(...args: string[]) {
  return spawnSync('npx', ['tsx', 'scripts/import.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
}

async function runInProcess(args: string[], now = new Date('2026-12-01T10:00:00.000Z')) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), progress: false, now: () => now };
  const code = await runImportCli(args, io);
  return { code, out, err };
}

describe('npm run import -- comtrade, as a child process', () => {
  it('writes one import file, prints a summary, and exits 0', () => {
    const run = runChild('comtrade', fixture('plus-annual.csv'), '--data', data);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [name, ...others] = importFiles();
    expect(others).toEqual([]);
    expect(name).toMatch(/^comtrade-plus-annual-[0-9a-f]{8}\.json$/);
    const doc = readImport(name!);
    expect(name).toContain(doc.provenance.sha256.slice(0, 8));
    expect(doc.figures).toHaveLength(10);
    expect(run.stdout).toMatch(/^Read 22 rows of plus-annual\.csv \(Comtrade Plus layout/);
    expect(run.stdout).toContain('kept 10 and skipped 12');
    expect(run.stdout).toContain('re-exports and re-imports (kept apart, never added in): 2');
    expect(run.stdout).toContain(`Wrote 10 figures (China–Kazakhstan, China–Russia, 2023, annual`);
    expect(run.stdout).toContain(join(data, 'imports', name!));
  });

  it('stops on a bad file, lists every problem with file, line and column, exits 1 and leaves the data directory as it was', () => {
    const before = hashTree(data);
    const run = runChild('comtrade', fixture('plus-annual.csv'), fixture('bad-rows.csv'), fixture('bad-header.csv'), '--data', data);
    expect(run.status).toBe(1);
    const bad = fixture('bad-rows.csv');
    expect(run.stderr.split('\n')).toEqual([
      `${bad}:2: column "primaryValue": the row has no value`,
      `${bad}:3: column "primaryValue": value "12a" is not a number`,
      `${bad}:5: column "period": period "202313" does not parse (expected YYYYMM)`,
      `${bad}:6: column "partnerCode": unknown country code 999 (XYZ, Nowhere)`,
      expect.stringMatching(new RegExp(`^${fixture('bad-header.csv').replace(/[.]/g, '\\.')}:1: column "\\(header\\)": unknown header`)),
      expect.stringMatching(/^5 problems in 2 files: nothing was imported and .* is as it was/),
      '',
    ]);
    expect(run.stdout).toBe('');
    expect(hashTree(data)).toBe(before);
  });

  it('exits 2 with a usage line when it is given no arguments', () => {
    const run = runChild();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run import -- comtrade <file.csv>... [--data <dir>]');
  });
});

describe('bad arguments', () => {
  it('exit 2 with what was wrong and the usage line, and touch nothing', async () => {
    const before = hashTree(data);
    const cases: [string[], string][] = [
      [['wits', 'a.csv'], 'unknown importer "wits" (the one there is: comtrade)'],
      [['comtrade'], 'name at least one CSV file'],
      [['comtrade', fixture('plus-annual.csv'), '--data'], '--data needs a directory'],
      [['comtrade', fixture('plus-annual.csv'), '--force'], 'unknown option --force'],
      [['comtrade', 'no-such.csv', '--data', data], 'no-such.csv: no such file'],
    ];
    for (const [args, message] of cases) {
      const run = await runInProcess(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toBe(`${message}\nusage: npm run import -- comtrade <file.csv>... [--data <dir>]\n`);
    }
    expect(hashTree(data)).toBe(before);
  });
});

describe('a file with nothing to keep', () => {
  it('writes no file and says why', async () => {
    const before = hashTree(data);
    const run = await runInProcess(['comtrade', fixture('legacy-former.csv'), '--data', data]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('kept 0 and skipped 1: rows of China with a country that no longer exists');
    expect(run.out).toContain("No figures of China's trade with a country: nothing was written.");
    expect(hashTree(data)).toBe(before);
  });
});

describe('a broken data directory', () => {
  it('a partners.json that is not JSON stops the import before anything is written', async () => {
    writeFileSync(join(data, 'partners.json'), '{ "partners": [');
    const before = hashTree(data);
    const run = await runInProcess(['comtrade', fixture('plus-annual.csv'), '--data', data]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${join(data, 'partners.json')}: not valid JSON`);
    expect(hashTree(data)).toBe(before);
  });
});

describe('importing again', () => {
  it('the same file again changes nothing and says it was already imported', async () => {
    expect((await runInProcess(['comtrade', fixture('plus-annual.csv'), '--data', data])).code).toBe(0);
    const before = hashTree(data);
    const again = await runInProcess(['comtrade', fixture('plus-annual.csv'), '--data', data], new Date('2026-12-02T09:00:00.000Z'));
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/plus-annual\.csv: already imported as .*comtrade-plus-annual-[0-9a-f]{8}\.json; nothing changed\./);
    expect(hashTree(data)).toBe(before);
  });

  it('knows a file by its bytes: the same download under another name is already imported too', async () => {
    await runInProcess(['comtrade', fixture('plus-annual.csv'), '--data', data]);
    const before = hashTree(data);
    const renamed = join(data, '..', `${data.split('/').pop()}-renamed.csv`);
    copyFileSync(fixture('plus-annual.csv'), renamed);
    try {
      const again = await runInProcess(['comtrade', renamed, '--data', data]);
      expect(again.out).toContain('already imported as');
    } finally {
      rmSync(renamed);
    }
    expect(hashTree(data)).toBe(before);
  });

  it('a newer import replaces the figures it shares with an older one, which keeps the rest, and says so', async () => {
    await runInProcess(['comtrade', fixture('plus-annual.csv'), '--data', data], new Date('2026-12-01T10:00:00.000Z'));
    const [older] = importFiles();
    const newer = await runInProcess(['comtrade', fixture('plus-revised.csv'), '--data', data], new Date('2026-12-01T11:00:00.000Z'));
    expect(newer.code).toBe(0);
    expect(newer.out).toContain(
      `This newer import replaced 1 figure in ${join(data, 'imports', older!)} (China–Kazakhstan, China–Russia, 2023`,
    );

    const kept = readImport(older!);
    const chinaImports2023 = (d: ImportDocument) =>
      d.figures.filter(
        (f) => f.partner === 'kazakhstan' && f.period === '2023' && f.reporter === 'china' && f.flow === 'china-imports' && !f.product,
      );
    expect(chinaImports2023(kept)).toEqual([]);
    expect(kept.figures).toHaveLength(9);
    expect(kept.partners.map((p) => p.id)).toEqual(['russia']);

    const revised = readImport(importFiles().find((n) => n.startsWith('comtrade-plus-revised-'))!);
    expect(chinaImports2023(revised).map((f) => f.usd)).toEqual(['15400000000']);
  });

  it('deletes an older import that a newer one replaces entirely', async () => {
    await runInProcess(['comtrade', fixture('plus-revised.csv'), '--data', data], new Date('2026-12-01T10:00:00.000Z'));
    const [older] = importFiles();
    // plus-reordered.csv shares nothing with plus-revised.csv: both stay.
    await runInProcess(['comtrade', fixture('plus-reordered.csv'), '--data', data], new Date('2026-12-01T10:30:00.000Z'));
    expect(importFiles()).toHaveLength(2);
    const reordered = importFiles().find((n) => n !== older)!;
    const untouched = readFileSync(join(data, 'imports', reordered), 'utf8');
    const newer = await runInProcess(['comtrade', fixture('plus-revised-again.csv'), '--data', data]);
    expect(newer.code).toBe(0);
    expect(newer.out).toContain(`replaced 2 figures in ${join(data, 'imports', older!)}`);
    expect(newer.out).toContain('which held nothing else and was deleted');
    expect(importFiles()).not.toContain(older);
    expect(readFileSync(join(data, 'imports', reordered), 'utf8')).toBe(untouched);
  });
});
