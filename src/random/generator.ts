/**
 * `torch.Generator` for the CPU: an MT19937 engine, the uint64 seed it was made from,
 * and the cached second Box–Muller value (`next_double_normal_sample`).
 * Source: `aten/src/ATen/CPUGeneratorImpl.{h,cpp}`.
 */
import { MT19937 } from "./mt19937.js";
import { nonDeterministicSeed, seedToUint64, type Seed } from "./seed.js";
import { decodeState, encodeState } from "./state-bytes.js";

/** `default_rng_seed_val` in `c10/core/GeneratorImpl.h`: the seed of every new Generator. */
export const DEFAULT_RNG_SEED = 67280421310721n;

export class Generator {
  /** The engine. Exposed for the fill kernels; use the methods below otherwise. */
  readonly engine = new MT19937();
  private seed_ = 0n;
  /** The cached `r·sin θ` of the scalar Box–Muller (§1.3); `null` when empty. */
  nextDoubleNormal: number | null = null;
  /** Saved and restored with the state only; no CPU kernel sets it. */
  nextFloatNormal: number | null = null;

  readonly device = "cpu";

  constructor() {
    this.setSeed(DEFAULT_RNG_SEED);
  }

  /** Seeds the generator (only the low 32 bits reach MT19937) and clears the normal caches. */
  manual_seed(seed: Seed): this {
    this.setSeed(seedToUint64(seed));
    return this;
  }

  /** Seeds from the OS's entropy, as `Generator.seed()`; returns the seed used. */
  seed(): bigint {
    const s = nonDeterministicSeed();
    this.setSeed(s);
    return s;
  }

  /** The full uint64 seed last set (not just the 32 bits the engine uses). */
  initial_seed(): bigint {
    return this.seed_;
  }

  /** PyTorch's 5056-byte `CPUGeneratorImplState`, byte for byte. */
  get_state(): Uint8Array {
    return encodeState({
      seed: this.seed_,
      left: this.engine.left,
      next: this.engine.next,
      words: this.engine.state,
      doubleNormal: this.nextDoubleNormal,
      floatNormal: this.nextFloatNormal,
    });
  }

  /** Restores a state from `get_state` or from the bytes of `torch.get_rng_state()`. */
  set_state(bytes: Uint8Array | ArrayBuffer | ArrayLike<number>): this {
    const s = decodeState(bytes); // validates everything before touching this generator
    this.seed_ = s.seed;
    this.engine.state.set(s.words);
    this.engine.left = s.left;
    this.engine.next = s.next;
    this.nextDoubleNormal = s.doubleNormal;
    this.nextFloatNormal = s.floatNormal;
    return this;
  }

  /** One 32-bit draw (`random()`). */
  random(): number {
    return this.engine.nextU32();
  }

  /**
   * 53 uniform bits from one `random64()` as a double in [0, 1): the first draw is the
   * high word, and the low 53 bits of `(hi << 32) | lo` are kept (`uniform_real<double>`).
   */
  random53(): number {
    const hi = this.engine.nextU32() & 0x1fffff;
    const lo = this.engine.nextU32();
    return (hi * 4294967296 + lo) * 2 ** -53;
  }

  /** `random64()` as a bigint: two draws, the first is the high word. */
  random64(): bigint {
    const hi = this.engine.nextU32();
    const lo = this.engine.nextU32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  private setSeed(seed: bigint): void {
    this.seed_ = seed;
    this.engine.seed(Number(seed & 0xffffffffn));
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
  }
}
