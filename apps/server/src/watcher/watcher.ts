// The watcher: every minute, for every environment and dataset with recent events, reads
// the last whole minute and its past (watch-dataset.ts), folds the changes into findings
// (merge-findings.ts), explains what opened, stores it, and notifies only what opened and
// what recovered: never once per evaluation. One evaluation at a time, datasets one after
// another, so its cost stays a small, measured share of one core.
import type { Store } from '../store/store.ts';
import type { ControlStore, AuditEntry } from '../control/control-store.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../alerts/notifier.ts';
import type { Finding } from '@flashlight/api';
import { systemClock, type Clock } from '../clock/clock.ts';
import { FindingStore, isQuieted, newFindingId } from './finding-store.ts';
import { leadChange, mergeFindings, type Observation, type OpenFinding } from './merge-findings.ts';
import { explainFinding, teamsOf } from './explain-finding.ts';
import { newDatasetMemory, watchDataset, BASELINE_WINDOWS, type DatasetMemory } from './watch-dataset.ts';
import { WINDOW_SECONDS } from './watch-queries.ts';

/** How the audit log names the watcher. */
export const WATCHER_ACTOR = 'watcher';
/** Seconds after a minute ends before it is read: events still in flight from exporters land first. */
export const INGEST_LAG_SECONDS = 5;

export interface WatcherOptions {
  clock?: Clock;
  /** The environments to watch, asked each evaluation (keys come and go). */
  environments: () => readonly string[];
  /** Where open and recovered findings are posted. */
  webhooks?: readonly { url: string }[];
  /** Told of each scheduled evaluation: what it found and what it cost. */
  onEvaluation?: (report: EvaluationReport) => void;
}

export interface EvaluationReport {
  /** Unix seconds of the window evaluated; null when there was no new whole window. */
  window: number | null;
  datasets: number;
  queries: number;
  opened: Finding[];
  recovered: Finding[];
  /** Process CPU time the evaluation took (DuckDB's threads included), ms. */
  cpuMs: number;
}

export class Watcher {
  private readonly clock: Clock;
  private readonly memory = new Map<string, DatasetMemory>();
  private readonly lastWindow = new Map<string, number>();
  private stopTicks: (() => void) | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly store: Store,
    private readonly control: ControlStore,
    readonly findings: FindingStore,
    private readonly notifier: Notifier,
    private readonly log: Logger,
    private readonly options: WatcherOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    // A tick while an evaluation still runs is skipped: never two at once.
    this.stopTicks = this.clock.every(
      WINDOW_SECONDS * 1000,
      () =>
        (this.running ??= this.evaluate()
          .then((report) => this.options.onEvaluation?.(report))
          .catch((error) => this.log.error('watcher evaluation failed', { error: String(error) }))
          .finally(() => (this.running = undefined))),
    );
  }

  async stop(): Promise<void> {
    this.stopTicks?.();
    this.stopTicks = undefined;
    await this.running;
  }

  /** Evaluates the last whole window of every environment, once. */
  async evaluate(): Promise<EvaluationReport> {
    const cpu = process.cpuUsage();
    const nowMs = this.clock.now();
    const now = new Date(nowMs);
    const current = Math.floor((nowMs / 1000 - INGEST_LAG_SECONDS) / WINDOW_SECONDS) * WINDOW_SECONDS - WINDOW_SECONDS;
    const report: EvaluationReport = { window: null, datasets: 0, queries: 0, opened: [], recovered: [], cpuMs: 0 };
    for (const environment of this.options.environments()) {
      if ((this.lastWindow.get(environment) ?? -Infinity) >= current) continue;
      this.lastWindow.set(environment, current);
      report.window = current;
      await this.evaluateEnvironment(environment, current, now, report);
    }
    const used = process.cpuUsage(cpu);
    report.cpuMs = (used.user + used.system) / 1000;
    return report;
  }

  private async evaluateEnvironment(environment: string, current: number, now: Date, report: EvaluationReport): Promise<void> {
    const nowS = Math.floor(now.getTime() / 1000);
    const open = await this.findings.openFindings(environment);
    const rules = await this.findings.quietRules(environment);
    const recent = (current - BASELINE_WINDOWS * WINDOW_SECONDS) * 1000;
    const datasets = (await this.store.datasets(environment)).filter((d) => d.lastEventAt !== null && d.lastEventAt.getTime() >= recent);
    const observations: Observation[] = [];
    const evaluated = new Set<string>();
    for (const { name } of datasets) {
      const key = `${environment}\u0000${name}`;
      if (!this.memory.has(key)) this.memory.set(key, newDatasetMemory());
      const result = await watchDataset(this.store, environment, name, current, open, this.memory.get(key)!, now);
      report.datasets++;
      report.queries += result.queries;
      observations.push(...result.observations.filter((o) => !isQuieted(rules, o, nowS)));
      for (const place of result.evaluated) evaluated.add(place);
    }
    // A finding that a new value alone leads is explained again when a vendor's change comes to
    // lead it: the vendor's failures explain the new exception they throw (a quiet vendor's
    // pooled change is seen a minute or two after its first new exception).
    const newValueLed = new Set(open.filter((o) => leadChange(o.finding.changes).kind === 'new_value').map((o) => o.finding.id));
    const merged = mergeFindings(open, { window: current, now: nowS, observations, evaluated }, newFindingId);
    const calm = new Map(merged.open.map((o: OpenFinding) => [o.finding.id, o.calm]));
    const led = merged.open.map((o) => o.finding).filter((f) => newValueLed.has(f.id) && leadChange(f.changes).place === 'vendor');
    const explained = new Map<string, Finding>();
    for (const finding of [...merged.opened, ...led]) {
      const explanation = await explainFinding(this.store, this.control, environment, finding, now);
      explained.set(finding.id, { ...finding, explanation, where: { ...finding.where, teams: teamsOf(explanation) } });
    }
    const final = (f: Finding) => explained.get(f.id) ?? f;
    const opened = merged.opened.map(final);
    const audit = [
      ...opened.map((f) => this.auditOf(environment, f, 'opened', now)),
      ...merged.recovered.map((f) => this.auditOf(environment, f, 'recovered', now)),
    ];
    // Every open finding is saved: its calm counts move even when nothing else does.
    const saved = new Map([...merged.open.map((o) => o.finding), ...merged.touched].map((f) => [f.id, final(f)]));
    await this.findings.save(
      environment,
      [...saved.values()].map((finding) => ({ finding, calm: calm.get(finding.id) })),
      audit,
    );
    // Merged open findings keep their explanations; the next evaluation reads them back.
    for (const o of merged.open) o.finding = final(o.finding);
    await Promise.all([
      ...opened.map((f) => this.notify(environment, f, 'opened', nowS)),
      ...merged.recovered.map((f) => this.notify(environment, f, 'recovered', nowS)),
    ]);
    report.opened.push(...opened);
    report.recovered.push(...merged.recovered);
  }

  private auditOf(environment: string, finding: Finding, event: 'opened' | 'recovered', now: Date): AuditEntry {
    return {
      at: now,
      environment,
      actor: WATCHER_ACTOR,
      action: `finding.${event}`,
      target: `finding:${finding.id}`,
      detail: { title: finding.title, webhooks: (this.options.webhooks ?? []).length },
    };
  }

  private notify(environment: string, finding: Finding, event: 'opened' | 'recovered', time: number): Promise<void> {
    return this.notifier.notify(
      {
        event,
        kind: 'finding',
        id: finding.id,
        name: finding.title,
        environment,
        group: finding.id,
        time,
        detail: {
          since: finding.since,
          where: finding.where,
          kinds: finding.kinds,
          causes: (finding.explanation?.causes ?? []).slice(0, 3).map((c) => c.label),
        },
      },
      this.options.webhooks ?? [],
    );
  }
}
