import { PermissionFlagsBits } from 'discord-api-types/v10';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/model/dataset.js';
import { bindKeyPoints } from '../../src/model/keypoints.js';
import type { Invocation } from '../../src/core/invocation.js';
import { app, embedOf, figures, isEphemeral, model, resolvingChannel, withSourceNames, type Target } from '../helpers/app.js';

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
  it("shows the briefing's key points with their figures filled in from the data", async () => {
    const { result } = await app.handle('keypoints', {}, guildMember(0n));
    const text = withSourceNames(result, embedOf(result).description!);
    expect(text).toContain("• China's trade with Central Asia reached a record $94.8 bn [Eurasianet, 2025-01-29] in 2024.");
    expect(text).toContain("• U.S. officials struggle to reduce Beijing's growing economic footprint. [Eurasianet, 2025-01-29]");
    expect(text).toContain(
      "China's exports reached $2.4 bn [Eurasianet, citing Oilprice, 2025-01-29] to Azerbaijan and $2 bn [Eurasianet, 2025-01-29] to Georgia in 2024.",
    );
  });

  it('adds what the figures show: largest partner, fastest growth, the only surplus, biggest change, data notes', async () => {
    const { result } = await app.handle('keypoints', { region: 'central-asia' }, guildMember(0n));
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
    expect(embedOf(result.post!.message).title).toBe("Key points: China's trade with Central Asia and South Caucasus");
    expect(isEphemeral(result)).toBe(true);
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
