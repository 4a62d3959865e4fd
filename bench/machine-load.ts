// The machine's load average, printed beside every bench's figures: on a shared two-core
// machine a number means little without the load it was measured at.
import os from 'node:os';

/** The 1-, 5- and 15-minute load averages, `2.1 3.4 5.0`. */
export const machineLoad = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
