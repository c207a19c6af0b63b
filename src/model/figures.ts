import type { BoundKeyPoint } from './keypoints.js';
import type { TradeModel } from './model.js';

/**
 * The figures in use: the trade model and the key points bound to it. They are loaded, checked
 * against each other and replaced together, so no one ever reads key points of other figures.
 */
export interface Figures {
  readonly model: TradeModel;
  readonly keyPoints: readonly BoundKeyPoint[];
}
