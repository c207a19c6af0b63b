/** Folds case, diacritics, punctuation and spacing, so "Kyrgyz Republic", "KYRGYZ-republic" and "Kyrgyz republic." meet. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Optimal string alignment distance (Levenshtein with transpositions), capped for speed. */
export function editDistance(a: string, b: string, cap = 4): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > cap) return cap + 1;
  }
  return d[rows * cols - 1]!;
}

export interface NameEntry<T> {
  readonly target: T;
  /** The names a user might type: the canonical name, codes, spellings, demonyms, other scripts. */
  readonly names: readonly string[];
}

export interface NameMatch<T> {
  readonly target: T;
  readonly distance: number;
}

/**
 * Resolves what a user typed to one target: exact (after normalising) first, then the closest
 * name within a small edit distance. Built once; lookups are a map probe or a short scan of
 * the aliases.
 */
export class NameIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly all: { name: string; target: T }[] = [];

  constructor(entries: readonly NameEntry<T>[]) {
    for (const entry of entries) {
      for (const name of entry.names) {
        const key = normalizeName(name);
        if (key === '') continue;
        if (!this.exact.has(key)) this.exact.set(key, entry.target);
        this.all.push({ name: key, target: entry.target });
      }
    }
  }

  lookup(text: string): T | undefined {
    return this.exact.get(normalizeName(text));
  }

  /** Targets whose names are close to `text`, nearest first, each once. */
  suggest(text: string, limit = 3): NameMatch<T>[] {
    const key = normalizeName(text);
    if (key === '') return [];
    const cap = key.length <= 4 ? 1 : key.length <= 7 ? 2 : 3;
    const best = new Map<T, number>();
    for (const { name, target } of this.all) {
      const distance = name.startsWith(key) && key.length >= 3 ? 0.5 : editDistance(key, name, cap);
      if (distance > cap) continue;
      const known = best.get(target);
      if (known === undefined || distance < known) best.set(target, distance);
    }
    return [...best.entries()]
      .map(([target, distance]) => ({ target, distance }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, limit);
  }

  /** Targets for autocomplete: prefix matches of any name first, then near misses. */
  complete(text: string, limit: number): T[] {
    const key = normalizeName(text);
    const seen = new Set<T>();
    const out: T[] = [];
    const add = (t: T) => {
      if (!seen.has(t) && out.length < limit) {
        seen.add(t);
        out.push(t);
      }
    };
    for (const { name, target } of this.all) if (name.startsWith(key)) add(target);
    for (const { name, target } of this.all) if (key.length >= 2 && name.includes(key)) add(target);
    for (const match of this.suggest(text, limit)) add(match.target);
    return out;
  }
}
