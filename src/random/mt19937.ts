/**
 * The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it
 * (`aten/src/ATen/core/MT19937RNGEngine.h`): Matsumoto–Nishimura `init_genrand`
 * seeding, a full-state twist when `left` reaches 0, and the standard tempering.
 * Its output equals `std::mt19937(seed & 0xFFFFFFFF)`.
 */

export const MT_N = 624;
// MT_M = 397 and MATRIX_A = 0x9908b0df appear as function-local literals in `twist` (and in
// the fused fill of src/random/uniform.ts), which V8 folds to constants.
/** Knuth's multiplier for `init_genrand` (TAOCP Vol. 2, 3rd ed., p. 106). */
const SEED_MULTIPLIER = 1812433253;

export class MT19937 {
  /** The 624-word state vector. */
  readonly state = new Uint32Array(MT_N);
  /** The same words viewed as int32 (same buffer), for the fast tempering/twist loops. */
  readonly stateI32 = new Int32Array(this.state.buffer);
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
   * (Int32Array output stores the same 32 bits. The float32 fills in uniform.ts/normal.ts
   * instead read `stateI32` directly through `available`/`consume`.)
   */
  fillU32(out: Uint32Array | Int32Array, offset: number, n: number): void {
    const st = this.stateI32;
    let i = offset;
    const end = offset + n;
    while (i < end) {
      let k = this.next;
      // `left - 1` tempered words st[next..] remain before the next twist.
      let avail = this.left - 1;
      if (avail === 0) {
        this.twist();
        k = 0;
        avail = MT_N;
      }
      const run = end - i < avail ? end - i : avail;
      const stop = k + run;
      while (k < stop) {
        let y = st[k++]!;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        out[i++] = y;
      }
      this.next = k;
      this.left = avail - run + 1;
    }
  }

  /**
   * Makes sure at least one untempered word is available at `state[next]` and returns how
   * many are (the run up to the next twist). Fused fills temper `state[next..next+run)`
   * themselves and then call `consume(run)`; together this is the same stream and the same
   * `left`/`next` bookkeeping as `run` calls of `nextU32`.
   */
  available(): number {
    if (this.left === 1) {
      this.twist();
      this.left = MT_N + 1;
    }
    return this.left - 1;
  }

  /** Marks `count` (1 ≤ count ≤ `available()`) words starting at `next` as drawn. */
  consume(count: number): void {
    this.next += count;
    this.left -= count;
  }

  /** Regenerates all 624 words (the "period step") and resets the cursor. */
  twist(): void {
    // N = MT_N, M = MT_M, MAG = MATRIX_A; the masks select the upper bit / lower 31 bits.
    const N = 624;
    const M = 397;
    const MAG = 0x9908b0df | 0;
    const st = this.stateI32;
    let k = 0;
    let cur = st[0]!;
    for (; k < N - M; k++) {
      const nx = st[k + 1]!;
      const y = (cur & 0x80000000) | (nx & 0x7fffffff);
      st[k] = st[k + M]! ^ (y >>> 1) ^ (-(nx & 1) & MAG);
      cur = nx;
    }
    for (; k < N - 1; k++) {
      const nx = st[k + 1]!;
      const y = (cur & 0x80000000) | (nx & 0x7fffffff);
      st[k] = st[k + M - N]! ^ (y >>> 1) ^ (-(nx & 1) & MAG);
      cur = nx;
    }
    const nx = st[0]!;
    const y = (cur & 0x80000000) | (nx & 0x7fffffff);
    st[N - 1] = st[M - 1]! ^ (y >>> 1) ^ (-(nx & 1) & MAG);
    this.left = N;
    this.next = 0;
  }
}
