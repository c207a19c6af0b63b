import { describe, expect, it } from 'vitest';
import { dueSlot, latestSlot, nextPostAt, nextSlot, type ScheduleState } from '../../src/digest/schedule.js';

const t = (s: string) => new Date(s);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('the daily slot', () => {
  it('is 09:00 UTC today once 09:00 has come, and yesterday before that', () => {
    expect(iso(latestSlot('daily', t('2025-06-03T09:00:00Z')))).toBe('2025-06-03T09:00:00.000Z');
    expect(iso(latestSlot('daily', t('2025-06-03T08:59:59Z')))).toBe('2025-06-02T09:00:00.000Z');
    expect(iso(nextSlot('daily', t('2025-06-03T08:59:59Z')))).toBe('2025-06-03T09:00:00.000Z');
    expect(iso(nextSlot('daily', t('2025-06-03T09:00:00Z')))).toBe('2025-06-04T09:00:00.000Z');
  });

  it('crosses month and year ends, and the leap day', () => {
    expect(iso(latestSlot('daily', t('2025-03-01T03:00:00Z')))).toBe('2025-02-28T09:00:00.000Z');
    expect(iso(latestSlot('daily', t('2024-03-01T03:00:00Z')))).toBe('2024-02-29T09:00:00.000Z');
    expect(iso(nextSlot('daily', t('2025-12-31T10:00:00Z')))).toBe('2026-01-01T09:00:00.000Z');
    expect(iso(latestSlot('daily', t('2026-01-01T00:00:00Z')))).toBe('2025-12-31T09:00:00.000Z');
  });
});

describe('the weekly slot', () => {
  it('is Monday 09:00 UTC', () => {
    // 2025-06-02 is a Monday.
    expect(iso(latestSlot('weekly', t('2025-06-02T09:00:00Z')))).toBe('2025-06-02T09:00:00.000Z');
    expect(iso(latestSlot('weekly', t('2025-06-02T08:59:00Z')))).toBe('2025-05-26T09:00:00.000Z');
    expect(iso(latestSlot('weekly', t('2025-06-08T23:59:00Z')))).toBe('2025-06-02T09:00:00.000Z');
    expect(iso(nextSlot('weekly', t('2025-06-02T09:00:00Z')))).toBe('2025-06-09T09:00:00.000Z');
    expect(iso(nextSlot('weekly', t('2025-06-01T12:00:00Z')))).toBe('2025-06-02T09:00:00.000Z');
  });

  it('crosses month and year ends', () => {
    // Wednesday 2025-01-01: the last Monday is 2024-12-30.
    expect(iso(latestSlot('weekly', t('2025-01-01T12:00:00Z')))).toBe('2024-12-30T09:00:00.000Z');
    expect(iso(nextSlot('weekly', t('2025-01-01T12:00:00Z')))).toBe('2025-01-06T09:00:00.000Z');
  });
});

describe('the monthly slot', () => {
  it('is the 1st at 09:00 UTC, whatever the length of the month', () => {
    expect(iso(latestSlot('monthly', t('2025-01-31T23:59:00Z')))).toBe('2025-01-01T09:00:00.000Z');
    expect(iso(nextSlot('monthly', t('2025-01-31T23:59:00Z')))).toBe('2025-02-01T09:00:00.000Z');
    expect(iso(nextSlot('monthly', t('2024-02-29T12:00:00Z')))).toBe('2024-03-01T09:00:00.000Z');
    expect(iso(latestSlot('monthly', t('2025-03-01T08:00:00Z')))).toBe('2025-02-01T09:00:00.000Z');
    expect(iso(latestSlot('monthly', t('2025-01-01T08:00:00Z')))).toBe('2024-12-01T09:00:00.000Z');
    expect(iso(nextSlot('monthly', t('2025-12-01T09:00:00Z')))).toBe('2026-01-01T09:00:00.000Z');
  });
});

describe('the slot due for a subscription', () => {
  const fresh = (frequency: ScheduleState['frequency'], activeFrom: string): ScheduleState => ({
    frequency,
    activeFrom: t(activeFrom),
    lastSlot: null,
    lastStatus: null,
  });

  it('is none before the first slot after subscribing, then that slot', () => {
    const s = fresh('daily', '2025-06-03T10:00:00Z');
    expect(dueSlot(s, t('2025-06-03T12:00:00Z'))).toBeNull();
    expect(iso(dueSlot(s, t('2025-06-04T09:00:00Z')))).toBe('2025-06-04T09:00:00.000Z');
  });

  it('is only the latest slot after downtime that missed several, so one post goes out', () => {
    const s: ScheduleState = { ...fresh('daily', '2025-06-01T00:00:00Z'), lastSlot: t('2025-06-02T09:00:00Z'), lastStatus: 'sent' };
    // Down from the 2nd to the 6th at 15:00: slots 3rd, 4th, 5th and 6th were missed.
    expect(iso(dueSlot(s, t('2025-06-06T15:00:00Z')))).toBe('2025-06-06T09:00:00.000Z');
    // Once that one is claimed, nothing else is owed until the next slot.
    const after: ScheduleState = { ...s, lastSlot: t('2025-06-06T09:00:00Z'), lastStatus: 'sent' };
    expect(dueSlot(after, t('2025-06-06T15:01:00Z'))).toBeNull();
    expect(iso(nextPostAt(after, t('2025-06-06T15:01:00Z')))).toBe('2025-06-07T09:00:00.000Z');
  });

  it('is none for a slot that is claimed, sent or failed, and the slot again only after a temporary failure', () => {
    const base = { ...fresh('weekly', '2025-05-01T00:00:00Z'), lastSlot: t('2025-06-02T09:00:00Z') };
    const at = t('2025-06-02T09:05:00Z');
    expect(dueSlot({ ...base, lastStatus: 'claimed' }, at)).toBeNull();
    expect(dueSlot({ ...base, lastStatus: 'sent' }, at)).toBeNull();
    expect(dueSlot({ ...base, lastStatus: 'failed' }, at)).toBeNull();
    expect(iso(dueSlot({ ...base, lastStatus: 'retry' }, at))).toBe('2025-06-02T09:00:00.000Z');
  });

  it('is none for a slot older than one already claimed (after a change of frequency)', () => {
    const s: ScheduleState = {
      frequency: 'monthly',
      activeFrom: t('2025-05-01T00:00:00Z'),
      lastSlot: t('2025-06-05T09:00:00Z'),
      lastStatus: 'sent',
    };
    expect(dueSlot(s, t('2025-06-06T00:00:00Z'))).toBeNull();
  });

  it('shows a slot owed now as the next post time', () => {
    const s = fresh('monthly', '2025-01-15T00:00:00Z');
    expect(iso(nextPostAt(s, t('2025-02-01T09:00:30Z')))).toBe('2025-02-01T09:00:00.000Z');
    expect(iso(nextPostAt(s, t('2025-01-20T00:00:00Z')))).toBe('2025-02-01T09:00:00.000Z');
  });
});
