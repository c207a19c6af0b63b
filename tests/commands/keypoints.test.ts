import { PermissionFlagsBits } from 'discord-api-types/v10';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/model/dataset.js';
import { bindKeyPoints } from '../../src/model/keypoints.js';
import { app, embedOf, isEphemeral, model } from '../helpers/app.js';

const guildMember = (permissions: bigint) => ({ userId: '7', guildId: '100', channelId: '200', memberPermissions: permissions });

describe('/keypoints', () => {
  it("shows the briefing's key points with their figures filled in from the data", async () => {
    const { result } = await app.handle('keypoints', {}, guildMember(0n));
    const text = embedOf(result).description!;
    expect(text).toContain("• China's trade with Central Asia reached a record $94.8 bn in 2024. (The briefing (Eurasianet))");
    expect(text).toContain("China's exports reached $2.4 bn to Azerbaijan and $2.0 bn to Georgia in 2024.");
  });

  it('adds what the figures show: largest partner, fastest growth, the only surplus, biggest change, data notes', async () => {
    const { result } = await app.handle('keypoints', { region: 'central-asia' }, guildMember(0n));
    const text = embedOf(result).description!;
    expect(text).toContain("Kazakhstan is China's largest partner in Central Asia: $43.8 bn in 2024, 46.2% of the region (derived).");
    expect(text).toContain('Fastest growth in Central Asia: Kyrgyzstan, +14.7% (derived) on 2023.');
    expect(text).toContain('Turkmenistan is the only Central Asia partner with a surplus in its trade with China: ≈ $8.6 bn in 2024 (derived).');
    expect(text).toContain('Biggest change in Central Asia: Kyrgyzstan, +$2.9 bn on 2023 (derived).');
    expect(text).toContain('Data note: The briefing (Eurasianet) gives the 2024 change in China\'s total trade with Central Asia as almost 5%');
    expect(text).not.toContain('Azerbaijan');
  });

  it('asks for Manage Messages before posting into a channel, and is registered as needing it', async () => {
    const keypoints = app.definitions.find((d) => d.name === 'keypoints')!;
    expect(keypoints.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
    const { kind, result } = await app.handle('keypoints', { channel: '300' }, guildMember(PermissionFlagsBits.SendMessages));
    expect(kind).toBe('user-error');
    expect(isEphemeral(result)).toBe(true);
    expect(result.data.content).toContain('needs the Manage Messages permission');
  });

  it('returns a post for the adapter to carry out, with an ephemeral confirmation', async () => {
    const { kind, result } = await app.handle('keypoints', { channel: '300' }, guildMember(PermissionFlagsBits.ManageMessages));
    expect(kind).toBe('ok');
    expect(result.post?.channelId).toBe('300');
    expect(result.post?.confirm).toBe('Posted the key points in <#300>: {link}');
    expect(embedOf(result.post!.message).title).toBe("Key points: China's trade with Central Asia and South Caucasus");
    expect(isEphemeral(result)).toBe(true);
  });
});

describe('key points are bound to the figures they cite', () => {
  it('every key point in data/ agrees with the figures', () => {
    expect(model.keyPoints.length).toBeGreaterThanOrEqual(3);
    for (const point of model.keyPoints) {
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
    const text = (await readFile('data/keypoints.json', 'utf8')).replace('"partner": "georgia", "year": 2024', '"partner": "georgia", "year": 2021');
    expect(() => bindKeyPoints('data/keypoints.json', text, model)).toThrow(/cites georgia 2021 china-exports, which is not in the figures/);
  });
});
