/**
 * Every error nninit throws is one of these classes, so callers can catch by kind.
 *
 * The names mirror the Python exception PyTorch raises for the same condition:
 * `torch.nn.init` raises `ValueError` for bad arguments, ATen raises `RuntimeError`
 * for bad tensor/generator state. Each also extends the closest built-in JS error,
 * so `instanceof RangeError` / `TypeError` keep working for generic code.
 */

/** Base class of every nninit error. */
export class NninitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument has the wrong value (PyTorch: `ValueError`). */
export class ValueError extends NninitError {}

/** An argument has the wrong type, e.g. a string where a number is required (PyTorch: `TypeError`). */
export class ArgumentTypeError extends NninitError {}

/** An index is out of range (PyTorch and Python: `IndexError`). */
export class IndexError extends NninitError {}

/** A check inside a tensor operation failed (PyTorch: `RuntimeError` from ATen's `TORCH_CHECK`). */
export class RuntimeError extends NninitError {}

/** A tensor's shape or dtype does not fit the operation (PyTorch: `RuntimeError`). */
export class ShapeError extends RuntimeError {}

/** A generator state is invalid (PyTorch: `RuntimeError`). */
export class GeneratorError extends RuntimeError {}

/**
 * An integer does not fit PyTorch's 64-bit argument ("Overflow when unpacking long"):
 * a seed outside [-2^63, 2^64 - 1] or a randint bound outside int64. PyTorch 1.13 raises
 * `RuntimeError` here and 2.x `ValueError`; this class extends `RuntimeError`.
 */
export class OverflowError extends RuntimeError {}

/** Formats a value for an error message: strings quoted, bigints with `n`, arrays bracketed. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
  return String(value);
}
