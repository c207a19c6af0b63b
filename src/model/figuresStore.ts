import { DataError } from './dataset.js';
import type { Figures } from './figures.js';
import { describeReloadInSlices } from './reloadSummary.js';

export type ReloadResult = { readonly ok: true; readonly summary: string } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Holds the figures in use and swaps them only for a new set that validated whole: a bad file
 * during a reload leaves what is loaded untouched.
 */
export class FiguresStore {
  private figures: Figures;
  private reloading: Promise<ReloadResult> | undefined;

  constructor(
    initial: Figures,
    private readonly load: () => Promise<Figures>,
  ) {
    this.figures = initial;
  }

  current(): Figures {
    return this.figures;
  }

  /** Loads `data/` again; concurrent calls share one load. */
  reload(): Promise<ReloadResult> {
    this.reloading ??= this.load()
      .then(async (next): Promise<ReloadResult> => {
        // In slices: at 10^6 figures the comparison alone would hold the event loop for seconds.
        const summary = await describeReloadInSlices(this.figures.model, next.model);
        this.figures = next;
        return { ok: true, summary };
      })
      .catch((error: unknown): ReloadResult => {
        if (error instanceof DataError) return { ok: false, problems: error.problems };
        return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
      })
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }
}

/** How long data/ must stay quiet before a reload: an editor's save, or a typo put right, is one change. */
export const RELOAD_SETTLE_MS = 1500;

export interface ReloaderOptions {
  /** Quiet time after the last request before the reload starts. Default RELOAD_SETTLE_MS. */
  readonly settleMs?: number;
  /** Called once per reload, one at a time and in order (the "figures updated" post goes here). */
  readonly onReloaded: (result: ReloadResult) => void | Promise<void>;
  /** Called with whatever onReloaded threw. */
  readonly onError?: (error: unknown) => void;
}

export interface Reloader {
  /** Asks for a reload once data/ settles: each request within settleMs restarts the wait. */
  request(): void;
  /** Resolves when no reload is waiting or running. */
  idle(): Promise<void>;
  /** Drops a reload still waiting; one already running finishes. */
  close(): void;
}

/**
 * One reload per settled change, whatever asks for it (file events, SIGHUP). Requests that come
 * while a reload runs make one more reload after it: the running one may have read the files
 * before the last save, and FiguresStore.reload would hand such a request the stale result.
 */
export function createReloader(store: FiguresStore, options: ReloaderOptions): Reloader {
  const settleMs = options.settleMs ?? RELOAD_SETTLE_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const timerFired: (() => void)[] = [];

  async function run(): Promise<void> {
    do {
      again = false;
      try {
        await options.onReloaded(await store.reload());
      } catch (error) {
        options.onError?.(error);
      }
    } while (again && !closed);
    running = undefined;
  }

  function fire(): void {
    timer = undefined;
    if (running) again = true;
    else running = run();
    for (const resolve of timerFired.splice(0)) resolve();
  }

  return {
    request() {
      if (closed) return;
      clearTimeout(timer);
      timer = setTimeout(fire, settleMs);
      timer.unref(); // a reload that is still waiting must not keep the process alive
    },
    async idle() {
      while (timer || running) {
        if (running) await running;
        else await new Promise<void>((resolve) => timerFired.push(resolve));
      }
    },
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      for (const resolve of timerFired.splice(0)) resolve();
    },
  };
}
