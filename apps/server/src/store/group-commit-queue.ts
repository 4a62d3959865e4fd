// Group commit, engine-neutral: appends wait in one bounded queue; a single writer loop
// takes everything waiting (up to a cap), commits it at once and answers every caller, so
// one durable write answers many requests. While a commit runs, the next group gathers;
// an engine that says when only its commit's wait is left gets the next group then, to
// do that group's CPU work meanwhile.
import { StoreOverloadedError } from './store.ts';

export interface GroupCommitOptions<Request, Result> {
  /** Events waiting beyond which new appends are refused. */
  maxPendingEvents: number;
  /** Most events one commit takes; keeps each transaction, and its pause, short. */
  maxEventsPerCommit: number;
  eventCount(request: Request): number;
  /**
   * Commits the group; per request, its result or the error that request gets. May call
   * `whileCommitting` once only the commit's own wait is left.
   */
  commit(requests: Request[], whileCommitting: () => void): Promise<(Result | Error)[]>;
  /**
   * Given the next group, with the very array its `commit` will get, while the previous
   * group commits. What it prepares is the engine's to keep, use or drop.
   */
  prepareAhead?(requests: Request[]): void;
}

interface Waiting<Request, Result> {
  request: Request;
  events: number;
  resolve(result: Result): void;
  reject(error: Error): void;
}

/** A group taken from the queue, and the array of its requests that `commit` gets. */
interface Taken<Request, Result> {
  members: Waiting<Request, Result>[];
  requests: Request[];
}

export class GroupCommitQueue<Request, Result> {
  private waiting: Waiting<Request, Result>[] = [];
  private pendingEvents = 0;
  private running: Promise<void> | null = null;
  /** Events per second over recent commits, for the Retry-After estimate. */
  private commitRate = 0;
  commits = 0;

  constructor(private readonly options: GroupCommitOptions<Request, Result>) {}

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
      // The group taken while the previous one committed.
      const ahead: { group: Taken<Request, Result> | null } = { group: null };
      while (ahead.group || this.waiting.length > 0) {
        const group = ahead.group ?? this.takeAndList();
        ahead.group = null;
        const started = performance.now();
        let results: (Result | Error)[];
        try {
          results = await this.options.commit(group.requests, () => {
            if (this.waiting.length === 0 || ahead.group) return;
            const next = this.takeAndList();
            ahead.group = next;
            try {
              this.options.prepareAhead?.(next.requests);
            } catch {
              // Prepared in its own turn instead, where a failure reaches its callers.
            }
          });
        } catch (error) {
          results = group.requests.map(() => error as Error);
        }
        const events = group.members.reduce((sum, w) => sum + w.events, 0);
        this.noteCommit(events, performance.now() - started);
        this.pendingEvents -= events;
        group.members.forEach((w, i) => {
          const result = results[i];
          if (result instanceof Error) w.reject(result);
          else w.resolve(result);
        });
      }
    } finally {
      this.running = null;
    }
  }

  private takeAndList(): Taken<Request, Result> {
    const members = this.takeGroup();
    return { members, requests: members.map((w) => w.request) };
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

  private noteCommit(events: number, ms: number): void {
    this.commits++;
    const rate = events / Math.max(ms / 1000, 0.001);
    this.commitRate = this.commitRate === 0 ? rate : 0.8 * this.commitRate + 0.2 * rate;
  }
}
