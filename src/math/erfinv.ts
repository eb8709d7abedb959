/**
 * float32 inverse error function, two ways (spec §4.4):
 *
 * - `erfinvAten`: ATen's `calc_erfinv<float>` (aten/src/ATen/native/Math.h), as GCC compiles
 *   it into PyTorch's AVX2 kernels: binary32 throughout, every Horner step `p*z + c` fused
 *   into one FMA (`-ffp-contract=fast`), glibc's `erff`/`expf`/`logf`. This is what
 *   non-MKL builds (Debian's python3-torch, ARM/macOS wheels) compute for `torch.erfinv`.
 * - `erfinvCorrectlyRounded`: the float32 nearest to the exact erfinv, a stand-in for MKL's
 *   `vsErfInv` (VML_HA) used by the official x86-64 wheels, which is almost always that.
 */
import { fma32 } from "./fma.js";
import { erf } from "./erf.js";
import { erff, expf, logf } from "./libm32.js";

const fr = Math.fround;

// Math.h: `T a[4] = { T(0.886226899), ... }` — double literals rounded to float.
const A0 = fr(0.886226899);
const A1 = fr(-1.645349621);
const A2 = fr(0.914624893);
const A3 = fr(-0.140543331);
const B0 = fr(-2.118377725);
const B1 = fr(1.442710462);
const B2 = fr(-0.329097515);
const B3 = fr(0.012229801);
const C0 = fr(-1.970840454);
const C1 = fr(-1.624906493);
const C2 = fr(3.429567803);
const C3 = fr(1.641345311);
const D0 = fr(3.5438892); // T(3.543889200)
const D1 = fr(1.6370678); // T(1.637067800)
const CENTRAL_RANGE_F = fr(0.7);

/** PyTorch 1.13: `static_cast<float>(2.0) / static_cast<float>(std::sqrt(c10::pi<double>))`. */
export const ERFINV_K_OLD = fr(2 / fr(Math.sqrt(Math.PI)));
/** PyTorch 2.x: `static_cast<float>(2.0) * c10::frac_1_sqrt_pi<float>`, one ulp larger. */
export const ERFINV_K_NEW = fr(2 * fr(0.564189583547756286948079451560772));

/** Unfused binary32 `a*b + c`: two roundings. */
function mad32(a: number, b: number, c: number): number {
  return fr(fr(a * b) + c);
}

/**
 * ATen's `calc_erfinv<float>(y)` bit for bit as PyTorch's GCC/AVX2 build computes it.
 * `newK` selects the 2.x Newton constant (`2*frac_1_sqrt_pi<float>`) instead of 1.13's
 * `2/float(sqrt(pi))`. `fused` (default true, profile P-AVX2) makes each Horner step one
 * FMA; pass false for the generic kernels (P-DEFAULT), where every `*` and `+` rounds.
 * `y` must be a float32 value.
 */
export function erfinvAten(y: number, newK: boolean, fused = true): number {
  const mad = fused ? fma32 : mad32;
  const yAbs = Math.abs(y);
  if (yAbs > 1) return NaN;
  if (yAbs === 1) return y > 0 ? Infinity : -Infinity;
  let x: number;
  if (yAbs <= CENTRAL_RANGE_F) {
    const z = fr(y * y);
    const num = mad(mad(mad(A3, z, A2), z, A1), z, A0);
    const dem = mad(mad(mad(mad(B3, z, B2), z, B1), z, B0), z, 1);
    x = fr(fr(y * num) / dem);
  } else {
    const z = fr(Math.sqrt(-logf(fr(fr(1 - yAbs) / 2))));
    const num = mad(mad(mad(C3, z, C2), z, C1), z, C0);
    const dem = mad(mad(D1, z, D0), z, 1);
    // std::copysign(num, y) / dem; y is never a zero here (|y| > 0.7) but may be NaN.
    const signed = y < 0 || Object.is(y, -0) ? -Math.abs(num) : Math.abs(num);
    x = fr(signed / dem);
  }
  const K = newK ? ERFINV_K_NEW : ERFINV_K_OLD;
  // x = x - (erf(x) - y) / (K * exp(-x*x)), twice, each operation one binary32 rounding.
  for (let step = 0; step < 2; step++) {
    const e = fr(K * expf(fr(-x * x)));
    x = fr(x - fr(fr(erff(x) - y) / e));
  }
  return x;
}

const F32 = new Float32Array(1);
const U32F = new Uint32Array(F32.buffer);

/** The float32 neighbour of the finite float32 `f` towards +inf (dir > 0) or -inf. */
function nextFloat(f: number, dir: number): number {
  if (f === 0) return dir > 0 ? 2 ** -149 : -(2 ** -149);
  F32[0] = f;
  if ((f > 0) === dir > 0) U32F[0] = U32F[0]! + 1;
  else U32F[0] = U32F[0]! - 1;
  return F32[0]!;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The binary64 erfinv(y) to about 1 ulp: ATen's rational start in binary64, then Newton. */
function erfinv64(y: number): number {
  const yAbs = Math.abs(y);
  let x: number;
  if (yAbs <= 0.7) {
    const z = y * y;
    const num = ((A3 * z + A2) * z + A1) * z + A0;
    const dem = (((B3 * z + B2) * z + B1) * z + B0) * z + 1;
    x = (y * num) / dem;
  } else {
    const z = Math.sqrt(-Math.log((1 - yAbs) / 2));
    const num = ((C3 * z + C2) * z + C1) * z + C0;
    x = (y < 0 ? -num : num) / ((D1 * z + D0) * z + 1);
  }
  for (let step = 0; step < 3; step++) {
    x = x - (erf(x) - y) / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
  }
  return x;
}

/**
 * The float32 nearest to erfinv(y) for a float32 `y` (NaN outside [-1, 1], +-inf at +-1).
 *
 * A binary64 estimate is rounded to float32, then the choice is checked against the
 * rounding boundaries: erfinv is increasing, so erfinv(y) lies above the midpoint m between
 * two float32s exactly when y > erf(m). The binary64 `erf` decides that reliably except
 * for a y within about 1e-16 (relative) of erf(m), which no float32 y is in practice.
 */
export function erfinvCorrectlyRounded(y: number): number {
  const yAbs = Math.abs(y);
  if (!(yAbs <= 1)) return NaN;
  if (yAbs === 1) return y > 0 ? Infinity : -Infinity;
  if (y === 0) return y;
  let f = fr(erfinv64(y));
  // At most a couple of corrections are ever needed; bound the loop anyway.
  for (let iter = 0; iter < 4; iter++) {
    const up = nextFloat(f, 1);
    const down = nextFloat(f, -1);
    if (y > erf((f + up) / 2)) f = up;
    else if (y < erf((f + down) / 2)) f = down;
    else break;
  }
  return f;
}
