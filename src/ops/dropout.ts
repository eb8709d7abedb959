/**
 * `F.dropout` with PyTorch's CPU mask, bit for bit where PyTorch's own mask comes from the
 * MT19937 stream.
 *
 * What PyTorch runs (`aten/src/ATen/native/Dropout.cpp`, 1.13 and 2.x alike): on CPU the
 * fused `native_dropout` is not used (`is_fused_kernel_acceptable` wants CUDA/XPU/lazy), so
 * `_dropout_impl` does
 *     noise = empty_like(x); noise.bernoulli_(1 − p); noise.div_(1 − p); return x * noise
 * with p == 0 or eval returning x itself and p == 1 returning x * 0, neither drawing anything.
 * `bernoulli_(double)` on CPU (`aten/src/ATen/native/cpu/DistributionKernels.cpp`) is either
 *   - ATen's serial kernel: per element, in memory order, one `random64()` (two 32-bit
 *     draws, the first the high word) → u = (bits & (2^53 − 1))·2^−53, keep = u < 1 − p.
 *     This is every build without MKL (Debian's 1.13.1) and, in builds with MKL (the
 *     official 2.x x86 wheels), every non-Intel CPU (cpuinfo vendor ≠ Intel, e.g. AMD);
 *   - on an Intel CPU with an MKL build: ONE 32-bit `random()` seeds MKL's MCG31m1 stream
 *     and `viRngBernoulli(VSL_RNG_METHOD_BERNOULLI_ICDF, …, 1 − p)` draws the mask, in
 *     chunks of ≥ 800 with `vslSkipAheadStream`, so the mask does not depend on threads.
 * nninit implements the first. It matches PyTorch 1.13.1 (Debian) and 2.13 (pip) on the
 * AMD machine the fixtures were recorded on, mask, scale, signed zeros and the number of
 * draws consumed (test/fixtures/<build>/layers.json). The MKL path is deterministic too and
 * could in principle be emulated (MCG31m1 is x ← 1132489760·x mod (2^31 − 1), seeded with
 * the one MT19937 word), but MKL's ICDF comparison and uniform rounding could not be checked
 * here (no Intel CPU; the wheel does not export the VSL symbols), so on Intel + MKL builds
 * the mask differs (its statistics do not) and the stream is left 2 words per element on
 * instead of 1 word in all. (A later PyTorch source, not the 2.13 wheel, which has no
 * `MKLGeneratorImpl`, draws this mask on MKL builds from a separate MKL generator with its
 * own state, on every CPU vendor; nothing of it comes from the MT19937 stream there.)
 *
 * The kept values are x · fround(1/fround(1 − p)), a float32 multiply by the float32
 * quotient, exactly as `div_` then `mul` round; the dropped ones are x · 0 (so −0 for
 * negative x, NaN for non-finite x).
 */
import { ValueError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import { default_generator } from "../random/default.js";
import type { Generator } from "../random/generator.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32 } from "./util.js";

/** The float32 `noise` tensor of `_dropout_impl`: 0 or fround(1/fround(1 − p)) per element. */
export function dropoutNoise(n: number, p: number, gen: Generator = default_generator): Float32Array {
  const keep = 1 - p; // binary64, as `bernoulli_(1 - p)` receives it
  const scale = Math.fround(1 / Math.fround(keep));
  const noise = new Float32Array(n);
  for (let i = 0; i < n; i++) noise[i] = gen.random53() < keep ? scale : 0;
  return noise;
}

/** y = x · noise, and dL/dx = dL/dy · noise. */
function mulNoise(x: Tensor, xd: Float32Array, noise: Float32Array | number): Tensor {
  const out = out32(x.shape);
  const o = out.data;
  if (typeof noise === "number") for (let i = 0; i < o.length; i++) o[i] = xd[i]! * noise;
  else for (let i = 0; i < o.length; i++) o[i] = xd[i]! * noise[i]!;
  return record(out, "MulBackward", [x], (g) => {
    const gd = g.data as Float32Array;
    const gx = out32(x.shape);
    if (typeof noise === "number") for (let i = 0; i < gd.length; i++) gx.data[i] = gd[i]! * noise;
    else for (let i = 0; i < gd.length; i++) gx.data[i] = gd[i]! * noise[i]!;
    return [gx];
  });
}

/**
 * Zeroes each element with probability p and scales the rest by 1/(1 − p), drawing the mask
 * from the global generator as PyTorch's CPU `bernoulli_` does (see above). In eval
 * (training = false) or with p = 0 it returns `input` itself.
 * @example F.dropout(x, 0.2)            // training by default, like F.dropout
 */
export function dropout(input: Tensor, p = 0.5, training = true): Tensor {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new ValueError(`dropout: dropout probability has to be between 0 and 1, but got ${show(p)}.`);
  }
  const xd = f32(input, "dropout");
  if (p === 0 || !training || input.numel() === 0) return input;
  if (p === 1) return mulNoise(input, xd, 0);
  return mulNoise(input, xd, dropoutNoise(xd.length, p));
}
