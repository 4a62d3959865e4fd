// The BubbleUp answer's types, from the API contract; the UI calls the API through `runBubbleUp`.
export type { BubbleUpResult, SideSample, RankedColumn, ValueShare } from '@flashlight/api';
