// What operators scrape from `/metrics`: requests by status (HTTP and gRPC), ingest events and bytes,
// commit and query latency, and how much waits for a commit. One set per running server,
// shared by the HTTP app and OTLP/gRPC (both reach it through the server's control store).
import { Counter, Gauge, Histogram } from './prometheus-text.ts';

const LATENCY_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ServerMetrics {
  readonly responses = new Counter('flashlight_http_responses_total', 'HTTP responses by status code (429: load shed or rate limited)');
  readonly grpcResponses = new Counter('flashlight_grpc_responses_total', 'OTLP/gRPC answers by status code (0 OK, 3 INVALID_ARGUMENT, 14 UNAVAILABLE, ...)');
  readonly ingestEvents = new Counter('flashlight_ingest_events_total', 'Events committed');
  readonly ingestBytes = new Counter('flashlight_ingest_bytes_total', 'Ingest bytes received by transport (HTTP: bodies as sent; gRPC: messages)');
  readonly commitSeconds = new Histogram('flashlight_commit_seconds', 'Time from handing a batch to the store until it is committed', LATENCY_BOUNDS);
  readonly querySeconds = new Histogram('flashlight_query_seconds', 'Time to answer a query API request', LATENCY_BOUNDS);
  /** Events handed to the store and not yet committed. */
  pendingEvents = 0;
  private readonly pending = new Gauge('flashlight_ingest_pending_events', 'Events waiting for a commit (the write queue depth)', () => this.pendingEvents);

  text(): string {
    return (
      [this.responses, this.grpcResponses, this.ingestEvents, this.ingestBytes, this.commitSeconds, this.querySeconds, this.pending]
        .map((m) => m.text())
        .join('\n') + '\n'
    );
  }
}
