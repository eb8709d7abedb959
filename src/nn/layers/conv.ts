/**
 * `nn.Conv1d` and `nn.Conv2d`, plus the Python-style repr helpers the conv, pooling, norm,
 * embedding and dropout layers share (so `toString()` prints what PyTorch prints).
 */
import { ValueError, show } from "../../errors/index.js";
import { no_grad } from "../../autograd/grad-mode.js";
import { calculate_fan_in_and_fan_out } from "../../init/fans.js";
import { uniform_ } from "../../init/fill.js";
import { kaiming_uniform_ } from "../../init/variance.js";
import { conv1d, conv2d, expandInts, type ConvPadding, type IntOrTuple } from "../../ops/conv.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Module, expectShape } from "../module.js";
import { Parameter, parameterTensor } from "../parameter.js";
import { checkFeatures } from "./checks.js";

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e−4 and from 1e16. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e") as [string, string];
  const e = Number(expStr);
  if (e < -4 || e >= 16) return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  const s = String(x);
  return s.includes(".") ? s : `${s}.0`;
}

/** Python's tuple repr of ints: `(5,)`, `(5, 5)`. */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}

/** An int as an int, a list as a tuple: how a pooling layer prints the argument it was given. */
export function pyIntOrTuple(v: IntOrTuple): string {
  return typeof v === "number" ? String(v) : pyTuple(v);
}

export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

export interface ConvModuleOptions {
  stride?: IntOrTuple;
  /** Zero padding per side, or "valid" / "same". */
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
  /** Learnable bias (default true). */
  bias?: boolean;
  /** Only "zeros" is implemented. */
  padding_mode?: "zeros";
}

/**
 * `_ConvNd`: weight (out, in/groups, *kernel_size) and bias (out). Default init as
 * `_ConvNd.reset_parameters`: kaiming_uniform_(W, a = √5), i.e. U(±1/√fan_in) with
 * fan_in = (in/groups)·∏kernel, then bias ~ U(±1/√fan_in) (not drawn when fan_in = 0),
 * weight before bias, from the global generator.
 */
abstract class ConvNd extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[] | "valid" | "same";
  readonly dilation: number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(spatial: 1 | 2, in_channels: number, out_channels: number, kernel_size: IntOrTuple, options: ConvModuleOptions) {
    super();
    const layer = `Conv${spatial}d`;
    checkFeatures(layer, { in_channels, out_channels });
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new ValueError(`${layer}: groups must be a positive integer, got ${show(groups)}.`);
    if (in_channels % groups !== 0) throw new ValueError(`${layer}: in_channels must be divisible by groups (in_channels=${in_channels}, groups=${groups}).`);
    if (out_channels % groups !== 0) throw new ValueError(`${layer}: out_channels must be divisible by groups (out_channels=${out_channels}, groups=${groups}).`);
    if ((options.padding_mode ?? "zeros") !== "zeros") {
      throw new ValueError(`${layer}: padding_mode=${show(options.padding_mode)} is not implemented; only "zeros" is.`);
    }
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.kernel_size = expandInts(kernel_size, spatial, "kernel_size", layer, 1);
    this.stride = expandInts(options.stride ?? 1, spatial, "stride", layer, 1);
    const padding = options.padding ?? 0;
    if (typeof padding === "string") {
      if (padding !== "valid" && padding !== "same") {
        throw new ValueError(`${layer}: Invalid padding string ${show(padding)}, should be one of "valid", "same".`);
      }
      if (padding === "same" && this.stride.some((s) => s !== 1)) {
        throw new ValueError(`${layer}: padding='same' is not supported for strided convolutions; use stride=1 or explicit padding.`);
      }
      this.padding = padding;
    } else {
      this.padding = expandInts(padding, spatial, "padding", layer, 0);
    }
    this.dilation = expandInts(options.dilation ?? 1, spatial, "dilation", layer, 1);
    this.groups = groups;
    this.weight = new Parameter(parameterTensor([out_channels, in_channels / groups, ...this.kernel_size]));
    this.bias = options.bias === false ? null : new Parameter(parameterTensor([out_channels]));
    this.reset_parameters();
  }

  reset_parameters(): void {
    no_grad(() => {
      kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
      if (this.bias) {
        const [fanIn] = calculate_fan_in_and_fan_out(this.weight);
        if (fanIn !== 0) {
          const bound = 1 / Math.sqrt(fanIn);
          uniform_(this.bias, { a: -bound, b: bound });
        }
      }
    });
  }

  /** Checks (N, C_in, *spatial) or (C_in, *spatial), naming this layer. */
  protected checkInput(x: Tensor, spatialNames: string): void {
    const sp = this.kernel_size.length;
    const batched = x.dim() === sp + 2;
    if ((!batched && x.dim() !== sp + 1) || x.shape[batched ? 1 : 0] !== this.in_channels) {
      expectShape(this, "input", `(N, ${this.in_channels}, ${spatialNames}) or (${this.in_channels}, ${spatialNames})`, x.shape);
    }
  }

  protected get convOptions(): { stride: number[]; padding: ConvPadding; dilation: number[]; groups: number } {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
  }

  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }
}

/**
 * 1-D convolution over (N, C_in, L) or (C_in, L).
 * @example new nn.Conv1d(16, 33, 3, { stride: 2 })
 */
export class Conv1d extends ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, options: ConvModuleOptions = {}) {
    super(1, in_channels, out_channels, kernel_size, options);
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x, "L");
    return conv1d(x, this.weight, this.bias, this.convOptions);
  }
}

/**
 * 2-D convolution over (N, C_in, H, W) or (C_in, H, W).
 * @example new nn.Conv2d(3, 8, 5)          // weight (8, 3, 5, 5), bias (8)
 */
export class Conv2d extends ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, options: ConvModuleOptions = {}) {
    super(2, in_channels, out_channels, kernel_size, options);
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x, "H, W");
    return conv2d(x, this.weight, this.bias, this.convOptions);
  }
}
