// The one exception type of the HTTP layer: a status, a message the client can act on,
// and optional headers (Retry-After). The app's error handler maps it; anything else is
// a 500 and is logged.
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
