// Wall-clock time in epoch milliseconds (fractional) from the page's monotonic clock, so
// span times line up with the Performance Timeline entries they are built from.

export const epochMsFromPerformance = (performanceTime: number): number => performance.timeOrigin + performanceTime;

export const nowMs = (): number => epochMsFromPerformance(performance.now());
