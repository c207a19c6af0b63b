/**
 * When digests are due. Pure: every function takes the time it should reason about, so the
 * schedule is tested without waiting and the runner's clock is injected.
 *
 * Slots are fixed instants in UTC, the same for every server (so "weekly" means the same thing to
 * everyone and a restart cannot shift them):
 *   daily    every day at 09:00 UTC
 *   weekly   every Monday at 09:00 UTC
 *   monthly  the 1st of every month at 09:00 UTC (the 1st exists in every month, so no month-end rules)
 */

export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** The hour (UTC) of every slot. */
export const SLOT_HOUR_UTC = 9;

/** How each frequency reads to people, for replies. */
export const FREQUENCY_TEXT: Readonly<Record<Frequency, string>> = {
  daily: 'every day at 09:00 UTC',
  weekly: 'every Monday at 09:00 UTC',
  monthly: 'on the 1st of every month at 09:00 UTC',
};

// Date.UTC rolls day 0 back to the previous month's last day and month -1 back to December.
const at9 = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day, SLOT_HOUR_UTC));

/** The most recent slot at or before `at` (a slot exactly at `at` counts). */
export function latestSlot(frequency: Frequency, at: Date): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const d = at.getUTCDate();
  const t = at.getTime();
  switch (frequency) {
    case 'daily': {
      const today = at9(y, m, d);
      return today.getTime() <= t ? today : at9(y, m, d - 1);
    }
    case 'weekly': {
      const sinceMonday = (at.getUTCDay() + 6) % 7;
      const monday = at9(y, m, d - sinceMonday);
      return monday.getTime() <= t ? monday : at9(y, m, d - sinceMonday - 7);
    }
    case 'monthly': {
      const first = at9(y, m, 1);
      return first.getTime() <= t ? first : at9(y, m - 1, 1);
    }
  }
}

/** The first slot strictly after `at`: one period after the latest slot at or before it. */
export function nextSlot(frequency: Frequency, at: Date): Date {
  const latest = latestSlot(frequency, at);
  const y = latest.getUTCFullYear();
  const m = latest.getUTCMonth();
  const d = latest.getUTCDate();
  switch (frequency) {
    case 'daily':
      return at9(y, m, d + 1);
    case 'weekly':
      return at9(y, m, d + 7);
    case 'monthly':
      return at9(y, m + 1, 1);
  }
}

/** What the schedule needs to know about a subscription. */
export interface ScheduleState {
  readonly frequency: Frequency;
  /** Slots before this instant are not owed (set when a subscription starts, resumes or changes frequency). */
  readonly activeFrom: Date;
  /** The newest slot ever claimed for this channel, and how that attempt ended. */
  readonly lastSlot: Date | null;
  readonly lastStatus: SendStatus | null;
}

/**
 * claimed: being posted, or the process died while posting (never retried: see store.ts).
 * sent: posted. retry: Discord answered with a temporary error; may be tried again shortly.
 * failed: given up.
 */
export type SendStatus = 'claimed' | 'sent' | 'retry' | 'failed';

/**
 * The slot to post now, or null. Only the latest slot is ever owed: after downtime that missed
 * several slots, one digest goes out (for the latest), not one per missed slot. A slot already
 * claimed is not owed again unless its last attempt ended in a temporary error ('retry'; the store
 * decides whether that retry is still allowed).
 */
export function dueSlot(state: ScheduleState, now: Date): Date | null {
  const slot = latestSlot(state.frequency, now);
  if (slot.getTime() < state.activeFrom.getTime()) return null;
  if (state.lastSlot) {
    const last = state.lastSlot.getTime();
    if (slot.getTime() < last) return null;
    if (slot.getTime() === last && state.lastStatus !== 'retry') return null;
  }
  return slot;
}

/** When the next digest will go out: a slot owed now (the runner posts it within its interval) or the next one. */
export function nextPostAt(state: ScheduleState, now: Date): Date {
  return dueSlot(state, now) ?? nextSlot(state.frequency, now);
}
