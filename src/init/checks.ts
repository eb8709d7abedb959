/** Argument checks shared by the init functions. */
import { ArgumentTypeError, show } from "../errors/index.js";
import { Tensor } from "../tensor/tensor.js";

export function requireTensor(value: unknown, fnName: string): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    throw new ArgumentTypeError(`${fnName}: expected a Tensor as the first argument, got ${show(value)}. Create one with empty(rows, cols).`);
  }
}

export function optionalNumber(value: unknown, name: string, fnName: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") {
    throw new ArgumentTypeError(`${fnName}: ${name} must be a number, got ${typeof value} ${show(value)}.`);
  }
  return value;
}
