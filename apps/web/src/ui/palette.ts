// Colours for groups (chart lines, table swatches) and services (waterfall bars): distinct
// hues that stay legible on light and dark backgrounds.
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#8cd17d', '#86bcb6', '#d37295', '#a0cbe8'];

/** The golden angle spreads any number of further hues as far apart as they can be. */
const GOLDEN_ANGLE = 137.508;

export function colourAt(index: number): string {
  if (index < PALETTE.length) return PALETTE[index];
  const hue = ((index - PALETTE.length) * GOLDEN_ANGLE + 20) % 360;
  // Hues near pure red are kept for errors.
  const safeHue = hue < 12 || hue > 348 ? (hue + 30) % 360 : hue;
  return `hsl(${safeHue.toFixed(1)}, 55%, 55%)`;
}
