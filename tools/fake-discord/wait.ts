/** Waiting on the fake with a deadline, so a test that waits in vain says what it waited for. */
import type { EventEmitter } from 'node:events';

export function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`fake Discord: timed out after ${ms} ms waiting for ${what()}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves with what `find()` finds, looking now and again after each `event`. */
export function waitFor<T>(
  events: EventEmitter,
  event: string,
  find: () => T | undefined,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        events.off(event, check);
        resolve(found);
      };
      events.on(event, check);
      check();
    }),
    timeoutMs,
    what,
  );
}

/** Resolves once the counter `read()` reaches `count`. */
export function waitForCount(events: EventEmitter, event: string, read: () => number, count: number, timeoutMs: number): Promise<void> {
  return waitFor(
    events,
    event,
    () => (read() >= count ? true : undefined),
    timeoutMs,
    () => `${event} #${count} (have ${read()})`,
  ).then(() => undefined);
}
