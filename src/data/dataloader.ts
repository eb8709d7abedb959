/**
 * `torch.utils.data.DataLoader` for map-style datasets, single process (`num_workers=0`),
 * with PyTorch's random draws in PyTorch's order (spec §6; `torch/utils/data/dataloader.py`):
 *
 * 1. Starting an epoch (`for … of loader`, i.e. Python's `iter(loader)`) draws
 *    `_base_seed = int64 random_()` from `generator` or the default generator: one `random64()`.
 *    This happens with `shuffle: false` too, so every epoch advances the generator.
 * 2. The first batch request starts the sampler: with `shuffle: true` and no `generator`,
 *    `RandomSampler` draws a second `random64()` from the default generator and shuffles with
 *    `randperm(n)` on a fresh generator seeded with it; with a `generator`, the sampler shuffles
 *    with that generator itself (no seed draw) — see sampler.ts for the extra end-of-epoch `randperm`.
 *
 * So draws made between creating the loader and iterating it (model initialisation) come
 * before the epoch's draws, and each epoch draws afresh, exactly as in PyTorch.
 */
import { ArgumentTypeError, ValueError, show } from "../errors/index.js";
import { default_generator, resolveGenerator } from "../random/default.js";
import type { Generator } from "../random/generator.js";
import { randomInt64 } from "../random/integers.js";
import { default_collate, type Collated, type Dataset } from "./dataset.js";
import { BatchSampler, RandomSampler, SequentialSampler, type Sampler } from "./sampler.js";

export interface DataLoaderOptions<T, B> {
  /** Samples per batch. Default 1. */
  batch_size?: number;
  /** Reshuffle every epoch. Default false. Mutually exclusive with `sampler`. */
  shuffle?: boolean;
  /** Drop the last batch if it is smaller than `batch_size`. Default false. */
  drop_last?: boolean;
  /** The generator for `_base_seed` and (with `shuffle`) the shuffling; default the global one. */
  generator?: Generator;
  /** A custom index sampler (e.g. `new RandomSampler(ds, { replacement: true })`). */
  sampler?: Sampler<number>;
  /** Merges a list of samples into a batch. Default `default_collate` (or the dataset's `get_batch`). */
  collate_fn?: (samples: T[]) => B;
}

/** The iterator of one epoch (`_SingleProcessDataLoaderIter`). */
export class DataLoaderIterator<T, B> implements IterableIterator<B> {
  /** The seed PyTorch would hand to worker processes; drawn when the epoch starts. */
  readonly _base_seed: bigint;
  private readonly batches: Iterator<number[]>;
  private num_yielded = 0;

  constructor(private readonly loader: DataLoader<T, B>) {
    this.batches = loader.batch_sampler[Symbol.iterator](); // a generator: draws nothing yet
    this._base_seed = randomInt64(loader.generator ?? default_generator);
  }

  next(): IteratorResult<B> {
    const r = this.batches.next();
    if (r.done) return { done: true, value: undefined };
    this.num_yielded++;
    return { done: false, value: this.loader.fetch(r.value) };
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** Batches in the epoch (`len(iterator)`). */
  len(): number {
    return this.loader.batch_sampler.len();
  }

  /** Batches returned so far. */
  get yielded(): number {
    return this.num_yielded;
  }
}

export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T, B>;
  readonly batch_size: number;
  readonly drop_last: boolean;
  readonly generator: Generator | undefined;
  readonly sampler: Sampler<number>;
  readonly batch_sampler: BatchSampler;
  private readonly collate_fn: ((samples: T[]) => B) | undefined;

  constructor(dataset: Dataset<T, B>, options: DataLoaderOptions<T, B> = {}) {
    const { batch_size = 1, shuffle = false, drop_last = false, generator, sampler, collate_fn } = options;
    if (dataset === null || typeof dataset !== "object" || typeof dataset.len !== "function" || typeof dataset.get !== "function") {
      throw new ArgumentTypeError(`DataLoader: dataset must have len() and get(index) methods, got ${show(dataset)}.`);
    }
    if (typeof shuffle !== "boolean") {
      throw new ValueError(`DataLoader: shuffle should be a boolean value, but got shuffle=${show(shuffle)}.`);
    }
    if (collate_fn !== undefined && typeof collate_fn !== "function") {
      throw new ArgumentTypeError(`DataLoader: collate_fn must be a function, got ${show(collate_fn)}.`);
    }
    this.dataset = dataset;
    this.generator = generator === undefined ? undefined : resolveGenerator(generator, "DataLoader");
    if (sampler !== undefined) {
      if (shuffle) throw new ValueError("DataLoader: sampler option is mutually exclusive with shuffle.");
      this.sampler = sampler;
    } else {
      this.sampler = shuffle
        ? new RandomSampler(dataset, this.generator ? { generator: this.generator } : {})
        : new SequentialSampler(dataset);
    }
    this.batch_sampler = new BatchSampler(this.sampler, batch_size, drop_last);
    this.batch_size = batch_size;
    this.drop_last = drop_last;
    this.collate_fn = collate_fn;
  }

  /** Starts an epoch, like Python's `iter(loader)`: draws `_base_seed` now. */
  [Symbol.iterator](): DataLoaderIterator<T, B> {
    return new DataLoaderIterator(this);
  }

  /** Same as `[Symbol.iterator]()`: `loader.iter()` is `iter(loader)`. */
  iter(): DataLoaderIterator<T, B> {
    return this[Symbol.iterator]();
  }

  /** Batches per epoch (`len(loader)`); draws nothing. */
  len(): number {
    return this.batch_sampler.len();
  }

  /** The batch of these dataset indices. */
  fetch(indices: readonly number[]): B {
    if (this.collate_fn !== undefined) return this.collate_fn(indices.map((i) => this.dataset.get(i)));
    if (typeof this.dataset.get_batch === "function") return this.dataset.get_batch(indices);
    return default_collate(indices.map((i) => this.dataset.get(i))) as B;
  }
}
