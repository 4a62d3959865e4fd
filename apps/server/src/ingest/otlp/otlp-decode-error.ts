// The one error a malformed OTLP request body raises. The route answers it with 400 and
// a google.rpc.Status carrying the message, which says what was wrong and where.

export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}
