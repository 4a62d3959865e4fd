// Where a caller puts its API key, read the same way from HTTP headers and gRPC metadata.

/** Compatible clients send `x-honeycomb-team`; others `authorization: Bearer`. */
export function presentedKeyText(valueOf: (name: 'x-honeycomb-team' | 'authorization') => string | null | undefined): string | null {
  const team = valueOf('x-honeycomb-team')?.trim();
  if (team) return team;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(valueOf('authorization') ?? '');
  return bearer ? bearer[1] : null;
}
