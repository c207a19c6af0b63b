/**
 * Colours. Okabe–Ito's colour-blind-safe palette (blue, orange, green, vermilion, sky blue,
 * reddish purple, yellow, black), in an order where neighbours differ in lightness too; a neutral
 * grey, which the palette does not use, marks a residual such as "not itemised".
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'] as const;

export const NEUTRAL_GREY = '#999999';

/** Background of every chart: near-white, legible in Discord's dark and light themes. */
export const CHART_BACKGROUND = '#ffffff';

const RESIDUAL = /\b(not itemi[sz]ed|not specified|unspecified|unallocated|residual|unknown)\b|^\s*(other|others|rest)\s*$/i;

/** True when a label names a residual rather than a category ("not itemised", "Other"). */
export function isResidualLabel(label: string): boolean {
  return RESIDUAL.test(label);
}

/** The i-th palette colour, cycling. */
export function paletteColour(index: number): string {
  const n = PALETTE.length;
  return PALETTE[((index % n) + n) % n] ?? PALETTE[0];
}

/** Slice colours for a pie: palette in order, grey for residual labels (which use up no palette colour). */
export function sliceColours(labels: readonly string[]): string[] {
  let next = 0;
  return labels.map((label) => (isResidualLabel(label) ? NEUTRAL_GREY : paletteColour(next++)));
}
