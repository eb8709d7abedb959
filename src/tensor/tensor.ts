/**
 * A dense, contiguous, row-major tensor: a shape, a dtype and a typed array.
 *
 * Storage is reached only through the `data` getter, so a later backend can keep the
 * bytes elsewhere (e.g. WebAssembly memory shared with workers) and hand out a fresh
 * view whenever the old one might have gone stale.
 */
import type { GradNode } from "../autograd/node.js";
import { runBackward, type BackwardOptions } from "../autograd/engine.js";
import { ShapeError, show } from "../errors/index.js";
import { allocate, type AnyData, type DataOf, type DType } from "./dtype.js";
import { numelOf, type Shape } from "./shape.js";

export type NestedList = number | bigint | NestedList[];

export class Tensor<D extends DType = DType> {
  readonly shape: readonly number[];
  readonly dtype: D;
  #data: DataOf<D>;
  /** Whether operations on this tensor are recorded for `backward()`. */
  requires_grad = false;
  #grad: Tensor<D> | null = null;
  /**
   * Whether code outside the library may hold the current `.grad`: it was read through the
   * public getter, or set through the setter. Until then only the library has seen it.
   */
  #gradShown = false;
  /** Whether any gradient of this tensor was ever shown (see `#gradShown`). */
  #gradEverShown = false;
  /**
   * Storage of a dropped gradient that nobody else had seen, kept for this tensor's next
   * gradient (see `_dropGrad` and ops/util.ts `gradStorage`): a training loop then reuses
   * one buffer per parameter, in WebAssembly memory where the kernels work on it in place.
   */
  #spareGrad: DataOf<D> | null = null;
  /** The backward pass that last gave this tensor a gradient buffer of its own (`_claimGradBuffer`). */
  #gradBufferPass = -1;

  /** The accumulated gradient of a leaf after `backward()`; null until then. */
  get grad(): Tensor<D> | null {
    this.#gradShown = this.#gradEverShown = true;
    return this.#grad;
  }

  set grad(g: Tensor<D> | null) {
    this.#grad = g;
    this.#gradShown = this.#gradEverShown = true;
  }

  /** @internal `.grad` for the library's own use (autograd, optimizers): it does not count as shown. */
  _peekGrad(): Tensor<D> | null {
    return this.#grad;
  }

  /** @internal Sets a gradient no code outside the library has seen (the autograd engine's). */
  _setGrad(g: Tensor<D>): void {
    this.#grad = g;
    this.#gradShown = false;
  }

  /**
   * @internal `zero_grad(set_to_none)`: drops `.grad`, keeping its storage for the next gradient
   * when nothing outside the library can hold it (never read or set through `.grad`).
   */
  _dropGrad(): void {
    const g = this.#grad;
    this.#grad = null;
    if (g !== null && !this.#gradShown && g.numel() === this.numel() && g.dtype === this.dtype) this.#spareGrad = g.data as DataOf<D>;
    this.#gradShown = false;
  }

  /**
   * @internal Whether this tensor's gradients have only ever been seen by the library: then
   * each one is recycled by the next `zero_grad`, and may take long-lived (resident) storage.
   */
  _gradPrivate(): boolean {
    return !this.#gradEverShown;
  }

  /**
   * @internal True the first time it is asked during backward pass `pass`: a leaf used twice in
   * one graph (tied weights) gets one buffer of its own, the other uses transient ones.
   */
  _claimGradBuffer(pass: number): boolean {
    if (this.#gradBufferPass === pass) return false;
    this.#gradBufferPass = pass;
    return true;
  }

  /** @internal Takes the spare storage `_dropGrad` kept, if any (its contents are stale). */
  _takeSpareGrad(): DataOf<D> | null {
    const s = this.#spareGrad;
    this.#spareGrad = null;
    return s;
  }
  /** The operation that produced this tensor, when it was recorded; null for leaves. */
  grad_fn: GradNode | null = null;

  constructor(shape: Shape, dtype: D, data?: DataOf<D>) {
    const n = numelOf(shape);
    if (data !== undefined && data.length !== n) {
      throw new ShapeError(`Tensor: data has ${data.length} elements but shape ${show(shape)} needs ${n}.`);
    }
    this.shape = Object.freeze(shape.slice());
    this.dtype = dtype;
    this.#data = data ?? allocate(dtype, n);
  }

  /** The elements in row-major order. Writes through it change the tensor. */
  get data(): DataOf<D> {
    return this.#data;
  }

  numel(): number {
    return this.#data.length;
  }

  dim(): number {
    return this.shape.length;
  }

  /** `size()` is the shape; `size(d)` one dimension, negative d counting from the end. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return this.shape.slice();
    const d = dim < 0 ? dim + this.shape.length : dim;
    if (!Number.isInteger(d) || d < 0 || d >= this.shape.length) {
      throw new ShapeError(
        `Dimension out of range (expected to be in range of [${-this.shape.length}, ${this.shape.length - 1}], but got ${dim})`,
      );
    }
    return this.shape[d]!;
  }

  /** Nested arrays, like `Tensor.tolist()`. int64 elements come back as bigint. */
  tolist(): NestedList {
    const data = this.#data as AnyData;
    if (this.shape.length === 0) return data[0]!;
    const build = (dim: number, offset: number): NestedList[] => {
      const len = this.shape[dim]!;
      const stride = numelOf(this.shape.slice(dim + 1));
      const out: NestedList[] = [];
      for (let i = 0; i < len; i++) {
        out.push(dim === this.shape.length - 1 ? data[offset + i]! : build(dim + 1, offset + i * stride));
      }
      return out;
    };
    return build(0, 0);
  }

  /** The value of a one-element tensor. */
  item(): D extends "int64" ? bigint : number {
    if (this.numel() !== 1) {
      throw new ShapeError(
        `a Tensor with ${this.numel()} elements cannot be converted to Scalar. item() needs exactly one element; index first or use tolist().`,
      );
    }
    return this.#data[0] as D extends "int64" ? bigint : number;
  }

  /** A new tensor with a copy of the data. */
  clone(): Tensor<D> {
    return new Tensor(this.shape, this.dtype, this.#data.slice() as DataOf<D>);
  }

  /** A tensor of another shape over the same storage (contiguous, so always a view). */
  view(...shape: number[] | [readonly number[]]): Tensor<D> {
    const dims = (Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    const inferred = dims.indexOf(-1);
    const known = numelOf(dims.filter((d) => d !== -1));
    const full = inferred >= 0 ? dims.map((d) => (d === -1 ? this.numel() / known : d)) : dims;
    if (numelOf(full) !== this.numel() || full.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ShapeError(`shape '${show(dims)}' is invalid for input of size ${this.numel()}`);
    }
    return new Tensor(full, this.dtype, this.#data);
  }

  /** A leaf is a tensor not produced by a recorded operation. */
  get is_leaf(): boolean {
    return this.grad_fn === null;
  }

  /** Sets `requires_grad` in place and returns this tensor. */
  requires_grad_(requires_grad = true): this {
    if (requires_grad && this.dtype !== "float32" && this.dtype !== "float64") {
      throw new ShapeError(`only Tensors of floating point dtype can require gradients; this one is ${this.dtype}.`);
    }
    this.requires_grad = requires_grad;
    return this;
  }

  /** Back-propagates from this tensor; a non-scalar output needs an explicit `gradient`. */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    runBackward(this, gradient, options);
  }

  /** The same data, cut from the graph. */
  detach(): Tensor<D> {
    return new Tensor(this.shape, this.dtype, this.#data);
  }

  toString(): string {
    const body = JSON.stringify(this.tolist(), (_k, v) => (typeof v === "bigint" ? `${v}` : v));
    return `tensor(${body}, dtype=${this.dtype}, shape=[${this.shape.join(", ")}])`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
