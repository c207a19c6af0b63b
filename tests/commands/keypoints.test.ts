import { PermissionFlagsBits } from 'discord-api-types/v10';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/model/dataset.js';
import { bindKeyPoints } from '../../src/model/keypoints.js';
import type { Invocation } from '../../src/core/invocation.js';
import { payloadProblems } from '../../src/format/limits.js';
import { periodKey } from '../../src/model/period.js';
import { regionPeriods } from '../../src/model/keypoints.js';
import { keypoints } from '../../commands/keypoints.js';
import { app, charts, embedOf, figures, isEphemeral, model, resolvingChannel, withSourceNames, type Target } from '../helpers/app.js';

const P = PermissionFlagsBits;
const guildMember = (permissions: bigint): Invocation => ({
  userId: '7',
  guildId: '100',
  channelId: '200',
  memberPermissions: permissions,
});
const BRIEFINGS = '300000000000000300';
/** /keypoints channel:#briefings, with the channel resolved as Discord does. */
const postTo = (permissions: bigint, target?: Target) => {
  const options = { channel: BRIEFINGS };
  return app.handle('keypoints', options, resolvingChannel(guildMember(permissions), options, target));
};
const MODERATOR = P.ViewChannel | P.SendMessages | P.ManageMessages;

describe('/keypoints', () => {
  it("shows the briefing's key points, which are about 2024, with their figures filled in from the data", async () => {
    const { result } = await app.handle('keypoints', { period: '2024' }, guildMember(0n));
    const text = withSourceNames(result, embedOf(result).description!);
    expect(text).toContain("• China's trade with Central Asia reached a record $94.8 bn [Eurasianet, 2025-01-29] in 2024.");
    expect(text).toContain("• U.S. officials struggle to reduce Beijing's growing economic footprint. [Eurasianet, 2025-01-29]");
    expect(text).toContain(
      "China's exports reached $2.4 bn [Eurasianet, citing Oilprice, 2025-01-29] to Azerbaijan and $2 bn [Eurasianet, 2025-01-29] to Georgia in 2024.",
    );
  });

  it('adds what the 2024 figures show: largest partner, fastest growth, the only surplus, biggest change, data notes', async () => {
    const { result } = await app.handle('keypoints', { region: 'central-asia', period: '2024' }, guildMember(0n));
    const text = withSourceNames(result, embedOf(result).description!);
    const [astana, orda, eurasianet] = ['The Astana Times, 2025-01-23', 'Orda.kz, 2025-01', 'Eurasianet, 2025-01-29'];
    expect(text).toContain(
      `Kazakhstan is China's largest partner in Central Asia: $43.82 bn [${eurasianet}; ${astana}; ${orda}] in 2024, 46% [${astana}] of the region.`,
    );
    expect(text).toContain(`Fastest growth in Central Asia: Kyrgyzstan, about +15% [${eurasianet}] on 2023.`);
    expect(text).toContain(
      `Turkmenistan is the only Central Asia partner with a surplus in its trade with China: about $8.6 bn in 2024 (derived) [${eurasianet}].`,
    );
    expect(text).toMatch(
      /Biggest change in Central Asia: Kyrgyzstan, about \+\$2\.9 bn on 2023 \(derived\) \[[^\]]*bne IntelliNews, 2024-02-04\]\./,
    );
    expect(text).toContain(
      `Data note: Eurasianet [${eurasianet}] gives the 2024 change in China's total trade with Central Asia as almost 5%`,
    );
    expect(text).not.toContain('Azerbaijan');
  });

  it('asks for Manage Messages before posting into a channel, and is registered as needing it', async () => {
    const keypoints = app.definitions.find((d) => d.name === 'keypoints')!;
    expect(keypoints.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
    const { kind, result } = await postTo(P.ViewChannel | P.SendMessages);
    expect(kind).toBe('user-error');
    expect(isEphemeral(result)).toBe(true);
    expect(result.data.content).toBe(
      `Posting key points into a channel needs Manage Messages in <#${BRIEFINGS}>, and you don't have it there. Leave out channel to see them here.`,
    );
  });

  it('reads the permissions in the target channel: Manage Messages where it was typed is not enough', async () => {
    const { kind, result } = await postTo(MODERATOR, { member: P.ViewChannel });
    expect(kind).toBe('user-error');
    expect(result.data.content).toContain(`needs Send Messages and Manage Messages in <#${BRIEFINGS}>`);
  });

  it('refuses a channel of another server, and a post from a direct message', async () => {
    const elsewhere = await postTo(MODERATOR, { guildId: '999' });
    expect(elsewhere.kind).toBe('user-error');
    expect(elsewhere.result.post).toBeUndefined();
    expect(elsewhere.result.data.content).toContain('That channel is in another server');
    const options = { channel: BRIEFINGS };
    const dm = await app.handle(
      'keypoints',
      options,
      resolvingChannel({ userId: '7', guildId: null, channelId: null, memberPermissions: null }, options),
    );
    expect(dm.result.data.content).toContain('works only in a server, not in direct messages. Leave out channel to see them here.');
  });

  it('names the permission the bot lacks there before trying to post', async () => {
    const { kind, result } = await postTo(MODERATOR, { bot: P.ViewChannel | P.EmbedLinks });
    expect(kind).toBe('user-error');
    expect(result.data.content).toContain(`I need Send Messages in <#${BRIEFINGS}> for that`);
  });

  it('returns a post for the adapter to carry out, with an ephemeral confirmation', async () => {
    const { kind, result } = await postTo(MODERATOR);
    expect(kind).toBe('ok');
    expect(result.post?.channelId).toBe(BRIEFINGS);
    expect(result.post?.confirm).toBe(`Posted the key points in <#${BRIEFINGS}>: {link}`);
    expect(embedOf(result.post!.message).title).toBe("Key points: China's trade with Central Asia and South Caucasus, 2025");
    expect(isEphemeral(result)).toBe(true);
  });
});

describe('/keypoints answers for a period', () => {
  const text = async (options: Record<string, string>) => {
    const { kind, result } = await app.handle('keypoints', options, guildMember(0n));
    expect(kind).toBe('ok');
    return { embed: embedOf(result), text: withSourceNames(result, embedOf(result).description!) };
  };
  const [caspian, globalTimes, khabar] = ['The Caspian Post, 2026', 'Global Times, 2026-01-18', 'CGTN via Khabar, 2026-01-19'];

  it('with no period, answers for 2025, the latest full year: Kazakhstan the largest partner at $48.7 bn, with the data notes', async () => {
    const { embed, text: t } = await text({});
    expect(embed.title).toBe("Key points: China's trade with Central Asia and South Caucasus, 2025");
    expect(t).toContain(`• Kazakhstan is China's largest partner in Central Asia: $48.7 bn [${caspian}] in 2025`);
    // Reported growth ranks first: Kyrgyzstan's stated +20%, not Uzbekistan's derived one.
    expect(t).toContain(`• Fastest growth in Central Asia: Kyrgyzstan, +20% [${caspian}] on 2024.`);
    expect(t).toContain(
      `• Data note: Sources differ on China's exports to Central Asia in 2025: $71.2 bn (Global Times [${globalTimes}], CGTN via Khabar [${khabar}]) against $71.3 bn (The Caspian Post [${caspian}]). Both are shown; neither is corrected.`,
    );
    expect(t).toContain("• Data note: China's exports to Kyrgyzstan in 2025 (over $22 bn) exceed Kyrgyzstan's whole GDP for 2025");
    // The Turkmenistan note is about Jan–Oct 2025, not the year.
    expect(t).not.toContain('$784 m');
  });

  it("does not show the briefing's 2024 points for 2025, nor claim a surplus for partners whose exports and imports are not both reported", async () => {
    const { text: t } = await text({});
    expect(t).not.toContain('From the briefing');
    expect(t).not.toContain('$94.8 bn');
    expect(t).toContain(
      "• China ran a surplus in 2025 with Kyrgyzstan and Kazakhstan; China's exports and imports are not both reported for Uzbekistan, Turkmenistan and Tajikistan.",
    );
    expect(t).not.toContain('every Central Asia partner');
  });

  it("shows the ambassador's 2025 Azerbaijan figure as his, beside no China's customs figure, and never ranks it", async () => {
    const { text: t } = await text({ region: 'south-caucasus' });
    expect(t).toContain(
      "• Azerbaijan's total trade with China in 2025: $4.87 bn [Report.az, 2026-03-13], as stated by China's ambassador in Baku, Lu Mei (whose figure, not stated); China's customs figure is not reported.",
    );
    expect(t).not.toContain('largest partner');
  });

  it('says when a later part-year exists, with the line that asks for it', async () => {
    const all = await text({});
    expect(all.text).toContain('Jan 2026 is also available: /keypoints period:"Jan 2026"');
    const caucasus = await text({ region: 'south-caucasus' });
    expect(caucasus.text).toContain('Jan 2026 is also available: /keypoints region:south-caucasus period:"Jan 2026"');
    // Central Asia has nothing after 2025; an asked period gets no hint.
    expect((await text({ region: 'central-asia' })).text).not.toContain('also available');
    expect((await text({ period: '2024' })).text).not.toContain('also available');
  });

  it("period:2024 has the briefing's key points and the 2024 figures", async () => {
    const { embed, text: t } = await text({ period: '2024' });
    expect(embed.title).toBe("Key points: China's trade with Central Asia and South Caucasus, 2024");
    expect(t).toContain("• China's trade with Central Asia reached a record $94.8 bn [Eurasianet, 2025-01-29] in 2024.");
    expect(t).toContain("Kazakhstan is China's largest partner in Central Asia: $43.82 bn");
    expect(t).not.toContain('$48.7 bn');
    expect(embed.footer?.text).toMatch(/\nCite a figure: \/cite central-asia 2024 total$/);
  });

  it('period:Jan-Oct 2025 for Central Asia compares with Jan–Oct 2024 and shows the Turkmenistan note', async () => {
    const { embed, text: t } = await text({ region: 'central-asia', period: 'Jan-Oct 2025' });
    const intellinews = 'bne IntelliNews, 2025-11';
    expect(embed.title).toBe("Key points: China's trade with Central Asia, Jan–Oct 2025");
    expect(t).toContain(`• Kazakhstan is China's largest partner in Central Asia: $39.8 bn [${intellinews}] in Jan–Oct 2025.`);
    expect(t).toContain(`• Fastest growth in Central Asia: Kyrgyzstan, about +36% (derived) [${intellinews}] on Jan–Oct 2024.`);
    expect(t).toContain(`• Biggest change in Central Asia: Kyrgyzstan, about +$6.2 bn on Jan–Oct 2024 (derived) [${intellinews}].`);
    expect(t).toContain(
      "• Data note on Turkmenistan: China's exports ($784 m) and imports (over $8.1 bn) add up to at least $8.9 bn (derived), not the reported total of $8.3 bn.",
    );
    // Only Turkmenistan has both flows: it is not called "the only" partner with a surplus.
    expect(t).toContain('• Turkmenistan had a surplus in its trade with China: about $7.3 bn in Jan–Oct 2025 (derived)');
    expect(t).not.toContain('the only');
    expect(t).not.toMatch(/on 2024|in 2025\b/);
    // /cite takes full years: no line suggesting a year for a part-year reply.
    expect(embed.footer?.text).not.toContain('/cite');
  });

  it('reads the period in the forms sources write it', async () => {
    const title = "Key points: China's trade with Central Asia, Jan–Oct 2025";
    for (const period of ['2025-01..10', 'January–October 2025', 'jan-oct 2025'])
      expect((await text({ region: 'central-asia', period })).embed.title, period).toBe(title);
  });

  it('shows GACC yuan figures as written where there is no dollar figure, never converted', async () => {
    const { text: t } = await text({ region: 'central-asia', period: '2013' });
    expect(t).toContain(
      "• China's total trade with Central Asia in 2013, in yuan as China's customs published it: 312.04 bn yuan [Global Times, 2025-06-16] (not converted).",
    );
    expect(t).not.toContain('$');
  });

  it('answers a period with no figures for the region with a private error listing the periods there are', async () => {
    const none = await app.handle('keypoints', { region: 'south-caucasus', period: '2013' }, guildMember(0n));
    expect(none.kind).toBe('user-error');
    expect(isEphemeral(none.result)).toBe(true);
    expect(none.result.data.content).toBe(
      'No figures for South Caucasus in 2013. Periods with figures: 2024, Jan–Jul 2025, Jan–Oct 2025, 2025, Jan 2026.',
    );
    const later = await app.handle('keypoints', { period: '2030' }, guildMember(0n));
    expect(later.kind).toBe('user-error');
    expect(later.result.data.content).toMatch(
      /^No figures for Central Asia and South Caucasus in 2030\. Periods with figures: 2013, 2022, .*, 2025, Jan 2026\.$/,
    );
    const unreadable = await app.handle('keypoints', { period: 'last autumn' }, guildMember(0n));
    expect(unreadable.kind).toBe('user-error');
    expect(isEphemeral(unreadable.result)).toBe(true);
    expect(unreadable.result.data.content).toContain('is not a period I can read. Write it like "2025", "Jan-Oct 2025"');
  });

  it("autocompletes the region's periods, its members' part-years too, latest first, matching what was typed", () => {
    const complete = (value: string, options: Record<string, string>) =>
      keypoints.autocomplete({ name: 'period', value }, { ...figures, charts }, options);
    const central = complete('', { region: 'central-asia' });
    expect(central.slice(0, 3)).toEqual([
      { name: '2025', value: '2025' },
      { name: 'Jan–Oct 2025', value: '2025-01..10' },
      { name: 'Jan–May 2025', value: '2025-01..05' },
    ]);
    expect(complete('oct', { region: 'central-asia' }).map((c) => c.name)).toEqual(['Jan–Oct 2025', 'Jan–Oct 2024']);
    expect(complete('', { region: 'south-caucasus' }).map((c) => c.name)).toEqual([
      'Jan 2026',
      '2025',
      'Jan–Oct 2025',
      'Jan–Jul 2025',
      '2024',
    ]);
    // With no region named, the periods of both; every choice is one /keypoints answers for.
    const all = complete('', {});
    expect(all.length).toBeLessThanOrEqual(25);
    expect(all[0]).toEqual({ name: 'Jan 2026', value: '2026-01' });
    // A country typed as the region narrows nothing: the run will say it is not a region.
    expect(complete('', { region: 'kazakhstan' })).toEqual(all);
    // The region option still completes regions.
    expect(keypoints.autocomplete({ name: 'region', value: 'cau' }, { ...figures, charts }, {})[0]?.value).toBe('south-caucasus');
  });

  it('posts the key points of any period into a channel, with the same checks', async () => {
    const options = { channel: BRIEFINGS, region: 'central-asia', period: 'Jan-Oct 2025' };
    const { kind, result } = await app.handle('keypoints', options, resolvingChannel(guildMember(MODERATOR), options));
    expect(kind).toBe('ok');
    expect(isEphemeral(result)).toBe(true);
    expect(result.post?.channelId).toBe(BRIEFINGS);
    expect(embedOf(result.post!.message).title).toBe("Key points: China's trade with Central Asia, Jan–Oct 2025");
    const refused = await app.handle(
      'keypoints',
      { ...options, period: '2024' },
      resolvingChannel(guildMember(P.ViewChannel | P.SendMessages), options),
    );
    expect(refused.kind).toBe('user-error');
    expect(refused.result.post).toBeUndefined();
  });

  it('keeps every reply, for every period of every region and of both, within Discord limits', async () => {
    let checked = 0;
    for (const region of [undefined, ...model.regions.map((r) => r.id)]) {
      const periods = region ? regionPeriods(model, region) : model.regions.flatMap((r) => regionPeriods(model, r.id));
      for (const period of [undefined, ...periods.map(periodKey)]) {
        const options = { ...(region ? { region } : {}), ...(period ? { period } : {}) };
        const { kind, result } = await app.handle('keypoints', options, guildMember(0n));
        expect(kind, JSON.stringify(options)).toBe('ok');
        expect(payloadProblems(result.data), JSON.stringify(options)).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('key points are bound to the figures they cite', () => {
  it('every key point in data/ agrees with the figures', () => {
    expect(figures.keyPoints.length).toBeGreaterThanOrEqual(3);
    for (const point of figures.keyPoints) {
      const names = [...point.record.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      expect(Object.keys(point.figures).sort()).toEqual([...new Set(names)].sort());
    }
  });

  it('refuses a key point whose figure no longer says what it claims', async () => {
    const text = (await readFile('data/keypoints.json', 'utf8')).replace('"written": "94.8 bn"', '"written": "99.1 bn"');
    expect(() => bindKeyPoints('data/keypoints.json', text, model)).toThrow(DataError);
    try {
      bindKeyPoints('data/keypoints.json', text, model);
    } catch (error) {
      expect((error as DataError).problems).toEqual([
        'data/keypoints.json: key point 1 (central-asia-record): {total} says 99.1 bn but the figures have 94.82 bn for central-asia 2024 total',
      ]);
    }
  });

  it('refuses a key point that cites a figure not in the data', async () => {
    const text = (await readFile('data/keypoints.json', 'utf8')).replace(
      '"partner": "georgia", "year": 2024',
      '"partner": "georgia", "year": 2021',
    );
    expect(() => bindKeyPoints('data/keypoints.json', text, model)).toThrow(
      /cites georgia 2021 china-exports, which is not in the figures/,
    );
  });
});

describe('key points are about one period', () => {
  it('refuses a key point whose period is not the year its figures are of', async () => {
    const text = (await readFile('data/keypoints.json', 'utf8')).replace('"period": "2024"', '"period": "2025"');
    expect(() => bindKeyPoints('data/keypoints.json', text, model)).toThrow(
      /key point 1 \(central-asia-record\): \{total\} cites 2024, but the key point is about 2025/,
    );
  });

  it('refuses a period it cannot read', async () => {
    const text = (await readFile('data/keypoints.json', 'utf8')).replace('"period": "2024"', '"period": "last year"');
    expect(() => bindKeyPoints('data/keypoints.json', text, model)).toThrow(/keypoints\.0\.period "last year" is not a period/);
  });
});
