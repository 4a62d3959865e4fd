// The one error a bad derived-column expression produces: what is wrong and where
// (line:column, both from 1), so an editor can underline the spot and a message can name it.

export interface Position {
  /** From 1. */
  readonly line: number;
  /** From 1, in characters of the line. */
  readonly column: number;
  /** From 0, in UTF-16 units of the whole expression. */
  readonly offset: number;
}

export class ExpressionError extends Error {
  constructor(
    /** What is wrong, without the position: `DIV expects 2 arguments, got 3`. */
    readonly detail: string,
    readonly position: Position,
  ) {
    super(`${detail} at ${position.line}:${position.column}`);
    this.name = 'ExpressionError';
  }
}
