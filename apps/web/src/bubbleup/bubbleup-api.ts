// The BubbleUp answer's types, from the server; the UI calls the API through `runBubbleUp`.
export type { BubbleUpResult, SideSample } from '../../../server/src/bubbleup/run-bubbleup.ts';
export type { RankedColumn, ValueShare } from '../../../server/src/bubbleup/rank-columns.ts';
