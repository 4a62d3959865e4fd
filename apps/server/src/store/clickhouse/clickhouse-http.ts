// ClickHouse's HTTP interface, the part Flashlight needs: statements, JSONEachRow and TabSeparated inserts
// and JSON selects that return each column's type. Credentials in the URL
// (`http://user:password@host:8123/?database=flashlight`) travel as headers.
import { clickHouseDialect } from '@flashlight/query';

export class ClickHouseError extends Error {
  constructor(
    /** ClickHouse's error code, e.g. 44 for a column that already exists; 0 if none. */
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ClickHouseError';
  }
}

/** Error codes Flashlight reacts to. */
export const DUPLICATE_COLUMN = 44;
export const TIMEOUT_EXCEEDED = 159;
/** Past max_memory_usage (the query's, the user's or the server's). */
export const MEMORY_LIMIT_EXCEEDED = 241;

/**
 * Failures that pass by themselves: ClickHouse unreachable (0), a timeout (159, 209),
 * the network (210, 279), too many queries (202) or too many parts to merge (252).
 */
const TRANSIENT_CODES = new Set([0, 159, 202, 209, 210, 252, 279]);

export function isTransient(error: unknown): boolean {
  return error instanceof ClickHouseError && TRANSIENT_CODES.has(error.code);
}

export interface ColumnMeta {
  name: string;
  type: string;
}

export interface SelectResult {
  meta: ColumnMeta[];
  data: Record<string, unknown>[];
}

type Settings = Record<string, string | number>;

/**
 * Values are literals in the SQL text, so a long filter value makes a long query; and a
 * commit's new fields are registered by one ALTER, which names each of them.
 */
const LONG_STATEMENTS: Settings = { max_query_size: 16 * 1024 * 1024 };

const SELECT_SETTINGS: Settings = {
  // 64-bit integers as JSON strings, so none is rounded on the way (result-values.ts).
  output_format_json_quote_64bit_integers: 1,
  ...LONG_STATEMENTS,
};

export class ClickHouseHttp {
  private readonly endpoint: URL;
  private readonly headers: Record<string, string> = {};

  constructor(
    url: string,
    private readonly settings: Settings = {},
  ) {
    const parsed = new URL(url);
    if (parsed.username) this.headers['X-ClickHouse-User'] = decodeURIComponent(parsed.username);
    if (parsed.password) this.headers['X-ClickHouse-Key'] = decodeURIComponent(parsed.password);
    parsed.username = '';
    parsed.password = '';
    this.endpoint = parsed;
  }

  /** The URL without credentials, for messages. */
  get url(): string {
    return this.endpoint.origin;
  }

  async command(sql: string): Promise<void> {
    await this.send(sql, undefined, LONG_STATEMENTS);
  }

  /**
   * Inserts rows, one per line: JSON objects, or with `columns` TabSeparated values of
   * those columns in order. Resolves once ClickHouse has stored them.
   */
  async insert(table: string, rows: string, settings: Settings = {}, columns?: readonly string[]): Promise<void> {
    if (rows === '') return;
    const target = columns
      ? `${table} (${columns.map((column) => clickHouseDialect.printer().quote(column)).join(', ')}) FORMAT TabSeparated`
      : `${table} FORMAT JSONEachRow`;
    await this.send(`INSERT INTO ${target}`, rows, settings);
  }

  async select(sql: string, settings: Settings = {}): Promise<SelectResult> {
    const text = await this.send(`${sql} FORMAT JSON`, undefined, { ...SELECT_SETTINGS, ...settings });
    try {
      const parsed = JSON.parse(text) as SelectResult;
      return { meta: parsed.meta, data: parsed.data };
    } catch {
      // An error after the first rows arrives as text appended to the answer.
      throw new ClickHouseError(errorCode(text), `ClickHouse at ${this.url} failed while answering: ${text.slice(-1000).trim()}`);
    }
  }

  /**
   * The statement goes in the request's body, and its data, if any, on the lines after it:
   * in the URL, an INSERT naming a wide table's columns (600 of them) passed the 16 KiB
   * ClickHouse's HTTP server reads of a request line, and it answered 400 with no reason.
   */
  private async send(sql: string, data: string | undefined, settings: Settings): Promise<string> {
    const url = new URL(this.endpoint);
    for (const [key, value] of Object.entries({ ...this.settings, ...settings })) url.searchParams.set(key, String(value));
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: this.headers, body: data === undefined ? sql : `${sql}\n${data}` });
    } catch (error) {
      throw new ClickHouseError(0, `cannot reach ClickHouse at ${this.url}: ${(error as Error).cause ?? (error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ClickHouseError(errorCode(text), `ClickHouse at ${this.url} answered ${response.status}: ${text.trim().slice(0, 1000)}`);
    }
    return text;
  }
}

function errorCode(text: string): number {
  return Number(/Code: (\d+)/.exec(text)?.[1] ?? 0);
}
