import { afterEach, describe, expect, it, vi } from 'vitest';

// Counts the limit checks and fits that replies go through, the functions themselves unchanged.
vi.mock('../../src/format/limits.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/format/limits.js')>();
  return { ...real, payloadProblems: vi.fn(real.payloadProblems), fitPayload: vi.fn(real.fitPayload) };
});

const limits = await import('../../src/format/limits.js');
const { finish } = await import('../../src/app/finish.js');
const { app, DM } = await import('../helpers/app.js');

const checks = () => ({
  problems: vi.mocked(limits.payloadProblems).mock.calls.length,
  fits: vi.mocked(limits.fitPayload).mock.calls.length,
});

afterEach(() => {
  vi.mocked(limits.payloadProblems).mockClear();
  vi.mocked(limits.fitPayload).mockClear();
});

describe('finishing a reply', () => {
  it('checks and fits a reply once, and hands a finished reply back as it is', () => {
    const { result } = finish({ data: { content: 'x'.repeat(2500) } });
    expect(checks()).toEqual({ problems: 1, fits: 1 });
    const again = finish(result);
    expect(again.result).toBe(result);
    expect(again.shortened).toEqual([]);
    expect(checks()).toEqual({ problems: 1, fits: 1 });
  });

  it('still says what it cut the first time', () => {
    expect(finish({ data: { content: 'x'.repeat(2500) } }).shortened).toEqual(['content is 2500 characters']);
  });

  it('checks a cached reply once however often it is asked for', async () => {
    const first = await app.handle('compare', { first: 'kyrgyzstan', second: 'tajikistan', year: 2023 }, DM);
    expect(first.kind).toBe('ok');
    expect(checks()).toEqual({ problems: 1, fits: 1 });
    for (let i = 0; i < 3; i++) {
      const again = await app.handle('compare', { first: 'kyrgyzstan', second: 'tajikistan', year: 2023 }, DM);
      expect(again.result).toBe(first.result);
    }
    expect(checks()).toEqual({ problems: 1, fits: 1 });
  });
});
