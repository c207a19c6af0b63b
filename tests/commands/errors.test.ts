import { describe, expect, it } from 'vitest';
import { app, ask, DM, isEphemeral, textOf } from '../helpers/app.js';

describe('bad input gets a specific, ephemeral answer', () => {
  it('suggests Kazakhstan for "Kazakstn" and lists what is covered', async () => {
    const { kind, result } = await ask('/trade Kazakstn');
    expect(kind).toBe('user-error');
    expect(isEphemeral(result)).toBe(true);
    expect(result.data.content).toBe(
      'No figures for “Kazakstn”. Did you mean Kazakhstan? Covered: Kazakhstan, Kyrgyzstan, Uzbekistan, Turkmenistan, Tajikistan, Azerbaijan, Georgia, Armenia.',
    );
  });

  it('names the periods that have figures when asked for one that has none', async () => {
    const { result } = await ask('/trade kazakhstan year:2019');
    expect(isEphemeral(result)).toBe(true);
    expect(result.data.content).toBe(
      'No figures for Kazakhstan in 2019. Periods with figures: 2022, Jan–Jun 2023, 2023, Jan–Jun 2024, Jan–Oct 2024, 2024, Jan–Oct 2025, 2025.',
    );
    const uncovered = await ask('/trade kazakhstan period:"Jan-Nov 2025"');
    expect(isEphemeral(uncovered.result)).toBe(true);
    expect(uncovered.result.data.content).toMatch(
      /^No figures for Kazakhstan in Jan–Nov 2025\. Periods with figures: 2022, .*, Jan–Oct 2025, 2025\.$/,
    );
  });

  it('says how to write a period it cannot read, and which periods exist', async () => {
    const { kind, result } = await ask('/trade kazakhstan period:"autumn 2025"');
    expect(kind).toBe('user-error');
    expect(isEphemeral(result)).toBe(true);
    expect(result.data.content).toBe(
      '“autumn 2025” is not a period I can read. Write it like "2025", "Jan-Oct 2025", "H1 2024", "2025-01..10" or "2025-03". ' +
        'Periods with figures for Kazakhstan: 2022, Jan–Jun 2023, 2023, Jan–Jun 2024, Jan–Oct 2024, 2024, Jan–Oct 2025, 2025.',
    );
  });

  it('refuses a year and a period that disagree', async () => {
    const { result } = await ask('/trade kazakhstan year:2024 period:"Jan-Oct 2025"');
    expect(result.data.content).toBe('Give year or period, not both: year:2024 and period:Jan–Oct 2025 disagree.');
  });

  it('points a region typed as a country to /region', async () => {
    const { result } = await ask('/trade "central asia"');
    expect(result.data.content).toMatch(/^Central Asia is a region, not a country\. Try \/region name:central-asia/);
  });

  it('refuses a country named twice in /compare', async () => {
    const { result } = await ask('/compare kazakhstan KZ');
    expect(result.data.content).toBe('Kazakhstan is named twice. Give two to five different countries.');
  });

  it('says which partners lack the asked year in /compare', async () => {
    const { result } = await ask('/compare kazakhstan georgia year:2023');
    expect(result.data.content).toBe("No figures from China's customs in 2023 for Georgia. Periods all of them have: 2024.");
  });

  it('shows a figure that is not in the data as "not reported", never as 0', async () => {
    const { result } = await ask('/trade armenia');
    expect(textOf(result)).toContain("China's exports (to Armenia)\nnot reported");
    expect(textOf(result)).not.toMatch(/\$0(\.0)? (bn|m)/);
  });

  it('answers an unknown command instead of throwing', async () => {
    const outcome = await app.handle('tarde', {}, DM);
    expect(outcome.kind).toBe('unknown-command');
    expect(isEphemeral(outcome.result)).toBe(true);
    expect(outcome.result.data.content).toContain('/trade');
  });

  it('answers /help for a command it does not have privately, listing the commands', async () => {
    const names = app.definitions.map((d) => `/${d.name}`).join(', ');
    for (const [typed, hint] of [
      ['xyz', ''],
      ['tarde', ' Did you mean /trade?'],
    ] as const) {
      const outcome = await app.handle('help', { command: typed }, DM);
      expect(outcome.kind).toBe('user-error');
      expect(isEphemeral(outcome.result)).toBe(true);
      expect(outcome.result.data.content).toBe(`There is no command “/${typed}”.${hint} Commands: ${names}. Try /help command:trade.`);
    }
  });

  it('rejects options that break the schema with what would work', async () => {
    const outcome = await app.handle('rank', { by: 'population' }, DM);
    expect(outcome.kind).toBe('user-error');
    expect(outcome.result.data.content).toMatch(/^\/rank: by: .*See \/help/);
  });

  it('echoes hostile input without mentions or markdown, and pings nobody', async () => {
    const outcome = await app.handle('trade', { country: '@everyone <@&123> **bold**' }, DM);
    expect(outcome.result.data.allowed_mentions).toEqual({ parse: [] });
    expect(outcome.result.data.content).toContain('\\@everyone');
    expect(outcome.result.data.content).not.toMatch(/(?<!\\)<@&123>/);
  });
});

describe('answers that depend only on the figures', () => {
  it('reuses the reply to a repeated question, and computes afresh for new figures', async () => {
    const { createApp } = await import('../../src/app/createApp.js');
    const { commands } = await import('../../commands/index.js');
    const { loadModel } = await import('../../src/model/loadFiles.js');
    const { charts } = await import('../helpers/app.js');
    let figures = await loadModel('data');
    const fresh = createApp({ commands, figures: () => figures, charts });
    const first = await fresh.handle('trade', { country: 'kazakhstan' }, DM);
    const again = await fresh.handle('trade', { country: 'kazakhstan' }, DM);
    expect(again.result).toBe(first.result);
    figures = await loadModel('data');
    const reloaded = await fresh.handle('trade', { country: 'kazakhstan' }, DM);
    expect(reloaded.result).not.toBe(first.result);
    expect(reloaded.result).toEqual(first.result);
  });
});
