// The DuckDB store's writer connections, and the rule for sharing them. Commits that only
// append run side by side, one per connection: DuckDB serializes the COMMITs themselves
// but overlaps the rest (appending, WAL writes, fsync waits). A commit that changes the
// schema runs alone: after every commit that asked before it, before every later one.
import type { DuckDBConnection } from '@duckdb/node-api';

interface Turn {
  alone: boolean;
  start(connection: DuckDBConnection): void;
}

export class WriterConnections {
  /** Turns not started yet, in the order they were asked for. */
  private readonly turns: Turn[] = [];
  private readonly idle: DuckDBConnection[];
  private busy = 0;
  private aloneBusy = false;

  constructor(readonly all: readonly DuckDBConnection[]) {
    this.idle = [...all];
  }

  /** Runs `work` on a connection no other work uses meanwhile, in turn. */
  async use<T>(alone: boolean, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await new Promise<DuckDBConnection>((start) => {
      this.turns.push({ alone, start });
      this.startTurns();
    });
    try {
      return await work(connection);
    } finally {
      this.idle.push(connection);
      this.busy--;
      if (alone) this.aloneBusy = false;
      this.startTurns();
    }
  }

  /** Starts waiting turns in order; a turn that cannot start yet holds back those after it. */
  private startTurns(): void {
    while (this.turns.length > 0 && this.idle.length > 0 && !this.aloneBusy) {
      const turn = this.turns[0];
      if (turn.alone && this.busy > 0) return;
      this.turns.shift();
      this.busy++;
      this.aloneBusy = turn.alone;
      turn.start(this.idle.pop()!);
    }
  }
}
