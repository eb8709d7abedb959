/**
 * The variance-scaling initialisers, one rule under all of them: draw with
 *
 *   std = gain · √(scale / fan),   and for the uniform variant bound = √3 · std
 *
 * (a uniform on [−b, b] has variance b²/3). Xavier/Glorot (Glorot & Bengio 2010, eq. 16)
 * uses fan = (fan_in + fan_out)/2; Kaiming/He (He et al. 2015, eq. 10) uses one fan and
 * the nonlinearity's gain. Each expression is written in the binary64 order of
 * `torch/nn/init.py`, since a different order can change the last bit of the bound.
 */
import { normalFill, uniformFill, type GeneratorOption } from "../tensor/random-ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { optionalNumber, requireTensor } from "./checks.js";
import { calculateCorrectFan, calculate_fan_in_and_fan_out, type FanMode } from "./fans.js";
import { calculate_gain, type Nonlinearity } from "./gain.js";
import { warnOnce } from "./warn.js";
import { ValueError, show } from "../errors/index.js";

export type Distribution = "uniform" | "normal";

/** Draws U(−√3·std, √3·std) or N(0, std²) into the tensor: the shared last step. */
function fillWithStd(t: Tensor, std: number, distribution: Distribution, opts: GeneratorOption, fnName: string): Tensor {
  if (distribution === "normal") return normalFill(t, 0, std, opts, fnName);
  const bound = Math.sqrt(3.0) * std;
  return uniformFill(t, -bound, bound, opts, fnName);
}

export interface XavierOptions extends GeneratorOption {
  /** Scaling factor (default 1); see `calculate_gain`. */
  gain?: number;
}

/** std = gain · √(2 / (fan_in + fan_out)). */
function xavierStd(t: Tensor, gain: number, fnName: string): number {
  const [fanIn, fanOut] = calculate_fan_in_and_fan_out(t);
  if (fanIn + fanOut === 0) {
    throw new ValueError(`${fnName}: float division by zero: shape ${show(t.shape)} has fan_in + fan_out = 0, so the std is undefined.`);
  }
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/**
 * Glorot uniform: U(−a, a) with a = gain · √(6 / (fan_in + fan_out)).
 * @example nn.init.xavier_uniform_(empty(3, 5), { gain: nn.init.calculate_gain("relu") })
 */
export function xavier_uniform_<T extends Tensor>(tensor: T, options: XavierOptions = {}): T {
  requireTensor(tensor, "xavier_uniform_");
  options ??= {}; // null is accepted like omitted options
  const gain = optionalNumber(options.gain, "gain", "xavier_uniform_", 1);
  return fillWithStd(tensor, xavierStd(tensor, gain, "xavier_uniform_"), "uniform", options, "xavier_uniform_") as T;
}

/**
 * Glorot normal: N(0, std²) with std = gain · √(2 / (fan_in + fan_out)).
 * @example nn.init.xavier_normal_(empty(3, 5))
 */
export function xavier_normal_<T extends Tensor>(tensor: T, options: XavierOptions = {}): T {
  requireTensor(tensor, "xavier_normal_");
  options ??= {}; // null is accepted like omitted options
  const gain = optionalNumber(options.gain, "gain", "xavier_normal_", 1);
  return fillWithStd(tensor, xavierStd(tensor, gain, "xavier_normal_"), "normal", options, "xavier_normal_") as T;
}

export interface KaimingOptions extends GeneratorOption {
  /** Negative slope of the rectifier after this layer (only used with leaky_relu; default 0). */
  a?: number;
  /** "fan_in" (default) preserves the forward variance, "fan_out" the backward one. */
  mode?: FanMode;
  /** The nonlinearity after this layer (default "leaky_relu", which with a = 0 is ReLU's √2). */
  nonlinearity?: Nonlinearity;
}

/**
 * std = gain / √fan; returns null for a zero-element tensor, which PyTorch leaves
 * untouched with a warning (before it checks mode or nonlinearity).
 */
function kaimingStd(t: Tensor, options: KaimingOptions): number | null {
  if (t.shape.includes(0)) {
    warnOnce("Initializing zero-element tensors is a no-op");
    return null;
  }
  // PyTorch's order: mode and dims first, then the gain, which checks `a` only for leaky_relu.
  const fan = calculateCorrectFan(t, options.mode ?? "fan_in");
  const gain = calculate_gain(options.nonlinearity ?? "leaky_relu", options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * He uniform: U(−bound, bound) with bound = gain · √(3 / fan).
 * @example nn.init.kaiming_uniform_(empty(3, 5), { mode: "fan_in", nonlinearity: "relu" })
 */
export function kaiming_uniform_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  requireTensor(tensor, "kaiming_uniform_");
  options ??= {}; // null is accepted like omitted options
  const std = kaimingStd(tensor, options);
  return std === null ? tensor : (fillWithStd(tensor, std, "uniform", options, "kaiming_uniform_") as T);
}

/**
 * He normal: N(0, std²) with std = gain / √fan.
 * @example nn.init.kaiming_normal_(empty(3, 5), { mode: "fan_out", nonlinearity: "relu" })
 */
export function kaiming_normal_<T extends Tensor>(tensor: T, options: KaimingOptions = {}): T {
  requireTensor(tensor, "kaiming_normal_");
  options ??= {}; // null is accepted like omitted options
  const std = kaimingStd(tensor, options);
  return std === null ? tensor : (fillWithStd(tensor, std, "normal", options, "kaiming_normal_") as T);
}
