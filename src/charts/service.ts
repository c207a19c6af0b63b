import type { ReplyFile } from '../../commands/contract.js';
import type { ChartSpec } from './spec.js';

/** Where a reply's chart comes from: a link Discord fetches, a file we upload, or nothing (with why). */
export type ChartImage =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'attachment'; readonly url: `attachment://${string}`; readonly file: ReplyFile }
  | { readonly kind: 'omitted'; readonly reason: string };

export interface ChartService {
  /** Never throws: a chart that cannot be made comes back as `omitted`, so a reply never fails for its chart. */
  image(spec: ChartSpec): ChartImage;
}
