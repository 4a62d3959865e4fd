// The `--name N` sizes the benchmark programs take (`npx tsx bench/query.ts --spans 200000`).

/** The number after `--name` on the command line, or the fallback when it is not given. */
export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
