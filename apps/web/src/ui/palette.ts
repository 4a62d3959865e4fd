// Colours for groups (chart lines, table swatches) and services (waterfall bars): distinct
// hues that stay legible on light and dark backgrounds.
const PALETTE = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948',
  '#ff9da7', '#9c755f', '#8cd17d', '#86bcb6', '#d37295', '#a0cbe8',
];

export function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length];
}
