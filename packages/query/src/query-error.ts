// The one error a bad QuerySpec produces: it names the part of the spec at fault
// (`calculations[1].column`) so the UI can point at it and the CLI can print it.
export class QueryError extends Error {
  constructor(
    /** Where in the spec the problem is, e.g. `filters[0].value`; empty for the whole spec. */
    readonly path: string,
    /** What is wrong, without the path. */
    readonly detail: string,
    /** The whole message when it reads better as a sentence than as `path: detail`. */
    message?: string,
  ) {
    super(message ?? (path ? `${path}: ${detail}` : detail));
    this.name = 'QueryError';
  }
}
