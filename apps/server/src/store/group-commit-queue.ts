// Group commit, engine-neutral: appends wait in one bounded queue; a commit takes
// everything waiting (up to a cap), commits it at once and answers every caller, so one
// durable write answers many requests. An engine may run a few commits side by side:
// while they run, the next group gathers, and it grows with the load.
import { StoreOverloadedError } from './store.ts';

export interface GroupCommitOptions<Request, Result> {
  /** Events waiting beyond which new appends are refused. */
  maxPendingEvents: number;
  /** Most events one commit takes; keeps each transaction, and its pause, short. */
  maxEventsPerCommit: number;
  /** Commits that may run at once; 1 unless the engine overlaps them. */
  maxConcurrentCommits?: number;
  /**
   * Events that must be waiting before a commit starts beside running ones; fewer wait
   * for a running one to end and join the next group, so a commit's fixed cost (per
   * transaction and per table written) is spread over more events.
   */
  minEventsToOverlap?: number;
  eventCount(request: Request): number;
  /** Commits the group; per request, its result or the error that request gets. */
  commit(requests: Request[]): Promise<(Result | Error)[]>;
}

interface Waiting<Request, Result> {
  request: Request;
  events: number;
  resolve(result: Result): void;
  reject(error: Error): void;
}

export class GroupCommitQueue<Request, Result> {
  private waiting: Waiting<Request, Result>[] = [];
  private waitingEvents = 0;
  /** Events waiting or being committed. */
  private pendingEvents = 0;
  private readonly running = new Set<Promise<void>>();
  /** Events per second over recent commits, for the Retry-After estimate. */
  private commitRate = 0;
  private lastCommitDone = 0;
  private lastSubmitAt = 0;
  commits = 0;

  constructor(private readonly options: GroupCommitOptions<Request, Result>) {}

  get pending(): number {
    return this.pendingEvents;
  }

  /** Ms since the last append arrived, while none is waiting or being committed; 0 otherwise. */
  get idleMs(): number {
    return this.pendingEvents > 0 ? 0 : performance.now() - this.lastSubmitAt;
  }

  /**
   * Queues the request and resolves when its commit did. Refuses at once when the queue
   * is full; a request larger than the whole queue is still taken when the queue is empty.
   */
  submit(request: Request): Promise<Result> {
    const events = this.options.eventCount(request);
    this.lastSubmitAt = performance.now();
    if (this.pendingEvents > 0 && this.pendingEvents + events > this.options.maxPendingEvents) {
      return Promise.reject(new StoreOverloadedError(this.retryAfterSeconds()));
    }
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ request, events, resolve, reject });
      this.waitingEvents += events;
      this.pendingEvents += events;
      this.startCommits();
    });
  }

  /** Resolves once everything submitted so far is committed. */
  async drained(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Seconds until the queue, at the recent commit rate, has room again. */
  retryAfterSeconds(): number {
    if (this.commitRate <= 0) return 1;
    return Math.min(60, Math.max(1, Math.ceil(this.pendingEvents / this.commitRate)));
  }

  private startCommits(): void {
    const slots = this.options.maxConcurrentCommits ?? 1;
    const minToOverlap = this.options.minEventsToOverlap ?? 0;
    while (this.running.size < slots && this.waiting.length > 0) {
      if (this.running.size > 0 && this.waitingEvents < minToOverlap) return;
      const run = this.commitGroup(this.takeGroup()).finally(() => {
        this.running.delete(run);
        this.startCommits();
      });
      this.running.add(run);
    }
  }

  private async commitGroup(members: Waiting<Request, Result>[]): Promise<void> {
    const started = performance.now();
    let results: (Result | Error)[];
    try {
      results = await this.options.commit(members.map((w) => w.request));
    } catch (error) {
      results = members.map(() => error as Error);
    }
    const events = members.reduce((sum, w) => sum + w.events, 0);
    this.noteCommit(events, started);
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
    this.waitingEvents -= events;
    return this.waiting.splice(0, count);
  }

  /** The rate counts from the later of the commit's start and the previous commit's end, so overlapping commits add up. */
  private noteCommit(events: number, started: number): void {
    this.commits++;
    const now = performance.now();
    const ms = now - Math.max(started, this.lastCommitDone);
    this.lastCommitDone = now;
    const rate = events / Math.max(ms / 1000, 0.001);
    this.commitRate = this.commitRate === 0 ? rate : 0.8 * this.commitRate + 0.2 * rate;
  }
}
