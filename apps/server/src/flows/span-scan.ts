// The spans of a flow scope, read from every dataset table as one relation of the few
// columns the flow questions need, under fixed aliases. Field names resolve to generated
// physical columns. Every column has one type in every table, whatever each dataset holds:
// a field is read as the type the flows need (from the field, or from its companion of
// that type), and one that is missing (or of no usable type) reads as a NULL of that type.
import {
  NULL,
  cte,
  derived,
  inList,
  join,
  named,
  op,
  star,
  SAMPLE_RATE_COLUMN,
  TIMESTAMP_COLUMN,
  and,
  as,
  caseWhen,
  cast,
  eq,
  fn,
  id,
  isNotNull,
  isNull,
  lit,
  or,
  parens,
  predicateExpr,
  select,
  table,
  tableColumn,
  timeWithin,
  typedNull,
  unionAll,
  val,
  type DatasetTable,
  type CteNode,
  type Expr,
  type FieldInfo,
  type QueryNode,
} from '@flashlight/query';
import { companionFieldName } from '../store/field-values.ts';
import { STATUS_CODE_ERROR } from '../events/span-status.ts';
import type { FlowScope } from './flow-scope.ts';

/** The telemetry fields the flow questions read, and the type each must have to be read. */
const SPAN_FIELDS = {
  tid: ['trace.trace_id', 'string'],
  sid: ['trace.span_id', 'string'],
  pid: ['trace.parent_id', 'string'],
  svc: ['service.name', 'string'],
  kind: ['span.kind', 'string'],
  dur: ['duration_ms', 'number'],
  status: ['status_code', 'number'],
  annot: ['meta.annotation_type', 'string'],
  peer_service: ['peer.service', 'string'],
  server_address: ['server.address', 'string'],
  server_port: ['server.port', 'number'],
  url: ['url.full', 'string'],
  sdk: ['telemetry.sdk.name', 'string'],
  topic: ['messaging.destination.name', 'string'],
  vendor: ['vendor.name', 'string'],
  outcome: ['vendor.outcome', 'string'],
  reason: ['vendor.fallback_reason', 'string'],
  usr: ['user.id', 'string'],
  sess: ['session.id', 'string'],
  ltid: ['trace.link.trace_id', 'string'],
} as const satisfies Record<string, readonly [string, 'string' | 'number']>;

/** What the browser kit writes as its SDK name; such spans come from a browser. */
export const BROWSER_SDK_NAME = 'flashlight-browser';

type Wanted = 'string' | 'number';

/** How one stored field is read as the wanted type; text is read as a number only where it spells one. */
type FieldRead = { column: string; from: 'same' | 'text' };

/**
 * The stored fields that hold `name` as the wanted type, in the order they are tried: the
 * field itself when its type fits, then its companions (`duration_ms::float`, where values
 * of another type than the field's first went), and for numbers, text that spells one.
 */
function readsOf(fields: ReadonlyMap<string, FieldInfo>, name: string, wanted: Wanted): FieldRead[] {
  const candidates = [
    name,
    ...(wanted === 'number' ? (['integer', 'float', 'string'] as const) : (['string'] as const)).map((type) => companionFieldName(name, type)),
  ];
  const reads: FieldRead[] = [];
  for (const candidate of candidates) {
    const info = fields.get(candidate);
    if (!info) continue;
    if (wanted === 'string' ? info.type === 'string' : info.type === 'integer' || info.type === 'float') reads.push({ column: info.column, from: 'same' });
    else if (wanted === 'number' && info.type === 'string') reads.push({ column: info.column, from: 'text' });
  }
  return reads;
}

/**
 * Whether `table`'s own column fits the read: a dataset's types are its own, so a column the
 * tables queried together hold as text may be a number or a boolean in this one (its
 * `casts`), and then it holds no ids, names or kinds — only what its own type says.
 */
function holdsAs(table: DatasetTable, read: FieldRead, wanted: Wanted): boolean {
  const own = table.casts?.get(read.column)?.from;
  if (own === undefined) return true;
  if (read.from === 'text' || wanted === 'string') return own === 'string';
  return own === 'integer' || own === 'float';
}

/**
 * A stored column (or a NULL, computed from the row's timestamp where the engine needs it
 * so) as the wanted type, the same in every table of the union.
 */
function typedRead(wanted: Wanted, read: FieldRead | null): Expr {
  const type = wanted === 'string' ? 'text' : 'double';
  if (read === null) return typedNull(type, id(TIMESTAMP_COLUMN));
  if (read.from === 'text') return fn('parseDouble', id(read.column));
  return cast(id(read.column), type);
}

/**
 * The tables that can hold spans or link events: those with a trace id, as text, in some
 * column. A dataset of plain events (no trace id) has no flows and is not read at all.
 */
export function tablesWithTraces(tables: readonly DatasetTable[], fields: ReadonlyMap<string, FieldInfo>): DatasetTable[] {
  const columns = readsOf(fields, SPAN_FIELDS.tid[0], SPAN_FIELDS.tid[1]).map((read) => read.column);
  return tables.filter((table) => columns.some((column) => table.columns.has(column)));
}

/** A 64-bit hash of a span's (or its parent's) id within its trace, NULL without one; joins on it stay cheap. */
function spanHash(trace: Expr, span: Expr): Expr {
  return caseWhen([[isNull(span), NULL]], fn('hash', trace, span));
}

/** Ports a URL leaves out; an address on one of them is named by its host alone. */
const DEFAULT_PORTS = [80, 443];

/** `host` or `host:port` of an absolute URL (a default port left out), or NULL. */
function urlAuthority(url: Expr): Expr {
  const authority = val('^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/?#]+)');
  const defaultPort = val(`:(${DEFAULT_PORTS.join('|')})$`);
  return fn('nullIf', fn('regexpReplace', fn('regexpExtract', url, authority), defaultPort, val('')), val(''));
}

/** `address:port` when the span names a port other than a default one, the address alone on a default port, else NULL. */
function addressWithPort(address: Expr, port: Expr): Expr {
  // Comparisons, not IN: ClickHouse refuses a bare NULL (a table without the field) on the left of IN.
  const onDefaultPort = or(...DEFAULT_PORTS.map((p) => eq(port, lit(p))));
  return caseWhen(
    [
      [or(isNull(address), isNull(port)), NULL],
      [onDefaultPort, address],
    ],
    fn('concat', address, val(':'), fn('integerText', port)),
  );
}

/** The columns a scan can produce (see spanScan); each statement asks for those it reads. */
export type ScanColumn =
  | 'tid'
  | 'k'
  | 'pk'
  | 'svc'
  | 'kind'
  | 'ltid'
  | 'sel'
  | 'peer'
  | 'browser'
  | 'vendor'
  | 'dur'
  | 'err'
  | 'w'
  | 't'
  | 'topic'
  | 'peer_service'
  | 'outcome'
  | 'reason'
  | 'usr'
  | 'sess';

/**
 * One SELECT per table, UNION ALL, of the spans (or the link events) with the asked-for
 * columns: tid (trace id), k and pk (64-bit
 * hashes of the span's and its parent's ids in the trace; pk is NULL for a root), svc, kind,
 * ltid (a link's target trace), sel (1 where the scope's trace filter holds), peer
 * (peer.service, else server.address with server.port, else host and port of url.full, else
 * server.address; default ports left out), browser (1 for spans of the
 * browser kit), vendor, dur, outcome (ok, error, timeout or fallback), err (1 unless the
 * outcome is ok), w (sample-rate weight), t (µs), topic, peer_service, reason, usr, sess.
 */
export function spanScan(scope: FlowScope, columns: ReadonlySet<ScanColumn>, events: 'spans' | 'links'): QueryNode {
  const reads = new Map(Object.entries(SPAN_FIELDS).map(([key, [name, wanted]]) => [key, readsOf(scope.fields, name, wanted)]));
  const scans = scope.tables.map((source) => {
    const ts = id(TIMESTAMP_COLUMN);
    /** The field as the type the flows need, or null when this table holds it in no usable column. */
    const present = (key: keyof typeof SPAN_FIELDS): Expr | null => {
      const wanted = SPAN_FIELDS[key][1];
      const typed = reads
        .get(key)!
        .filter((read) => source.columns.has(read.column) && holdsAs(source, read, wanted))
        .map((read) => typedRead(wanted, read));
      return typed.length === 0 ? null : typed.length === 1 ? typed[0] : fn('coalesce', ...typed);
    };
    const field = (key: keyof typeof SPAN_FIELDS) => present(key) ?? typedRead(SPAN_FIELDS[key][1], null);
    /**
     * The first of the parts that is not NULL. Parts known to be missing are left out, not
     * written as NULL: ClickHouse's coalesce answers NULL for every row when one of its
     * arguments is a constant NULL.
     */
    const first = (...parts: (Expr | null)[]) => {
      const held = parts.filter((part): part is Expr => part !== null);
      return held.length === 0 ? typedRead('string', null) : held.length === 1 ? held[0] : fn('coalesce', ...held);
    };
    // One definition of how a span (a vendor call above all) turned out, for the map's errors
    // and the vendor cards alike: `vendor.outcome` as wrap() records it (ok, error, timeout,
    // fallback), else error for an error status (OTLP's 2), else ok. Anything but ok failed: a fallback
    // kept the caller going, but the vendor did not answer.
    const callOutcome = () => first(present('outcome'), caseWhen([[eq(field('status'), val(STATUS_CODE_ERROR)), val('error')]], val('ok')));
    const flag = (condition: Expr) => caseWhen([[condition, lit(1)]], lit(0));
    const expressions: Record<ScanColumn, () => Expr> = {
      tid: () => field('tid'),
      k: () => spanHash(field('tid'), field('sid')),
      pk: () => spanHash(field('tid'), field('pid')),
      svc: () => field('svc'),
      kind: () => field('kind'),
      ltid: () => field('ltid'),
      sel: () => (scope.traceFilter ? flag(predicateExpr(scope.traceFilter, tableColumn(source, scope.derived))) : lit(1)),
      // The port is part of a peer's name: services that share a host (one machine, one
      // ingress address) are told apart by it, on their server spans and their callers' alike.
      peer: () => {
        const [address, port, url] = [present('server_address'), present('server_port'), present('url')];
        return first(present('peer_service'), address && port && addressWithPort(address, port), url && urlAuthority(url), address);
      },
      browser: () => flag(eq(field('sdk'), val(BROWSER_SDK_NAME))),
      vendor: () => field('vendor'),
      dur: () => fn('toDouble', fn('coalesce', field('dur'), lit(0))),
      err: () => caseWhen([[eq(callOutcome(), val('ok')), lit(0)]], lit(1)),
      w: () => fn('coalesce', id(SAMPLE_RATE_COLUMN), lit(1)),
      t: () => fn('epochMicros', ts),
      topic: () => field('topic'),
      peer_service: () => field('peer_service'),
      outcome: callOutcome,
      reason: () => field('reason'),
      usr: () => field('usr'),
      sess: () => field('sess'),
    };
    const within = (window: { startUs: number; endUs: number }) => timeWithin(window.startUs, window.endUs);
    return select({
      columns: [...columns].map((column) => as(expressions[column](), column)),
      from: table(source.table),
      where: and(
        scope.windows ? parens(or(...scope.windows.map((window) => parens(within(window))))) : within(scope),
        isNotNull(field('tid')),
        // Each table says what its rows are, so ClickHouse need not filter a union by a constant.
        events === 'spans' ? isNull(field('annot')) : eq(field('annot'), val('link')),
      ),
    });
  });
  return unionAll(scans);
}

/**
 * The common relations of every flow statement, as CTE definitions:
 *   s      spans of the selected traces (all spans when there is no trace filter): those
 *          with a span the filter matches, and those linking to one of them
 *   links  link events of the selected traces: pk is the hash of the linking span
 *   cross  server and consumer spans whose parent, a client or producer span, is in
 *          another service, with the parent's service, kind, browser flag and hash (pkey)
 *   calls  client calls that reach no instrumented service: the outermost client span (a
 *          client span under a client span is an attempt of that call, as under wrap())
 *          with no child in another service, and a peer or vendor to name
 * Only client and producer spans are taken as parents across services, and only server
 * and consumer spans as children, which keeps the one join small; a span elsewhere in a
 * trace is an entry into its service when it is a root. Spans meet their parents by the
 * 64-bit hash of trace and span id alone: two spans of 10M collide with odds of about
 * 1 in 400,000, and a collision misplaces one span, so no string is compared.
 */
export function flowRelations(scope: FlowScope, extra: readonly ScanColumn[]): CteNode[] {
  const [tid, k, pk, svc, kind, sel, ltid, browser] = ['tid', 'k', 'pk', 'svc', 'kind', 'sel', 'ltid', 'browser'].map((name) => id(name));
  const base: ScanColumn[] = ['tid', 'k', 'pk', 'svc', 'kind', 'peer', 'browser', 'vendor', ...(scope.traceFilter ? (['sel'] as const) : [])];
  const kinds = (...names: string[]) => inList(kind, names.map(val));
  const all = (from: string, where?: Expr) => select({ columns: [star()], from: named(from), where });
  const linkScan = spanScan(scope, new Set(['tid', 'pk', 'ltid'] as const), 'links');
  const relations = [cte('spans', spanScan(scope, new Set([...base, ...extra]), 'spans'), scope.traceFilter ? 'materialize' : undefined)];
  if (scope.traceFilter) {
    // A selected trace brings along the traces that link to it (a consumer after a queue).
    const matching = select({ columns: [tid], from: named('spans'), where: eq(sel, lit(1)) });
    const chosen = unionAll([matching, select({ columns: [tid], from: named('all_links'), where: inList(ltid, matching) })]);
    relations.push(cte('all_links', linkScan), cte('s', all('spans', inList(tid, chosen))), cte('links', all('all_links', inList(tid, chosen))));
  } else {
    relations.push(cte('s', all('spans')), cte('links', linkScan));
  }
  const [c, p] = [(name: string) => id('c', name), (name: string) => id('p', name)];
  const cross = select({
    columns: [star('c'), as(p('svc'), 'psvc'), as(p('kind'), 'pkind'), as(p('browser'), 'pbrowser'), as(c('pk'), 'pkey')],
    from: derived(all('s', and(kinds('server', 'consumer'), isNotNull(pk))), 'c'),
    joins: [join(derived(select({ columns: [k, svc, kind, browser], from: named('s'), where: kinds('client', 'producer') }), 'p'), eq(c('pk'), p('k')))],
    where: op('<>', c('svc'), p('svc')),
  });
  const calls = all(
    's',
    and(
      kinds('client'),
      isNotNull(fn('coalesce', id('vendor'), id('peer'))),
      inList(k, select({ columns: [id('pkey')], from: named('cross') }), true),
      parens(or(isNull(pk), inList(pk, select({ columns: [k], from: named('s'), where: and(kinds('client'), isNotNull(k)) }), true))),
    ),
  );
  return [...relations, cte('cross', cross, 'materialize'), cte('calls', calls)];
}
