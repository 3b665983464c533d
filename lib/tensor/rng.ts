import { received } from "./received";

/**
 * Rng: a seeded pseudo-random generator (mulberry32), so every random number in the course is reproducible.
 *
 * The library never uses JavaScript's unseeded global generator: functions that need randomness take an Rng argument.
 * @example
 * const rng = new Rng(42);
 * rng.uniform(); // the same number on every machine, every run
 */
export class Rng {
  private state: number;
  private spare: number | null = null;

  constructor(readonly seed: number) {
    if (typeof seed !== "number" || !Number.isFinite(seed))
      throw new RangeError(`Rng: seed must be a finite number, got ${received(seed)}`);
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). Advances the generator. */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [low, high). */
  range(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Standard normal N(0, 1), by the Box-Muller transform. */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A shuffled copy of [0, 1, ..., n-1] (Fisher-Yates). */
  permutation(n: number): number[] {
    return this.shuffleInPlace(Array.from({ length: n }, (_, i) => i));
  }

  /**
   * Shuffles `a` in place and returns it: Fisher-Yates from the last element down, element i swapped with a uniform
   * j ∈ [0, i] (one `int(i + 1)` draw each). The library's one shuffle (split, fit's epochs, permutation).
   */
  shuffleInPlace<A extends { [i: number]: number; length: number }>(a: A): A {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** An independent generator derived from this one (for giving each part of a program its own stream). */
  fork(): Rng {
    return new Rng(Math.floor(this.uniform() * 4294967296));
  }
}

/** `rng` when it is an Rng; else a TypeError naming `fn` (the library never draws unseeded numbers). */
export function expectRng(fn: string, rng: unknown): Rng {
  if (rng instanceof Rng) return rng;
  throw new TypeError(`${fn}: rng must be a seeded generator (new Rng(seed)), got ${received(rng)}`);
}
