/**
 * `torch.utils.data` samplers, reproducing PyTorch's draws exactly: which generator, how
 * many draws, and WHEN (spec §6). The iterators are JavaScript generator functions with
 * the same structure as PyTorch's Python generators, so every draw happens at the same
 * point of the iteration:
 *
 * - `RandomSampler` draws nothing until the first index is requested. Then, without an
 *   explicit generator, it draws `seed = int64 random_()` from the default generator
 *   (one `random64()` mod 2^63) and shuffles with `randperm(n)` on a fresh
 *   `Generator().manual_seed(seed)`; with one, it shuffles with that generator directly.
 * - When the n indices are used up, it still evaluates the trailing
 *   `randperm(n)[: num_samples % n]`: a second, discarded `randperm(n)` (n − 1 more draws) on
 *   its generator. That is invisible with the private generator, but an explicit generator
 *   is advanced by it at the end of every complete epoch.
 * - `BatchSampler` asks for exactly batch_size indices per batch, plus one final request
 *   that finds the sampler exhausted.
 */
import { ArgumentTypeError, ValueError, show } from "../errors/index.js";
import { default_generator, resolveGenerator } from "../random/default.js";
import { Generator } from "../random/generator.js";
import { fillRandint, fillRandperm, randomInt64 } from "../random/integers.js";

/** Anything with a length: a dataset, for the samplers. */
export interface Sized {
  len(): number;
}

/** `torch.utils.data.Sampler`: an iterable of indices (or of index lists) with a length. */
export interface Sampler<T = number> extends Iterable<T> {
  len(): number;
}

function permutation(n: number, gen: Generator): number[] {
  const out = new BigInt64Array(n);
  fillRandperm(gen, out);
  return Array.from(out, Number);
}

/** `SequentialSampler(data_source)`: 0, 1, …, n − 1. Draws nothing. */
export class SequentialSampler implements Sampler<number> {
  constructor(readonly data_source: Sized) {}

  *[Symbol.iterator](): Iterator<number> {
    const n = this.data_source.len();
    for (let i = 0; i < n; i++) yield i;
  }

  len(): number {
    return this.data_source.len();
  }
}

export interface RandomSamplerOptions {
  /** Draw with replacement (`randint` chunks of 32) instead of permutations. Default false. */
  replacement?: boolean;
  /** How many indices per epoch; default the dataset's length. */
  num_samples?: number;
  /** The generator to shuffle with; default: a fresh one seeded from the default generator each epoch. */
  generator?: Generator;
}

/** `RandomSampler(data_source, replacement=False, num_samples=None, generator=None)`. */
export class RandomSampler implements Sampler<number> {
  readonly data_source: Sized;
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  private readonly _num_samples: number | undefined;

  constructor(data_source: Sized, options: RandomSamplerOptions = {}) {
    const { replacement = false, num_samples, generator } = options;
    this.data_source = data_source;
    if (typeof replacement !== "boolean") {
      throw new ArgumentTypeError(`RandomSampler: replacement should be a boolean value, but got replacement=${show(replacement)}.`);
    }
    this.replacement = replacement;
    this.generator = generator === undefined ? undefined : resolveGenerator(generator, "RandomSampler");
    this._num_samples = num_samples;
    const ns = this.num_samples;
    if (typeof ns !== "number" || !Number.isInteger(ns) || ns <= 0) {
      throw new ValueError(`RandomSampler: num_samples should be a positive integer value, but got num_samples=${show(ns)}.`);
    }
  }

  /** `num_samples`, or the dataset's current length. */
  get num_samples(): number {
    return this._num_samples ?? this.data_source.len();
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.data_source.len();
    let gen: Generator;
    if (this.generator === undefined) {
      const seed = randomInt64(default_generator);
      gen = new Generator().manual_seed(seed);
    } else {
      gen = this.generator;
    }
    const total = this.num_samples;
    if (this.replacement) {
      for (let c = 0; c < Math.floor(total / 32); c++) yield* randintChunk(gen, n, 32);
      yield* randintChunk(gen, n, total % 32);
    } else {
      for (let c = 0; c < Math.floor(total / n); c++) yield* permutation(n, gen);
      yield* permutation(n, gen).slice(0, total % n);
    }
  }

  len(): number {
    return this.num_samples;
  }
}

/** `torch.randint(high=n, size=(k,), dtype=torch.int64, generator=gen).tolist()`. */
function randintChunk(gen: Generator, n: number, k: number): number[] {
  const out = new BigInt64Array(k);
  fillRandint(gen, out, 0n, BigInt(n));
  return Array.from(out, Number);
}

/** `BatchSampler(sampler, batch_size, drop_last)`: lists of indices. */
export class BatchSampler implements Sampler<number[]> {
  constructor(
    readonly sampler: Sampler<number>,
    readonly batch_size: number,
    readonly drop_last: boolean,
  ) {
    if (typeof batch_size !== "number" || !Number.isInteger(batch_size) || batch_size <= 0) {
      throw new ValueError(`BatchSampler: batch_size should be a positive integer value, but got batch_size=${show(batch_size)}.`);
    }
    if (typeof drop_last !== "boolean") {
      throw new ValueError(`BatchSampler: drop_last should be a boolean value, but got drop_last=${show(drop_last)}.`);
    }
  }

  *[Symbol.iterator](): Iterator<number[]> {
    const it = this.sampler[Symbol.iterator]();
    // Both branches request exactly batch_size indices per batch and then one more that finds
    // the sampler exhausted, like PyTorch 1.13's loops and 2.x's islice/zip.
    for (;;) {
      const batch: number[] = [];
      while (batch.length < this.batch_size) {
        const r = it.next();
        if (r.done) break;
        batch.push(r.value);
      }
      if (batch.length === this.batch_size) {
        yield batch;
        continue;
      }
      if (batch.length > 0 && !this.drop_last) yield batch;
      return;
    }
  }

  len(): number {
    const n = this.sampler.len();
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}
