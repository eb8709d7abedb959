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
 * `set_pytorch_version` picks the algorithm. Every round draws full-size tensors, as PyTorch does.
 */
import { behaviour } from "../compat.js";
import { ValueError } from "../errors/index.js";
import { erf } from "../math/erf.js";
import { erfinvAten, erfinvCorrectlyRounded } from "../math/erfinv.js";
import { normalFill, requireFloat, uniformFill, type GeneratorOption } from "../tensor/random-ops.js";
import { Tensor } from "../tensor/tensor.js";
import { optionalNumber, requireTensor } from "./checks.js";
import { warnOnce } from "./warn.js";

export interface TruncNormalOptions extends GeneratorOption {
  mean?: number;
  std?: number;
  /** Lower cut-off (default −2). */
  a?: number;
  /** Upper cut-off (default 2). */
  b?: number;
}

/** The mass threshold above which 2.12+ redraws normals instead of proposing uniforms. */
const NORMAL_REDRAW_MIN_MASS = 0.3;

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
  if (behaviour.truncNormalRejection()) rejection(tensor, mean, std, a, b, options);
  else inverseCdf(tensor, mean, std, a, b, options);
  return tensor;
}

/** ≤ 2.11: uniform in CDF space, then erfinv, all in the tensor's dtype. */
function inverseCdf(t: Tensor, mean: number, std: number, a: number, b: number, opts: GeneratorOption): void {
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  uniformFill(t, 2 * l - 1, 2 * u - 1, opts, "trunc_normal_");
  const d = t.data as Float32Array | Float64Array;
  const erfinv = behaviour.erfinvMkl() ? erfinvCorrectlyRounded : (y: number) => erfinvAten(y, behaviour.erfinvNewK());
  const round = d instanceof Float32Array ? Math.fround : (x: number) => x;
  // mul_(std·√2), add_(mean), clamp_(a, b): the scalars are cast to the dtype first.
  const scale = round(std * Math.sqrt(2));
  const m = round(mean);
  const lo = round(a);
  const hi = round(b);
  for (let i = 0; i < d.length; i++) {
    let x = round(round(erfinv(d[i]!) * scale) + m);
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    d[i] = x;
  }
}

/** ≥ 2.12: rejection sampling, with PyTorch's draw order and float arithmetic. */
function rejection(t: Tensor, mean: number, std: number, a: number, b: number, opts: GeneratorOption): void {
  const p = normCdf((b - mean) / std) - normCdf((a - mean) / std);
  const d = t.data as Float32Array | Float64Array;
  const round = d instanceof Float32Array ? Math.fround : (x: number) => x;
  const fresh = new Tensor(t.shape, t.dtype);
  const f = fresh.data as Float32Array | Float64Array;
  if (p > NORMAL_REDRAW_MIN_MASS) {
    const lo = round(a);
    const hi = round(b);
    normalFill(t, mean, std, opts, "trunc_normal_");
    const outside = (v: number) => v < lo || v > hi;
    while (d.some(outside)) {
      normalFill(fresh, mean, std, opts, "trunc_normal_");
      for (let i = 0; i < d.length; i++) if (outside(d[i]!)) d[i] = f[i]!;
    }
    return;
  }
  // Accept x with probability exp(logpdf(x) − logpdf(mode)), mode = the point of [a, b] nearest the mean.
  const mode = Math.max(a, Math.min(mean, b));
  const logPeak = -0.5 * ((mode - mean) / std) ** 2;
  const [m, s, lp] = [round(mean), round(std), round(logPeak)];
  const logRatio = (v: number) => round(round(round(round(round(v - m) / s) ** 2) * -0.5) - lp);
  const accept = new Tensor(t.shape, t.dtype);
  const acc = accept.data as Float32Array | Float64Array;
  const logOf = (v: number) => round(Math.log(v));

  uniformFill(t, a, b, opts, "trunc_normal_");
  const cand = Array.from(d, logRatio);
  uniformFill(accept, 0, 1, opts, "trunc_normal_");
  const pending = Array.from(acc, (v, i) => logOf(v) > cand[i]!);
  while (pending.includes(true)) {
    uniformFill(fresh, a, b, opts, "trunc_normal_");
    for (let i = 0; i < d.length; i++) {
      if (pending[i]) d[i] = f[i]!;
      cand[i] = logRatio(f[i]!);
    }
    uniformFill(accept, 0, 1, opts, "trunc_normal_");
    for (let i = 0; i < d.length; i++) if (pending[i]) pending[i] = logOf(acc[i]!) > cand[i]!;
  }
}
