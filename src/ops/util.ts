/** Shared checks and helpers for the differentiable ops. */
import { ShapeError, show } from "../errors/index.js";
import { backwardGeneration } from "../autograd/engine.js";
import { allocateLongLived, newFloat32 } from "../tensor/dtype.js";
import { numelOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** The ops compute in float32, as PyTorch's default dtype; anything else is a clear error. */
export function f32(t: Tensor, op: string, arg = "input"): Float32Array {
  if (!(t instanceof Tensor)) throw new ShapeError(`${op}: ${arg} must be a Tensor, got ${show(t)}.`);
  if (t.dtype !== "float32") {
    throw new ShapeError(`${op}: expected ${arg} of dtype float32, got ${t.dtype}. Convert it first, e.g. build it with { dtype: "float32" }.`);
  }
  return t.data as Float32Array;
}

/**
 * A new (zeroed) float32 tensor of the given shape. Inside a backward rule its storage may be
 * transient (src/tensor/dtype.ts `newFloat32`), which the autograd engine recycles.
 */
export function out32(shape: readonly number[]): Tensor<"float32"> {
  return new Tensor(shape, "float32", newFloat32(numelOf(shape)));
}

/**
 * A backward rule's result for `input`'s gradient, which the rule must overwrite completely
 * (its contents may be stale). A leaf's (first) gradient becomes its `.grad`: it gets the storage of the
 * leaf's previous gradient when `zero_grad` dropped one that nobody else saw; else, while the
 * leaf's gradients have only been seen by the library (so each will be recycled), long-lived
 * storage: resident in WebAssembly memory with the "wasm" backend, where the product writes it
 * and the optimizer updates from it in place. A leaf whose `.grad` user code reads gets ordinary
 * storage, which the garbage collector reclaims. Any other input's gradient is transient (`out32`).
 */
export function gradStorage(input: Tensor): Tensor<"float32"> {
  // A non-leaf's gradient, one that will be added into an existing .grad (zero_grad(false),
  // retain_graph), or a second use of the leaf in this pass: transient, released once used.
  if (input.grad_fn !== null || input._peekGrad() !== null || !input._claimGradBuffer(backwardGeneration())) return out32(input.shape);
  const spare = input.dtype === "float32" ? (input._takeSpareGrad() as Float32Array | null) : null;
  if (spare) return new Tensor(input.shape, "float32", spare);
  return new Tensor(input.shape, "float32", input._gradPrivate() ? allocateLongLived("float32", input.numel()) : undefined);
}

/** A float32 tensor over existing data. */
export function wrap32(shape: readonly number[], data: Float32Array): Tensor<"float32"> {
  return new Tensor(shape, "float32", data);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function scalarTensor(v: number): Tensor<"float32"> {
  return wrap32([], Float32Array.of(v));
}
