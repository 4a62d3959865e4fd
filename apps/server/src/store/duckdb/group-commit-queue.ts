// Group commit: appends wait in one bounded queue; a single writer loop takes everything
// waiting (up to a cap), commits it in one transaction and answers every caller at once.
// While one group's commit is being fsynced, the next group is taken and prepared, so
// the CPU work of one commit overlaps the disk wait of the previous one.
import { StoreOverloadedError } from '../store.ts';

export interface GroupCommitOptions<Request, Result, Prepared> {
  /** Events waiting beyond which new appends are refused. */
  maxPendingEvents: number;
  /** Most events one commit takes; keeps each transaction, and its pause, short. */
  maxEventsPerCommit: number;
  eventCount(request: Request): number;
  /** The CPU work of a group's commit, done on top of the group prepared before it. */
  prepare(requests: Request[]): Prepared;
  /**
   * Writes and commits a prepared group, calling `whileCommitting` once only the commit's
   * own wait is left. When it fails, whatever was prepared on top of it is void.
   */
  write(prepared: Prepared, whileCommitting: () => void): Promise<Result[]>;
  /** After a group failed: commits its requests one by one, so only bad ones fail. */
  commitEach(requests: Request[]): Promise<(Result | Error)[]>;
}

interface Waiting<Request, Result> {
  request: Request;
  events: number;
  resolve(result: Result): void;
  reject(error: Error): void;
}

interface Group<Request, Result, Prepared> {
  members: Waiting<Request, Result>[];
  prepared?: Prepared;
}

export class GroupCommitQueue<Request, Result, Prepared> {
  private waiting: Waiting<Request, Result>[] = [];
  private pendingEvents = 0;
  private running: Promise<void> | null = null;
  /** Events per second over recent commits, for the Retry-After estimate. */
  private commitRate = 0;
  commits = 0;

  constructor(private readonly options: GroupCommitOptions<Request, Result, Prepared>) {}

  get pending(): number {
    return this.pendingEvents;
  }

  /**
   * Queues the request and resolves when its commit did. Refuses at once when the queue
   * is full; a request larger than the whole queue is still taken when the queue is empty.
   */
  submit(request: Request): Promise<Result> {
    const events = this.options.eventCount(request);
    if (this.pendingEvents > 0 && this.pendingEvents + events > this.options.maxPendingEvents) {
      return Promise.reject(new StoreOverloadedError(this.retryAfterSeconds()));
    }
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ request, events, resolve, reject });
      this.pendingEvents += events;
      this.running ??= this.drainLoop();
    });
  }

  /** Resolves once everything submitted so far is committed. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Seconds until the queue, at the recent commit rate, has room again. */
  retryAfterSeconds(): number {
    if (this.commitRate <= 0) return 1;
    return Math.min(60, Math.max(1, Math.ceil(this.pendingEvents / this.commitRate)));
  }

  private async drainLoop(): Promise<void> {
    try {
      // The group taken, and perhaps prepared, while the previous one committed.
      const ahead: { group: Group<Request, Result, Prepared> | null } = { group: null };
      while (ahead.group || this.waiting.length > 0) {
        const group = ahead.group ?? { members: this.takeGroup() };
        ahead.group = null;
        const requests = group.members.map((w) => w.request);
        const started = performance.now();
        let results: (Result | Error)[];
        try {
          group.prepared ??= this.options.prepare(requests);
          results = await this.options.write(group.prepared, () => {
            if (this.waiting.length === 0) return;
            const next: Group<Request, Result, Prepared> = { members: this.takeGroup() };
            ahead.group = next;
            try {
              next.prepared = this.options.prepare(next.members.map((w) => w.request));
            } catch {
              // Prepared again, or failed request by request, in its own turn.
            }
          });
        } catch {
          // The group prepared meanwhile was planned on top of this one: prepare it again.
          const prepared = ahead.group as Group<Request, Result, Prepared> | null;
          if (prepared) ahead.group = { members: prepared.members };
          results = await this.options.commitEach(requests).catch((error: Error) => requests.map(() => error));
        }
        this.finish(group.members, results, performance.now() - started);
      }
    } finally {
      this.running = null;
    }
  }

  private finish(members: Waiting<Request, Result>[], results: (Result | Error)[], ms: number): void {
    const events = members.reduce((sum, w) => sum + w.events, 0);
    this.commits++;
    const rate = events / Math.max(ms / 1000, 0.001);
    this.commitRate = this.commitRate === 0 ? rate : 0.8 * this.commitRate + 0.2 * rate;
    this.pendingEvents -= events;
    members.forEach((w, i) => {
      const result = results[i];
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    });
  }

  private takeGroup(): Waiting<Request, Result>[] {
    let events = 0;
    let count = 0;
    while (count < this.waiting.length) {
      events += this.waiting[count].events;
      count++;
      if (events >= this.options.maxEventsPerCommit) break;
    }
    return this.waiting.splice(0, count);
  }
}
