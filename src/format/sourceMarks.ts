import type { APIEmbedField } from 'discord-api-types/v10';
import type { TradeModel } from '../model/model.js';
import { citationKey, type Citation, type Value } from '../model/value.js';
import { NOT_REPORTED, valueText, type Marker } from './figures.js';

/** A citation from a source id and, where it names someone else, whom it attributes the figure to. */
export const citation = (source: string, citing?: string): Citation => (citing ? { source, citing } : { source });

/**
 * The sources of one reply, numbered in the order a reader meets them: a mark after each number
 * ("$43.82 bn [1, 2, 3]", "about $12 bn (derived) [3]") and the Sources field the marks point to
 * ("[1] The Astana Times, 2025-01-23", linked). A derived number is marked with the sources of
 * its inputs. Build the reply's text first, then the field: it lists exactly what was marked.
 */
export class SourceMarks implements Marker {
  private readonly listed: Citation[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(readonly model: TradeModel) {}

  private numberOf(c: Citation): number {
    const key = citationKey(c);
    let n = this.numbers.get(key);
    if (n === undefined) {
      this.listed.push(c);
      this.numbers.set(key, (n = this.listed.length));
    }
    return n;
  }

  /** "[1, 3]" for these citations, numbering any not met before; "" for none. */
  mark(citations: Iterable<Citation>): string {
    const numbers = [...new Set([...citations].map((c) => this.numberOf(c)))].sort((a, b) => a - b);
    return numbers.length > 0 ? `[${numbers.join(', ')}]` : '';
  }

  /** Text followed by the marks of its sources: "nearly +7% [3]". */
  after(text: string, citations: Iterable<Citation>): string {
    const mark = this.mark(citations);
    return mark ? `${text} ${mark}` : text;
  }

  /** A value as `valueText` shows it, with its marks: "$43.82 bn [1, 2, 3]", "about $1.7 bn (derived) [4, 5, 6]", "not reported". */
  value(value: Value | undefined): string {
    return value ? this.after(valueText(value), value.citations) : NOT_REPORTED;
  }

  /** A source named in a sentence, with its mark: "Eurasianet, citing Oilprice [2]". */
  name(c: Citation): string {
    const short = this.model.sources.get(c.source)?.short ?? c.source;
    return `${short}${c.citing ? `, citing ${c.citing}` : ''} ${this.mark([c])}`;
  }

  /** Every source marked so far, once, by number. */
  citations(): readonly Citation[] {
    return this.listed;
  }

  /** The Sources field: each marked source by its number, linked, saying whom it attributes its figures to. */
  field(): APIEmbedField {
    const lines = this.listed.map((c, i) => {
      const s = this.model.sources.get(c.source);
      if (!s) return `[${i + 1}] ${c.source}`;
      const label = `${s.short}${c.citing ? `, citing ${c.citing}` : ''}, ${s.date}`;
      return `[${i + 1}] ${s.url ? `[${label}](${s.url})` : `${label} (${s.title})`}`;
    });
    return { name: 'Sources', value: lines.join('\n') || '—' };
  }
}
