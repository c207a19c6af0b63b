/**
 * The architecture as a test: every import points down the layers (DESIGN.md), and no files
 * import each other in a circle. Read from the sources themselves, so a new file is checked too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Bottom first. A folder may import its own files and any folder of a lower layer. */
const LAYERS: readonly (readonly string[])[] = [
  ['src/core', 'src/config'],
  ['src/log', 'src/model'],
  // The importer turns downloaded datasets into data/ files: run by scripts/, never by the bot.
  ['src/import'],
  ['src/format', 'src/charts'],
  ['src/digest'],
  ['commands'],
  ['src/app'],
  ['src/discord', 'src/console'],
  ['src/main.ts'],
];
/** Siblings in one layer that may import each other (checked for cycles below). */
const SIBLINGS = new Set(['src/format>src/charts', 'src/charts>src/format']);
/** The model modules the importer may use: pure ones only (no loading, no watching). */
const IMPORT_MAY_USE_MODEL = new Set(['src/model/amount.ts']);
/** What the bottom layer may import from outside the project. */
const CORE_PACKAGES = /^(discord-api-types(\/.*)?|node:.*)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const SOURCES = [...files('src'), ...files('commands')];

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
  return found;
}

/** A project file an import names, or null for a package. */
function target(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return normalize(join(dirname(from), spec)).replace(/\.js$/, '.ts');
}

function folderOf(file: string): string {
  const match = LAYERS.flat().find((f) => file === f || file.startsWith(`${f}/`));
  if (!match) throw new Error(`${file} is in no layer: add its folder to LAYERS`);
  return match;
}
const layerOf = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));

describe('the layers', () => {
  it('every file belongs to a layer', () => {
    for (const file of SOURCES) expect(() => folderOf(file)).not.toThrow();
  });

  it('every import points down the layers, or within a folder', () => {
    const upwards: string[] = [];
    for (const file of SOURCES) {
      const mine = folderOf(file);
      for (const spec of importsOf(file)) {
        const to = target(file, spec);
        if (to === null) continue;
        if (!to.startsWith('src/') && !to.startsWith('commands/')) {
          upwards.push(`${file} imports ${spec}, outside src/ and commands/`);
          continue;
        }
        const theirs = folderOf(to);
        if (theirs === mine || SIBLINGS.has(`${mine}>${theirs}`)) continue;
        if (layerOf(theirs) >= layerOf(mine)) upwards.push(`${file} imports ${relative('.', to)}`);
      }
    }
    expect(upwards).toEqual([]);
  });

  it('no command imports another command; commands share code only through src/', () => {
    const across = SOURCES.filter((f) => f.startsWith('commands/') && !['commands/index.ts'].includes(f)).flatMap((file) =>
      importsOf(file)
        .map((spec) => target(file, spec))
        .filter(
          (to): to is string => to !== null && to.startsWith('commands/') && !['commands/contract.ts', 'commands/options.ts'].includes(to),
        )
        .map((to) => `${file} imports ${to}`),
    );
    expect(across).toEqual([]);
  });

  it('the reply contract at the bottom imports nothing but discord-api-types', () => {
    const outside = SOURCES.filter((f) => f.startsWith('src/core/')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => (spec.startsWith('.') ? !target(file, spec)!.startsWith('src/core/') : !CORE_PACKAGES.test(spec)))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('nothing in the bot imports the importer; only scripts/ and tests/ run it', () => {
    const into = SOURCES.filter((f) => !f.startsWith('src/import/')).flatMap((file) =>
      importsOf(file)
        .map((spec) => target(file, spec))
        .filter((to): to is string => to !== null && to.startsWith('src/import/'))
        .map((to) => `${file} imports ${to}`),
    );
    expect(into).toEqual([]);
  });

  it('the importer uses only the pure model modules', () => {
    const impure = SOURCES.filter((f) => f.startsWith('src/import/')).flatMap((file) =>
      importsOf(file)
        .map((spec) => target(file, spec))
        .filter((to): to is string => to !== null && to.startsWith('src/model/') && !IMPORT_MAY_USE_MODEL.has(to))
        .map((to) => `${file} imports ${to}`),
    );
    expect(impure).toEqual([]);
  });

  it('no files import each other in a circle', () => {
    const graph = new Map(
      SOURCES.map((f) => [
        f,
        importsOf(f)
          .map((s) => target(f, s))
          .filter((t): t is string => t !== null),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of SOURCES) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
describe('scripts and tests', () => {
  it('no script imports test code', () => {
    const found = files('scripts').flatMap((file) =>
      importsOf(file)
        .map((spec) => target(file, spec))
        .filter((to): to is string => to !== null && to.startsWith('tests/'))
        .map((to) => `${file} imports ${to}`),
    );
    expect(found).toEqual([]);
  });
});
