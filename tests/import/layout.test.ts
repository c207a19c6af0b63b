import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../src/import/layout.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const headerOf = (name: string) =>
  readFileSync(join(FIXTURES, name), 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\n')[0]!
    .split(',');

describe('recognising a Comtrade CSV by its header row', () => {
  it('reads the Comtrade Plus header and finds primaryValue, the breakdown columns and the frequency', () => {
    const found = detectLayout(headerOf('plus-annual.csv'));
    if (!('layout' in found)) throw new Error(found.problem);
    expect(found.layout.name).toBe('plus');
    expect(found.layout.index.value).toBe(43);
    expect(found.layout.column.value).toBe('primaryValue');
    expect(found.layout.index.freq).toBe(1);
    expect(found.layout.index.partner2Code).toBe(14);
    expect(found.layout.index.customsCode).toBe(24);
    expect(found.layout.index.motCode).toBe(27);
    expect(found.layout.width).toBe(47);
  });

  it('recognises the Plus layout by its columns, not their order, and ignores a trailing empty column', () => {
    const found = detectLayout(headerOf('plus-reordered.csv'));
    if (!('layout' in found)) throw new Error(found.problem);
    expect(found.layout.name).toBe('plus');
    expect(found.layout.index.period).toBe(0);
    expect(found.layout.index.value).toBe(12);
    expect(found.layout.width).toBe(13);
    expect(found.layout.index.motCode).toBeUndefined();
  });

  it('reads the legacy header, which has no breakdown columns', () => {
    const found = detectLayout(headerOf('legacy-annual.csv'));
    if (!('layout' in found)) throw new Error(found.problem);
    expect(found.layout.name).toBe('legacy');
    expect(found.layout.column.value).toBe('Trade Value (US$)');
    expect(found.layout.index.value).toBe(20);
    expect(found.layout.index.partner2Code).toBeUndefined();
    expect(found.layout.index.freq).toBeUndefined();
  });

  it('reads a later legacy header with second partner, customs and transport columns', () => {
    const found = detectLayout(headerOf('legacy-extra.csv'));
    if (!('layout' in found)) throw new Error(found.problem);
    expect(found.layout.name).toBe('legacy');
    expect(found.layout.column.partner2Code).toBe('2nd Partner Code');
    expect(found.layout.column.customsCode).toBe('Customs Proc. Code');
    expect(found.layout.column.motCode).toBe('Mode of Transport Code');
    expect(found.layout.index.value).toBe(31);
  });

  it('reads a legacy header written without spaces and punctuation ("TradeFlow Code", "TradeValueUS")', () => {
    const found = detectLayout(headerOf('legacy-variant.csv'));
    if (!('layout' in found)) throw new Error(found.problem);
    expect(found.layout.name).toBe('legacy');
    expect(found.layout.column.value).toBe('TradeValueUS');
    expect(found.layout.column.flowCode).toBe('TradeFlow Code');
  });

  it('rejects any other header and says what the nearest layout lacks', () => {
    const found = detectLayout(headerOf('bad-header.csv'));
    expect('problem' in found && found.problem).toMatch(/^unknown header "Country,Year,Exports,Imports": not a UN Comtrade CSV/);
    expect('problem' in found && found.problem).toContain('"Trade Value (US$)"');
  });
});
