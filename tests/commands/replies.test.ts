import { describe, expect, it } from 'vitest';
import { payloadProblems } from '../../src/format/limits.js';
import { app, ask, citedBy, embedOf, field, isEphemeral, model, textOf } from '../helpers/app.js';

describe('/trade', () => {
  it("answers /trade kazakhstan with China's exports of $28 bn as written, the surplus, the reported change and share, rank, source and chart", async () => {
    const { kind, result } = await ask('/trade kazakhstan 2024');
    expect(kind).toBe('ok');
    expect(isEphemeral(result)).toBe(false);
    const embed = embedOf(result);
    expect(embed.title).toBe('China–Kazakhstan trade, 2024');
    expect(field(result, 'Total trade')).toBe('$43.82 bn [1, 2, 3]');
    expect(citedBy(result, field(result, 'Total trade'))).toEqual([
      'The Astana Times, 2025-01-23',
      'Orda.kz, 2025-01',
      'Eurasianet, 2025-01-29',
    ]);
    expect(field(result, "China's exports (to Kazakhstan)").split('\n')[0]).toBe('$28 bn [3]');
    expect(field(result, "China's imports (from Kazakhstan)").split('\n')[0]).toBe('$15.9 bn [3]');
    // $28 bn is ±$0.5 bn as written, so the balance is good to the billion only; it names its inputs' source.
    expect(field(result, 'Balance')).toBe("China's surplus of about $12 bn (derived) [3]");
    expect(field(result, 'Change on 2023')).toBe('nearly +7% [3]\n+$2.8 bn [1]');
    expect(field(result, 'Share of Central Asia')).toBe('46% [1] · rank 1 of 5');
    expect(field(result, 'Data notes')).toContain('Eurasianet rounds it to $43.8 bn.');
    expect(field(result, 'Sources')).toContain(
      'https://astanatimes.com/2025/01/kazakhstan-ranks-first-among-chinas-central-asian-trade-partners-in-2024/',
    );
    expect(embed.image?.url).toMatch(/^https:\/\/quickchart\.io\/chart\?/);
    expect(result.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('says that Turkmenistan has the surplus', async () => {
    const { result } = await ask('/trade turkmenistan 2024');
    expect(field(result, 'Balance')).toBe("Turkmenistan's surplus of about $8.6 bn (derived) [3]");
    expect(citedBy(result, field(result, 'Balance'))).toEqual(['Eurasianet, 2025-01-29']);
  });

  it("shows Tajikistan's own statistics beside China's with the gap", async () => {
    const { result } = await ask('/trade tajikistan 2024');
    expect(field(result, "Tajikistan's own statistics: total trade")).toBe(
      "about $1.96 bn [2] (Tajikistan's statistics agency); China's figure $3.86 bn [1, 2] is about $1.9 bn higher (derived)",
    );
    expect(citedBy(result, 'about $1.96 bn [2]')).toEqual(['Orda.kz, 2025-01']);
  });

  it("shows Kyrgyzstan's data note on the +3,270% claim", async () => {
    const { result } = await ask('/trade kyrgyzstan 2024');
    expect(field(result, 'Data notes')).toContain(
      "Eurasianet [3] gives the 2024 change in China's imports from Kyrgyzstan as +3,270%, but $2.8 bn against $80 m in 2023 is about +3,400% (derived).",
    );
    expect(citedBy(result, '[3]')).toEqual(['Eurasianet, 2025-01-29']);
  });

  it('explains that Armenia is not itemised and derives its total', async () => {
    const { result } = await ask('/trade armenia 2024');
    expect(embedOf(result).description).toContain("Armenia is not itemised in China's 2024 figures that we have");
    expect(field(result, 'Total trade')).toBe('about $1.7 bn (derived) [1, 2, 3]');
    // The South Caucasus total less Azerbaijan (Eurasianet citing Oilprice) and Georgia (Eurasianet).
    expect(citedBy(result, field(result, 'Total trade'))).toEqual([
      'ASB Media, 2025-01',
      'Eurasianet, citing Oilprice, 2025-01-29',
      'Eurasianet, 2025-01-29',
    ]);
  });

  it('understands Russian names and ISO codes', async () => {
    const { result } = await ask('/trade Казахстан 2024');
    expect(embedOf(result).title).toBe('China–Kazakhstan trade, 2024');
    const { result: byCode } = await ask('/trade KGZ 2023');
    expect(embedOf(byCode).title).toBe('China–Kyrgyzstan trade, 2023');
  });
});

describe('/region, /compare, /rank, /sources, /help', () => {
  it('gives Central Asia its total, the partners with shares and the almost-5% data note', async () => {
    const { result } = await ask('/region central-asia 2024');
    expect(field(result, 'Total trade')).toBe('$94.82 bn [1, 2, 3]');
    expect(field(result, 'Partners')).toContain('1. Kazakhstan: $43.82 bn [1, 2, 3] · 46% [1]');
    expect(citedBy(result, '[1]')).toEqual(['The Astana Times, 2025-01-23']);
    expect(field(result, 'Data notes')).toContain('almost 5%, but $94.82 bn against $89.4 bn in 2023 is about +6.1% (derived)');
  });

  it('shows what the South Caucasus total leaves for Armenia', async () => {
    const { result } = await ask('/region south-caucasus 2024');
    expect(field(result, 'Total trade')).toBe('$6.5 bn [1]');
    expect(field(result, 'Partners')).toContain(
      'Not itemised (Armenia): about $1.7 bn (derived: South Caucasus total − itemised partners) [1, 2, 3]',
    );
  });

  it('compares partners side by side with a chart', async () => {
    const { result } = await ask('/compare kazakhstan uzbekistan 2024');
    expect(field(result, 'Uzbekistan')).toContain("China's exports: $11.8 bn [4]");
    expect(citedBy(result, '[4]')).toEqual(['ASB Media, 2025-01']);
    expect(field(result, 'Kazakhstan')).toContain("Balance: China's surplus of about $12 bn (derived) [3]");
    expect(embedOf(result).image?.url).toBeDefined();
  });

  it('ranks by balance with whose surplus each is', async () => {
    const { result } = await ask('/rank balance 2024');
    const lines = embedOf(result).description!.split('\n');
    expect(lines[0]).toBe("1. **Kyrgyzstan**: China's surplus of about $17.1 bn (derived) [1, 2]");
    expect(lines).toContain("7. **Turkmenistan**: Turkmenistan's surplus of about $8.6 bn (derived) [1]");
    expect(lines.at(-1)).toBe('Not reported: Armenia');
  });

  it('words a surplus the same way in /trade, /compare, /rank and /region', async () => {
    const words = "Turkmenistan's surplus of about $8.6 bn (derived)";
    expect(field((await ask('/trade turkmenistan 2024')).result, 'Balance')).toMatch(
      new RegExp(`^${words.replace(/[$().]/g, '\\$&')} \\[\\d\\]$`),
    );
    expect(field((await ask('/compare turkmenistan kazakhstan 2024')).result, 'Turkmenistan')).toContain(`Balance: ${words} [`);
    expect(embedOf((await ask('/rank balance 2024')).result).description).toContain(`**Turkmenistan**: ${words} [`);
    expect(field((await ask('/region central-asia 2024')).result, 'Balance')).toMatch(
      /^China's surplus of about \$[\d.]+ bn \(derived\) \[\d\]$/,
    );
  });

  it('lists every source with its link, over as many pages as it takes, each page within limits', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const { kind, result } = await ask(`/sources page:${page}`);
      expect(kind).toBe('ok');
      expect(payloadProblems(result.data)).toEqual([]);
      seen.push(textOf(result));
      if (!textOf(result).includes(`/sources page:${page + 1}`)) break;
    }
    for (const s of model.sources.values()) expect(seen.join('\n'), s.id).toContain(s.url!);
    expect((await ask(`/sources page:${seen.length + 1}`)).kind).toBe('user-error');
  });

  it('gives one source in full with /sources source:, and a clear error for one it does not know', async () => {
    const { result } = await ask('/sources source:briefing');
    expect(embedOf(result).description).toContain('Figures: ');
    expect(embedOf(result).description).toContain('according to Oilprice');
    const unknown = await ask('/sources source:nowhere');
    expect(unknown.kind).toBe('user-error');
    expect(textOf(unknown.result)).toContain('No source called');
  });

  it('lists every command with an example in /help', async () => {
    const { result } = await ask('/help');
    const fields = embedOf(result).fields!;
    const commands = fields.slice(0, -1);
    expect(commands.map((f) => f.name)).toEqual(app.definitions.map((d) => `/${d.name}`));
    for (const f of commands) expect(f.value, f.name).toMatch(new RegExp('`' + f.name.replace('/', '\\/') + '.*`'));
    expect(fields[fields.length - 1]!.name).toBe('Years with figures');
  });
});
