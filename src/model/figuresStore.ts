import { DataError } from './dataset.js';
import { describeDiff, diffFigures } from './diff.js';
import type { Figures } from './figures.js';

export type ReloadResult =
  | { readonly ok: true; readonly summary: string }
  | { readonly ok: false; readonly problems: readonly string[] };

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
      .then((next): ReloadResult => {
        const summary = describeDiff(diffFigures(this.figures.model, next.model), next.model);
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
