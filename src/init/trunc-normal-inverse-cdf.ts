/**
 * `trunc_normal_` up to PyTorch 2.11 (and 1.13): inverse CDF, spec §4.4.
 *
 *   t.uniform_(2l − 1, 2u − 1); t.erfinv_(); t.mul_(std·√2); t.add_(mean); t.clamp_(a, b)
 *
 * with l = Φ(α), u = Φ(β) in binary64 and every tensor op in the tensor's dtype (the scalars
 * are cast to it first). erfinv is ATen's `calc_erfinv` ("1.13", non-MKL builds) or the
 * correctly rounded one standing in for MKL's `vsErfInv` ("2.11", official x86 wheels).
 */
import { behaviour } from "../compat.js";
import { wasmTruncInverseCdf32 } from "../kernels/wasm/trunc.js";
import { erfinvAten, erfinvCorrectlyRounded, ERFINV_K_NEW, ERFINV_K_OLD } from "../math/erfinv.js";
import { uniformFill, type GeneratorOption } from "../tensor/random-ops.js";
import type { Tensor } from "../tensor/tensor.js";

/** Fills `t`; `l` and `u` are the binary64 Φ((a − mean)/std) and Φ((b − mean)/std). */
export function truncNormalInverseCdf(t: Tensor, l: number, u: number, mean: number, std: number, a: number, b: number, opts: GeneratorOption): void {
  uniformFill(t, 2 * l - 1, 2 * u - 1, opts, "trunc_normal_");
  const d = t.data as Float32Array | Float64Array;
  const wasm = d instanceof Float32Array ? wasmTruncInverseCdf32(behaviour.erfinvMkl() ? "correctly-rounded" : "aten") : null;
  const erfinv = behaviour.erfinvMkl() ? erfinvCorrectlyRounded : (y: number) => erfinvAten(y, behaviour.erfinvNewK());
  const round = d instanceof Float32Array ? Math.fround : (x: number) => x;
  // mul_(std·√2), add_(mean), clamp_(a, b): the scalars are cast to the dtype first.
  const scale = round(std * Math.sqrt(2));
  const m = round(mean);
  const lo = round(a);
  const hi = round(b);
  if (wasm) {
    wasm(d as Float32Array, behaviour.erfinvNewK() ? ERFINV_K_NEW : ERFINV_K_OLD, scale, m, lo, hi);
    return;
  }
  for (let i = 0; i < d.length; i++) {
    let x = round(round(erfinv(d[i]!) * scale) + m);
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    d[i] = x;
  }
}
