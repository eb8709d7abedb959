/**
 * The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it
 * (`aten/src/ATen/core/MT19937RNGEngine.h`): Matsumoto–Nishimura `init_genrand`
 * seeding, a full-state twist when `left` reaches 0, and the standard tempering.
 * Its output equals `std::mt19937(seed & 0xFFFFFFFF)`.
 */

export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
/** Knuth's multiplier for `init_genrand` (TAOCP Vol. 2, 3rd ed., p. 106). */
const SEED_MULTIPLIER = 1812433253;

export class MT19937 {
  /** The 624-word state vector. */
  readonly state = new Uint32Array(MT_N);
  /** Draws left before the next twist; 1 right after seeding, so the first draw twists. */
  left = 1;
  /** Index of the next state word to temper. */
  next = 0;

  constructor(seed32 = 5489) {
    this.seed(seed32);
  }

  /** `init_with_uint32`: only the low 32 bits of a seed ever reach the engine. */
  seed(seed32: number): void {
    const st = this.state;
    st[0] = seed32 >>> 0;
    for (let j = 1; j < MT_N; j++) {
      const prev = st[j - 1]!;
      st[j] = (Math.imul(SEED_MULTIPLIER, prev ^ (prev >>> 30)) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  /** One tempered 32-bit output, as an unsigned integer in [0, 2^32). */
  nextU32(): number {
    if (--this.left === 0) this.twist();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Writes `n` consecutive outputs into `out[offset..]`. Same stream as calling
   * `nextU32` n times, but tempers whole runs of the state without per-draw bookkeeping.
   */
  fillU32(out: Uint32Array | Int32Array, offset: number, n: number): void {
    const st = this.state;
    let i = offset;
    const end = offset + n;
    while (i < end) {
      if (--this.left === 0) this.twist();
      // After the decrement, `left` draws (this one included) remain before the next twist.
      const run = Math.min(end - i, this.left);
      let k = this.next;
      for (let r = 0; r < run; r++) {
        let y = st[k++]!;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        out[i++] = y;
      }
      this.next = k;
      this.left -= run - 1;
    }
  }

  /** Regenerates all 624 words (the "period step") and resets the cursor. */
  private twist(): void {
    const st = this.state;
    let k = 0;
    for (; k < MT_N - MT_M; k++) {
      const y = (st[k]! & UPPER_MASK) | (st[k + 1]! & LOWER_MASK);
      st[k] = st[k + MT_M]! ^ (y >>> 1) ^ (st[k + 1]! & 1 ? MATRIX_A : 0);
    }
    for (; k < MT_N - 1; k++) {
      const y = (st[k]! & UPPER_MASK) | (st[k + 1]! & LOWER_MASK);
      st[k] = st[k + MT_M - MT_N]! ^ (y >>> 1) ^ (st[k + 1]! & 1 ? MATRIX_A : 0);
    }
    const y = (st[MT_N - 1]! & UPPER_MASK) | (st[0]! & LOWER_MASK);
    st[MT_N - 1] = st[MT_M - 1]! ^ (y >>> 1) ^ (st[0]! & 1 ? MATRIX_A : 0);
    this.left = MT_N;
    this.next = 0;
  }
}
