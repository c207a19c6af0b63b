/** The chart size in pixels, the same for a QuickChart link and a local PNG (device pixel ratio 1). */
export const DEFAULT_CHART_WIDTH = 800;
export const DEFAULT_CHART_HEIGHT = 450;
