/**
 * `trunc_normal_`: N(mean, std²) restricted to [a, b]. PyTorch has used two algorithms:
 *
 * - up to 2.11 (and 1.13): inverse CDF. With Φ(x) = (1 + erf(x/√2))/2, draw
 *   u ~ U(2Φ(α) − 1, 2Φ(β) − 1) with α = (a − mean)/std and β = (b − mean)/std, then
 *   x = mean + std·√2·erfinv(u), clamped to [a, b].
 * - from 2.12 (PR #174997): rejection sampling. If the mass p = Φ(β) − Φ(α) exceeds 0.3,
 *   redraw the out-of-range normals; otherwise propose uniformly on [a, b] and accept with
 *   probability exp(logpdf(x) − logpdf(mode)).
 *
 * `set_pytorch_version` picks the algorithm (trunc-normal-inverse-cdf.ts, trunc-normal-rejection.ts).
 */
import { behaviour } from "../compat.js";
import { ValueError } from "../errors/index.js";
import { erf } from "../math/erf.js";
import { requireFloat, type GeneratorOption } from "../tensor/random-ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { optionalNumber, requireTensor } from "./checks.js";
import { truncNormalInverseCdf } from "./trunc-normal-inverse-cdf.js";
import { truncNormalRejection } from "./trunc-normal-rejection.js";
import { warnOnce } from "./warn.js";

export interface TruncNormalOptions extends GeneratorOption {
  mean?: number;
  std?: number;
  /** Lower cut-off (default −2). */
  a?: number;
  /** Upper cut-off (default 2). */
  b?: number;
}

function normCdf(x: number): number {
  return (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;
}

/**
 * Fills with a normal truncated to [a, b].
 * @example nn.init.trunc_normal_(empty(3, 5), { std: 0.02 })
 */
export function trunc_normal_<T extends Tensor>(tensor: T, options: TruncNormalOptions = {}): T {
  requireTensor(tensor, "trunc_normal_");
  options ??= {}; // null is accepted like omitted options
  const mean = optionalNumber(options.mean, "mean", "trunc_normal_", 0);
  const std = optionalNumber(options.std, "std", "trunc_normal_", 1);
  const a = optionalNumber(options.a, "a", "trunc_normal_", -2);
  const b = optionalNumber(options.b, "b", "trunc_normal_", 2);
  requireFloat(tensor, "trunc_normal_");
  if (std === 0) {
    throw new ValueError(`trunc_normal_: float division by zero: std=0 makes (a - mean)/std undefined. Use constant_ for a fixed value, or std > 0.`);
  }
  if (mean < a - 2 * std || mean > b + 2 * std) {
    warnOnce("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.");
  }
  const lCdf = normCdf((a - mean) / std);
  const uCdf = normCdf((b - mean) / std);
  if (behaviour.truncNormalRejection()) truncNormalRejection(tensor, uCdf - lCdf, mean, std, a, b, options);
  else truncNormalInverseCdf(tensor, lCdf, uCdf, mean, std, a, b, options);
  return tensor;
}
