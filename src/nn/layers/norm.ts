/**
 * `nn.BatchNorm1d`, `nn.BatchNorm2d` and `nn.LayerNorm`. None of them draws random numbers:
 * weight = 1, bias = 0; batch norm also registers the buffers running_mean = 0,
 * running_var = 1 and num_batches_tracked = 0 (int64), in that state_dict order.
 */
import { ValueError, show } from "../../errors/index.js";
import { behaviour } from "../../compat.js";
import { batch_norm, layer_norm } from "../../ops/norm.js";
import { ones, zeros } from "../../tensor/factories.js";
import { Tensor } from "../../tensor/tensor.js";
import { Module, expectShape } from "../module.js";
import { Parameter, parameterTensor } from "../parameter.js";
import { checkFeatures } from "./checks.js";
import { pyBool, pyFloat, pyTuple } from "./conv.js";

const reprHasBias = behaviour.normReprHasBias;

export interface BatchNormModuleOptions {
  eps?: number;
  /** Running-stat factor; null means a cumulative average (1/num_batches_tracked). Default 0.1. */
  momentum?: number | null;
  /** Learnable per-channel weight and bias (default true). */
  affine?: boolean;
  /** Keep running_mean/var and use them in eval (default true). */
  track_running_stats?: boolean;
  /** With affine, whether there is a bias (PyTorch 2.x keyword; default true). */
  bias?: boolean;
}

/**
 * `_BatchNorm`. Training: normalise with the batch statistics and update
 * r ← (1 − m)·r + m·stat (unbiased variance for running_var); eval: use the running ones.
 */
abstract class BatchNormBase extends Module {
  readonly num_features: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  running_mean: Tensor<"float32"> | null = null;
  running_var: Tensor<"float32"> | null = null;
  num_batches_tracked: Tensor<"int64"> | null = null;

  constructor(layer: string, num_features: number, options: BatchNormModuleOptions) {
    super();
    checkFeatures(layer, { num_features });
    this.num_features = num_features;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.track_running_stats = options.track_running_stats ?? true;
    this.weight = this.affine ? new Parameter(parameterTensor([num_features], 1)) : null;
    this.bias = this.affine && options.bias !== false ? new Parameter(parameterTensor([num_features])) : null;
    if (this.track_running_stats) {
      this.register_buffer("running_mean", zeros(num_features));
      this.register_buffer("running_var", ones(num_features));
      this.register_buffer("num_batches_tracked", new Tensor([], "int64"));
    }
  }

  /** Resets running_mean = 0, running_var = 1, num_batches_tracked = 0. */
  reset_running_stats(): void {
    this.running_mean?.data.fill(0);
    this.running_var?.data.fill(1);
    this.num_batches_tracked?.data.fill(0n);
  }

  protected abstract checkInput(x: Tensor): void;

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    let factor = this.momentum ?? 0;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      const n = this.num_batches_tracked.data;
      n[0] = n[0]! + 1n;
      factor = this.momentum ?? 1 / Number(n[0]);
    }
    const useBatch = this.training || (this.running_mean === null && this.running_var === null);
    const track = !this.training || this.track_running_stats;
    return batch_norm(x, track ? this.running_mean : null, track ? this.running_var : null, {
      weight: this.weight, bias: this.bias, training: useBatch, momentum: factor, eps: this.eps,
    });
  }

  override extra_repr(): string {
    const bias = reprHasBias() ? `, bias=${pyBool(this.bias !== null)}` : "";
    const m = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}${bias}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

/**
 * Batch norm over (N, C) or (N, C, L), per channel C.
 * @example new nn.BatchNorm1d(100)
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(num_features: number, options: BatchNormModuleOptions = {}) {
    super("BatchNorm1d", num_features, options);
  }

  protected checkInput(x: Tensor): void {
    if ((x.dim() !== 2 && x.dim() !== 3) || x.shape[1] !== this.num_features) {
      expectShape(this, "input", `(N, ${this.num_features}) or (N, ${this.num_features}, L)`, x.shape);
    }
  }
}

/**
 * Batch norm over (N, C, H, W), per channel C.
 * @example new nn.BatchNorm2d(8)
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(num_features: number, options: BatchNormModuleOptions = {}) {
    super("BatchNorm2d", num_features, options);
  }

  protected checkInput(x: Tensor): void {
    if (x.dim() !== 4 || x.shape[1] !== this.num_features) {
      expectShape(this, "input", `(N, ${this.num_features}, H, W)`, x.shape);
    }
  }
}

export interface LayerNormModuleOptions {
  eps?: number;
  /** Learnable weight (and bias) of shape normalized_shape (default true). */
  elementwise_affine?: boolean;
  /** With elementwise_affine, whether there is a bias (default true). */
  bias?: boolean;
}

/**
 * Normalises over the trailing dims `normalized_shape` (biased variance), then
 * applies weight (1) and bias (0) elementwise.
 * @example new nn.LayerNorm(10)   // or new nn.LayerNorm([4, 5])
 */
export class LayerNorm extends Module {
  readonly normalized_shape: number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalized_shape: number | readonly number[], options: LayerNormModuleOptions = {}) {
    super();
    const ns = typeof normalized_shape === "number" ? [normalized_shape] : [...normalized_shape];
    if (ns.length === 0) throw new ValueError(`LayerNorm: normalized_shape must name at least one dimension, got ${show(normalized_shape)}.`);
    ns.forEach((d, i) => checkFeatures("LayerNorm", { [`normalized_shape[${i}]`]: d }));
    this.normalized_shape = ns;
    this.eps = options.eps ?? 1e-5;
    this.elementwise_affine = options.elementwise_affine ?? true;
    this.weight = this.elementwise_affine ? new Parameter(parameterTensor(ns, 1)) : null;
    this.bias = this.elementwise_affine && options.bias !== false ? new Parameter(parameterTensor(ns)) : null;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalized_shape.length;
    if (x.dim() < k || x.shape.slice(x.dim() - k).some((d, i) => d !== this.normalized_shape[i])) {
      expectShape(this, "input", `[*, ${this.normalized_shape.join(", ")}]`, x.shape);
    }
    return layer_norm(x, this.normalized_shape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extra_repr(): string {
    const bias = reprHasBias() ? `, bias=${pyBool(this.bias !== null)}` : "";
    return `${pyTuple(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}${bias}`;
  }
}
