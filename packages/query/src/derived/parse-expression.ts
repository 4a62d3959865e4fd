// Parses a derived-column expression into a tree whose every node keeps its position.
// Nothing is resolved here: column names and function names are checked by
// check-expression.ts, which knows the dataset's columns.
import { ExpressionError, type Position } from './expression-error.ts';
import { tokenizeExpression, type Token } from './tokenize-expression.ts';

export type LiteralValue = string | number | boolean | null;

export type ExpressionNode =
  | { readonly kind: 'column'; readonly name: string; readonly at: Position }
  | { readonly kind: 'literal'; readonly value: LiteralValue; readonly integer: boolean; readonly at: Position }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ExpressionNode[]; readonly at: Position };

/** Deepest nesting accepted: deep enough for any real expression, shallow enough for the stack. */
const MAX_DEPTH = 64;

/** @throws ExpressionError */
export function parseExpression(text: string): ExpressionNode {
  const tokens = tokenizeExpression(text);
  let next = 0;
  const peek = () => tokens[next];
  const describe = (token: Token) => (token.kind === 'end' ? 'the end' : token.kind === 'punct' ? `"${token.value}"` : `a ${token.kind}`);

  const expression = (depth: number): ExpressionNode => {
    const token = tokens[next++];
    if (depth > MAX_DEPTH) throw new ExpressionError(`nested more than ${MAX_DEPTH} deep`, token.at);
    switch (token.kind) {
      case 'column':
        return { kind: 'column', name: token.name, at: token.at };
      case 'string':
        return { kind: 'literal', value: token.value, integer: false, at: token.at };
      case 'number':
        return { kind: 'literal', value: token.value, integer: token.integer, at: token.at };
      case 'word': {
        const constant = ({ true: true, false: false, null: null } as Record<string, boolean | null>)[token.value];
        if (constant !== undefined) return { kind: 'literal', value: constant, integer: false, at: token.at };
        if (peek().kind !== 'punct' || (peek() as { value: string }).value !== '(') {
          throw new ExpressionError(`expected "(" after ${token.value} (columns start with $: $${token.value})`, peek().at);
        }
        next++;
        const args: ExpressionNode[] = [];
        for (;;) {
          const after = peek();
          if (after.kind === 'punct' && after.value === ')') {
            next++;
            break;
          }
          args.push(expression(depth + 1));
          const separator = tokens[next++];
          if (separator.kind === 'punct' && separator.value === ')') break;
          if (separator.kind !== 'punct' || separator.value !== ',') {
            throw new ExpressionError(`expected "," or ")" in ${token.value}(...), found ${describe(separator)}`, separator.at);
          }
        }
        return { kind: 'call', name: token.value, args, at: token.at };
      }
      default:
        throw new ExpressionError(`expected a column, a value or a function, found ${describe(token)}`, token.at);
    }
  };

  const root = expression(0);
  if (peek().kind !== 'end') throw new ExpressionError(`expected the end of the expression, found ${describe(peek())}`, peek().at);
  return root;
}
