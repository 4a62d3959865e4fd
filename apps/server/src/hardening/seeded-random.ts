// Reproducible randomness: BubbleUp's simulated chance (the same counts give the same
// chance), and tests (hardening, decoders, query fixtures), where a failing run prints its
// seed and the same seed replays the same kills, loads, payloads and events.
export type Random = () => number;

/** mulberry32: small, fast, and good enough to pick moments and mutate bytes. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randomInt = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
export const randomBytes = (random: Random, length: number): Uint8Array => Uint8Array.from({ length }, () => Math.floor(random() * 256));
