/**
 * Seed parsing as `torch.manual_seed` does it: Python's `int(s)`, then the binding's
 * `unpack_uint64`, which accepts [-2^63, 2^64 - 1] and reinterprets negative values
 * as their two's-complement uint64 (`manual_seed(-1)` gives `initial_seed() == 2**64-1`).
 */
import { behaviour } from "../compat.js";
import { ArgumentTypeError, OverflowError, show } from "../errors/index.js";

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);

/** A seed as PyTorch accepts it: any integer in [-2^63, 2^64 - 1], as a number or a bigint. */
export type Seed = number | bigint;

/** Returns the seed as the uint64 PyTorch stores, or throws naming the value and the range. */
export function seedToUint64(seed: unknown, argName = "seed"): bigint {
  let s: bigint;
  if (typeof seed === "bigint") {
    s = seed;
  } else if (typeof seed === "number") {
    if (!Number.isInteger(seed)) {
      throw new ArgumentTypeError(
        `${argName} must be an integer, got ${show(seed)}. Pass a whole number such as 0 or 42 (or a bigint for seeds beyond 2^53).`,
      );
    }
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentTypeError(
        `${argName}=${show(seed)} is beyond Number.MAX_SAFE_INTEGER, so its exact value is already lost. Pass it as a bigint, e.g. ${BigInt(seed)}n.`,
      );
    }
    s = BigInt(seed);
  } else {
    throw new ArgumentTypeError(`${argName} must be a number or bigint, got ${typeof seed} ${show(seed)}.`);
  }
  if (s < INT64_MIN || s > UINT64_MAX) {
    throw new OverflowError(
      `Overflow when unpacking ${behaviour.unpackTypeName()}: ${argName}=${s} is outside PyTorch's accepted range [-2^63, 2^64 - 1] = [${INT64_MIN}, ${UINT64_MAX}]. Reduce it, e.g. with seed % 2n**64n.`,
    );
  }
  return BigInt.asUintN(64, s);
}

/** 8 bytes from the OS's CSPRNG, as PyTorch's `getNonDeterministicRandom` reads /dev/urandom. */
export function nonDeterministicSeed(): bigint {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
}
