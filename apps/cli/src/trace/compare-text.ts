// A trace comparison as terminal text: the paths that explain most first, then every path
// with both sides' numbers, indented by depth.
import type { PathStep, PeerComparison, TraceComparison } from '@flashlight/api';

const ms = (value: number) => (Math.abs(value) >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);
const signed = (value: number) => (value > 0 ? '+' : '') + ms(value);
const step = (s: PathStep | undefined) => `${s?.service ?? '(unknown service)'} ${s?.name ?? '(unnamed)'}`;
const indented = (path: readonly PathStep[]) => '  '.repeat(Math.max(0, path.length - 1)) + step(path[path.length - 1]);

/** Rows as aligned columns: the first left-aligned, the rest right-aligned. */
function columns(rows: readonly string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n') + '\n';
}

export function peerComparisonText(answer: PeerComparison): string {
  const { trace, peers, durationMs, ranking, paths } = answer;
  const lines = [
    `trace ${trace.traceId}: ${ms(trace.durationMs)}; ${peers.length} peers (root ${trace.rootName ?? '(unnamed)'}): ${ms(durationMs.p50)} P50, ${ms(durationMs.p95)} P95`,
    '',
    ...ranking.map((entry, i) => `${i + 1}. ${entry.text} (${signed(entry.scoreMs)})`),
    '',
  ];
  const rows = [
    ['path', 'spans', 'peers P50/P95', 'time', 'peers P50/P95', 'own', 'peers P50/P95', 'peers with it'],
    ...paths.map((p) => [
      indented(p.path),
      String(p.trace.count),
      `${p.peers.count.p50}/${p.peers.count.p95}`,
      ms(p.trace.totalMs),
      `${ms(p.peers.totalMs.p50)}/${ms(p.peers.totalMs.p95)}`,
      ms(p.trace.selfMs),
      `${ms(p.peers.selfMs.p50)}/${ms(p.peers.selfMs.p95)}`,
      `${Math.round(p.peers.share * 100)}%`,
    ]),
  ];
  return lines.join('\n') + '\n' + columns(rows);
}

export function traceComparisonText(answer: TraceComparison): string {
  const { a, b, paths, critical, attributes, attributesOmitted } = answer;
  const rows = [
    ['path', 'spans A', 'spans B', 'time A', 'time B', 'difference', 'critical A', 'critical B'],
    ...paths.map((p) => [
      indented(p.path) + (p.added > 0 ? `  (+${p.added} in B)` : p.missing > 0 ? `  (-${p.missing} in B)` : ''),
      String(p.a.count),
      String(p.b.count),
      ms(p.a.totalMs),
      ms(p.b.totalMs),
      signed(p.diffMs),
      ms(p.a.criticalMs),
      ms(p.b.criticalMs),
    ]),
  ];
  const lines = [
    `A ${a.traceId}: ${ms(a.durationMs)}, ${a.spanCount} spans`,
    `B ${b.traceId}: ${ms(b.durationMs)}, ${b.spanCount} spans`,
    '',
    columns(rows),
    'critical path differences:',
    ...critical.differences.map((d) => `  ${d.path.map(step).join(' > ')}: ${ms(d.aMs)} -> ${ms(d.bMs)}`),
    '',
    'fields that differ:',
    ...attributes.map((f) => `  ${f.field}: ${f.a.join(', ') || '(none)'} -> ${f.b.join(', ') || '(none)'} (on ${f.pathCount} paths)`),
    ...(attributesOmitted > 0 ? [`  and ${attributesOmitted} more`] : []),
  ];
  return lines.join('\n') + '\n';
}
