// The hardening tests run short, with fixed seeds, in `npm test`; `npm run soak` and
// `npm run fuzz` set FLASHLIGHT_SOAK=1 for the long versions (and FLASHLIGHT_SEED to
// replay or vary a run).
export const SOAK = process.env.FLASHLIGHT_SOAK === '1';

export function soakOr<T>(short: T, long: T): T {
  return SOAK ? long : short;
}

export function seedFor(test: string, fixed: number): number {
  const given = Number(process.env.FLASHLIGHT_SEED);
  const seed = Number.isInteger(given) ? given : fixed;
  console.log(`${test}: seed ${seed} (FLASHLIGHT_SEED=${seed} replays it)`);
  return seed;
}
