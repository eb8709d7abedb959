/**
 * The process-wide default generator and the `torch.*` functions that act on it
 * (`torch/random.py`). Like PyTorch, it starts from a non-deterministic seed.
 */
import { ArgumentTypeError, show } from "../errors/index.js";
import { Generator } from "./generator.js";
import type { Seed } from "./seed.js";

export const default_generator = new Generator();
default_generator.seed();

/** Seeds the default generator; returns it, as `torch.manual_seed` does. */
export function manual_seed(seed: Seed): Generator {
  return default_generator.manual_seed(seed);
}

/** Re-seeds the default generator from OS entropy and returns the new 64-bit seed. */
export function seed(): bigint {
  return default_generator.seed();
}

/** The uint64 seed of the default generator. */
export function initial_seed(): bigint {
  return default_generator.initial_seed();
}

/** The default generator's state: 5056 bytes in PyTorch's layout (`torch.get_rng_state()`). */
export function get_rng_state(): Uint8Array {
  return default_generator.get_state();
}

/** Restores the default generator, from `get_rng_state()` or from PyTorch's own bytes. */
export function set_rng_state(new_state: Uint8Array | ArrayBuffer | ArrayLike<number>): void {
  default_generator.set_state(new_state);
}

/** The generator an operation should use: the one passed in, or the default. */
export function resolveGenerator(generator: unknown, fnName: string): Generator {
  if (generator === undefined || generator === null) return default_generator;
  if (generator instanceof Generator) return generator;
  throw new ArgumentTypeError(
    `${fnName}: generator must be a Generator (from new Generator()), got ${show(generator)}.`,
  );
}
