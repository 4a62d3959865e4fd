// Adapts a compiled statement to what ClickHouse 18.16 (and every later version) runs:
// it has no `WITH name AS (SELECT ...)`, no TRUE, applies an ORDER BY after UNION ALL
// to the last SELECT only, and counts the distinct values of only NULLs as NULL, not 0.
// The rewrite works on tokens, so text inside string literals and quoted identifiers is
// never mistaken for SQL.

type Token = { kind: 'string' | 'identifier' | 'word' | 'space' | 'symbol'; text: string };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    let end = i + 1;
    let kind: Token['kind'];
    if (c === "'" || c === '`' || c === '"') {
      kind = c === "'" ? 'string' : 'identifier';
      while (end < sql.length && sql[end] !== c) end += sql[end] === '\\' ? 2 : 1;
      if (end >= sql.length) throw new Error(`unterminated ${kind} in SQL at offset ${i}`);
      end++;
    } else if (/\s/.test(c)) {
      kind = 'space';
      while (end < sql.length && /\s/.test(sql[end])) end++;
    } else if (/\w/.test(c)) {
      kind = 'word';
      while (end < sql.length && /\w/.test(sql[end])) end++;
    } else kind = 'symbol';
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  }
  return tokens;
}

const isWord = (token: Token | undefined, word: string) => token?.kind === 'word' && token.text.toUpperCase() === word;

/** Index of the next token that is not white space, from `from` on. */
function next(tokens: Token[], from: number): number {
  let i = from;
  while (i < tokens.length && tokens[i].kind === 'space') i++;
  return i;
}

/** Index just past the parenthesis that closes the one at `open`. */
function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced parentheses in SQL');
}

const unquote = (token: Token) => (token.kind === 'identifier' ? token.text.slice(1, -1) : token.text);

/**
 * Inlines every common table expression as a named subquery where it is read, turns
 * `JOIN x ON TRUE` into `CROSS JOIN x`, makes `count(DISTINCT x)` 0 where x is always
 * NULL, and wraps a UNION ALL that ends in ORDER BY so the order applies to all of it.
 * Other statements pass through unchanged.
 */
export function clickHouseStatement(sql: string): string {
  let tokens = tokenize(sql);
  const tables = new Map<string, string>();
  let i = next(tokens, 0);
  if (isWord(tokens[i], 'WITH')) {
    i = next(tokens, i + 1);
    for (;;) {
      const name = unquote(tokens[i]);
      const open = next(tokens, next(tokens, i + 1) + 1);
      if (tokens[open]?.text !== '(') throw new Error(`expected a subquery for ${name}`);
      const end = closing(tokens, open);
      tables.set(name, render(tokens.slice(open + 1, end - 1), tables));
      i = next(tokens, end);
      if (tokens[i]?.text !== ',') break;
      i = next(tokens, i + 1);
    }
    tokens = tokens.slice(i);
  }
  return orderWholeUnion(render(tokens, tables));
}

/** The tokens as SQL, with each read of a named table replaced by its subquery. */
function render(tokens: Token[], tables: Map<string, string>): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (isWord(token, 'JOIN')) {
      const table = next(tokens, i + 1);
      const on = next(tokens, table + 1);
      const condition = next(tokens, on + 1);
      if (isWord(tokens[on], 'ON') && isWord(tokens[condition], 'TRUE')) {
        out += `CROSS JOIN ${reference(tokens[table], tables)}`;
        i = condition;
        continue;
      }
    }
    if (isWord(token, 'COUNT')) {
      const open = next(tokens, i + 1);
      if (tokens[open]?.text === '(' && isWord(tokens[next(tokens, open + 1)], 'DISTINCT')) {
        const end = closing(tokens, open);
        out += `ifNull(${token.text}${render(tokens.slice(i + 1, end), tables)}, 0)`;
        i = end - 1;
        continue;
      }
    }
    const isRead = token.kind === 'identifier' && tables.has(unquote(token)) && tokens[i + 1]?.text !== '.';
    out += isRead ? reference(token, tables) : token.text;
  }
  return out;
}

function reference(token: Token, tables: Map<string, string>): string {
  const subquery = tables.get(unquote(token));
  return subquery === undefined ? token.text : `(${subquery}) AS ${token.text}`;
}

/** `A UNION ALL B ORDER BY x` → `SELECT * FROM (A UNION ALL B) ORDER BY x`, at the top level. */
function orderWholeUnion(sql: string): string {
  const tokens = tokenize(sql);
  let depth = 0;
  let union = -1;
  for (let i = 0; i < tokens.length; i++) {
    const text = tokens[i].text;
    if (text === '(') depth++;
    else if (text === ')') depth--;
    else if (depth > 0) continue;
    else if (isWord(tokens[i], 'UNION')) union = i;
    else if (union >= 0 && isWord(tokens[i], 'ORDER') && isWord(tokens[next(tokens, i + 1)], 'BY')) {
      const head = tokens
        .slice(0, i)
        .map((t) => t.text)
        .join('')
        .trimEnd();
      const tail = tokens
        .slice(i)
        .map((t) => t.text)
        .join('');
      return `SELECT * FROM (${head}) ${tail}`;
    }
  }
  return sql;
}
