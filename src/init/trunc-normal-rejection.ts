/**
 * `trunc_normal_` from PyTorch 2.12 (PR #174997): rejection sampling, spec §4.4. With the mass
 * p = Φ(β) − Φ(α) of [a, b] under N(mean, std²):
 *
 * - p > 0.3: draw normals and redraw (full-size) while any value is outside [a, b];
 * - otherwise: propose uniformly on [a, b] and accept x with probability
 *   exp(logpdf(x) − logpdf(mode)), mode = the point of [a, b] nearest the mean.
 *
 * Every round draws full-size tensors in PyTorch's order; only the values a round actually
 * uses are transformed or compared, which gives the same bits.
 */
import { resolveGenerator } from "../random/default.js";
import { redrawUntilInside } from "../random/normal-redraw.js";
import { normalFill, uniformFill, type GeneratorOption } from "../tensor/random-ops.js";
import { Tensor } from "../tensor/tensor.js";

/** The mass threshold above which 2.12+ redraws normals instead of proposing uniforms. */
const NORMAL_REDRAW_MIN_MASS = 0.3;

/** Fills `t` by rejection; `p` is the binary64 mass Φ(β) − Φ(α). */
export function truncNormalRejection(t: Tensor, p: number, mean: number, std: number, a: number, b: number, opts: GeneratorOption): void {
  if (p > NORMAL_REDRAW_MIN_MASS) redrawNormals(t, mean, std, a, b, opts);
  else proposeUniforms(t, mean, std, a, b, opts);
}

function redrawNormals(t: Tensor, mean: number, std: number, a: number, b: number, opts: GeneratorOption): void {
  const d = t.data as Float32Array | Float64Array;
  const round = d instanceof Float32Array ? Math.fround : (x: number) => x;
  const lo = round(a);
  const hi = round(b);
  normalFill(t, mean, std, opts, "trunc_normal_");
  redrawUntilInside(resolveGenerator(opts.generator, "trunc_normal_"), d, mean, std, lo, hi);
}

/**
 * logpdf(v) − logpdf(mode) = −½((v − mean)/std)² − logPeak in the tensor's dtype, each
 * operation rounded (PyTorch's tensor ops): fround(fround(fround(fround(fround(v − m)/s)²)·−½) − lp).
 * The acceptance test compares it with log(u), u ~ U(0, 1), from PyTorch's float `log_`
 * kernel, which `fround(Math.log(u))` matched in every test (spec §4.4).
 */
function proposeUniforms(t: Tensor, mean: number, std: number, a: number, b: number, opts: GeneratorOption): void {
  const d = t.data as Float32Array | Float64Array;
  const round = d instanceof Float32Array ? Math.fround : (x: number) => x;
  const mode = Math.max(a, Math.min(mean, b));
  const logPeak = -0.5 * ((mode - mean) / std) ** 2;
  const [m, s, lp] = [round(mean), round(std), round(logPeak)];
  const logRatio = (v: number) => round(round(round(round(round(v - m) / s) ** 2) * -0.5) - lp);
  const rejects = (u: number, v: number) => round(Math.log(u)) > logRatio(v);
  const fresh = new Tensor(t.shape, t.dtype);
  const accept = new Tensor(t.shape, t.dtype);
  const f = fresh.data as Float32Array | Float64Array;
  const acc = accept.data as Float32Array | Float64Array;

  uniformFill(t, a, b, opts, "trunc_normal_");
  uniformFill(accept, 0, 1, opts, "trunc_normal_");
  // The pending indices, ascending; each round compacts the list in place.
  const pending = new Int32Array(d.length);
  let left = 0;
  for (let i = 0; i < d.length; i++) if (rejects(acc[i]!, d[i]!)) pending[left++] = i;
  while (left > 0) {
    // PyTorch: c = uniform_(a, b); res = where(pending, c, res); cand = logpdf(c); acc = uniform_(0, 1);
    // pending = where(pending, log(acc) > cand, pending). cand only matters where pending.
    uniformFill(fresh, a, b, opts, "trunc_normal_");
    uniformFill(accept, 0, 1, opts, "trunc_normal_");
    let still = 0;
    for (let j = 0; j < left; j++) {
      const i = pending[j]!;
      const v = f[i]!;
      d[i] = v;
      if (rejects(acc[i]!, v)) pending[still++] = i;
    }
    left = still;
  }
}
