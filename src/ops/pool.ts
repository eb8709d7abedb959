/**
 * `F.max_pool2d` and `F.avg_pool2d` on (C, H, W) or (N, C, H, W) float32 input, following
 * ATen's CPU kernels (`aten/src/ATen/native/cpu/MaxPoolKernel.cpp`, `AvgPoolKernel.cpp`)
 * loop for loop, so both forward and backward round exactly as PyTorch does:
 *
 * - max: the window is scanned row-major; an element replaces the running max when
 *   `val > max || isnan(val)`, so ties go to the FIRST maximum and NaN propagates.
 *   Backward adds each output gradient onto its argmax, in output order, in float32.
 * - avg: the float32 window sum, in row-major order, divided by the divisor:
 *   count_include_pad → the window clipped to the padded input (pad counts, the ceil_mode
 *   overhang does not); otherwise the in-bounds count; or divisor_override.
 *
 * The max-pool forward scan is the backend's `maxPool2d` kernel (src/kernels/ts-pool.ts and its
 * WebAssembly twin); the rest stays here.
 */
import { ShapeError, ValueError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import { Tensor } from "../tensor/tensor.js";
import { kernels } from "../kernels/index.js";
import type { PoolGeometry } from "../kernels/types.js";
import { expandInts, type IntOrTuple } from "./conv.js";
import { f32, out32 } from "./util.js";

export interface MaxPool2dOptions {
  /** Default: kernel_size. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceil_mode?: boolean;
}

export interface AvgPool2dOptions {
  /** Default: kernel_size. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceil_mode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  count_include_pad?: boolean;
  /** Divide every window sum by this instead. */
  divisor_override?: number | null;
}

/** ATen's `pooling_output_shape`: floor (or ceil) division, and a last window must start inside the input or its left padding. */
function outSize(size: number, k: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  const span = size + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

function poolGeometry(
  x: Tensor, op: string, kernel: IntOrTuple, stride: IntOrTuple | null | undefined,
  padding: IntOrTuple, dilation: IntOrTuple, ceil: boolean,
): PoolGeometry {
  if ((x.dim() !== 3 && x.dim() !== 4) || x.numel() === 0) {
    throw new ShapeError(`${op}: expected a non-empty 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape ${show(x.shape)}.`);
  }
  const [kh, kw] = expandInts(kernel, 2, "kernel_size", op, 1) as [number, number];
  const [sh, sw] = stride === null || stride === undefined ? [kh, kw] : (expandInts(stride, 2, "stride", op, 1) as [number, number]);
  const [ph, pw] = expandInts(padding, 2, "padding", op, 0) as [number, number];
  const [dh, dw] = expandInts(dilation, 2, "dilation", op, 1) as [number, number];
  // ATen's pool2d_shape_check: the padding may cover at most half of the (dilated) window.
  const effH = (kh - 1) * dh + 1;
  const effW = (kw - 1) * dw + 1;
  if (ph > Math.floor(effH / 2) || pw > Math.floor(effW / 2)) {
    throw new ValueError(`${op}: pad should be at most half of effective kernel size, but got padding=(${ph}, ${pw}), kernel_size=(${kh}, ${kw}) and dilation=(${dh}, ${dw}). Reduce the padding.`);
  }
  const H = x.shape[x.dim() - 2]!;
  const W = x.shape[x.dim() - 1]!;
  const OH = outSize(H, kh, ph, sh, dh, ceil);
  const OW = outSize(W, kw, pw, sw, dw, ceil);
  if (OH < 1 || OW < 1) {
    throw new ShapeError(`${op}: Given input size: (${x.shape.slice(-3).join("x")}). Calculated output size: (${x.shape[x.dim() - 3]}x${OH}x${OW}). Output size is too small.`);
  }
  return { planes: x.numel() / (H * W), H, W, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW };
}

function outShape(x: Tensor, g: PoolGeometry): number[] {
  return [...x.shape.slice(0, -2), g.OH, g.OW];
}

/** The max-pool forward: output and the argmax of every window (flat index into its H×W plane). */
function maxPoolForward(input: Tensor, kernel_size: IntOrTuple, options: MaxPool2dOptions): [Tensor, Int32Array] {
  const op = "max_pool2d";
  const xd = f32(input, op);
  const g = poolGeometry(input, op, kernel_size, options.stride, options.padding ?? 0, options.dilation ?? 1, options.ceil_mode ?? false);
  const { planes, H, W, OH, OW } = g;
  const out = out32(outShape(input, g));
  const arg = new Int32Array(out.data.length);
  kernels().maxPool2d(xd, g, out.data, arg);
  const ohw = OH * OW;
  const plane = H * W;
  const y = record(out, "MaxPool2DWithIndicesBackward", [input], (gout) => {
    const gd = gout.data as Float32Array;
    const gx = out32(input.shape);
    const gxd = gx.data;
    for (let p = 0; p < planes; p++) {
      for (let k = 0; k < ohw; k++) {
        const j = p * plane + arg[p * ohw + k]!;
        gxd[j] = gxd[j]! + gd[p * ohw + k]!; // float32 accumulation, as ATen
      }
    }
    return [gx];
  });
  return [y, arg];
}

/** Max pooling that also returns the argmax of every window (a flat index into its H×W plane, int64). */
export function max_pool2d_with_indices(input: Tensor, kernel_size: IntOrTuple, options: MaxPool2dOptions = {}): [Tensor, Tensor<"int64">] {
  const [y, arg] = maxPoolForward(input, kernel_size, options);
  return [y, new Tensor(y.shape, "int64", BigInt64Array.from(arg, (v) => BigInt(v)))];
}

/**
 * Max over each kH×kW window (dilated by `dilation`, zero-free: padding acts as −∞).
 * Output size per dim: ⌊(in + 2p − d·(k − 1) − 1)/s⌋ + 1 (⌈·⌉ with ceil_mode). Ties go to the first max.
 * @example F.max_pool2d(x, 2)   // stride defaults to kernel_size
 */
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, options: MaxPool2dOptions = {}): Tensor {
  return maxPoolForward(input, kernel_size, options)[0];
}

/**
 * Mean over each kH×kW window. With count_include_pad (default) the zero padding counts
 * towards the divisor.
 * @example F.avg_pool2d(x, 3, { stride: 2, padding: 1, count_include_pad: false })
 */
export function avg_pool2d(input: Tensor, kernel_size: IntOrTuple, options: AvgPool2dOptions = {}): Tensor {
  const op = "avg_pool2d";
  const xd = f32(input, op);
  const g = poolGeometry(input, op, kernel_size, options.stride, options.padding ?? 0, 1, options.ceil_mode ?? false);
  const includePad = options.count_include_pad ?? true;
  const override = options.divisor_override ?? null;
  if (override !== null && (!Number.isInteger(override) || override === 0)) {
    throw new ValueError(`${op}: divisor_override must be a non-zero integer, got ${show(override)}.`);
  }
  const { planes, H, W, kh, kw, sh, sw, ph, pw, OH, OW } = g;
  const out = out32(outShape(input, g));
  const o = out.data;
  // Per output position (shared by every plane): the clipped window and its divisor.
  const ohw = OH * OW;
  const win = new Int32Array(ohw * 4);
  const div = new Float64Array(ohw);
  for (let oh = 0; oh < OH; oh++) {
    for (let ow = 0; ow < OW; ow++) {
      let ih0 = oh * sh - ph;
      let iw0 = ow * sw - pw;
      let ih1 = Math.min(ih0 + kh, H + ph);
      let iw1 = Math.min(iw0 + kw, W + pw);
      const poolSize = (ih1 - ih0) * (iw1 - iw0);
      ih0 = Math.max(ih0, 0);
      iw0 = Math.max(iw0, 0);
      ih1 = Math.min(ih1, H);
      iw1 = Math.min(iw1, W);
      const k = oh * OW + ow;
      win.set([ih0, ih1, iw0, iw1], k * 4);
      div[k] = override ?? (includePad ? poolSize : (ih1 - ih0) * (iw1 - iw0));
    }
  }
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let k = 0; k < ohw; k++) {
      const ih0 = win[4 * k]!, ih1 = win[4 * k + 1]!, iw0 = win[4 * k + 2]!, iw1 = win[4 * k + 3]!;
      if (ih0 >= ih1 || iw0 >= iw1) {
        o[p * ohw + k] = 0;
        continue;
      }
      let sum = 0;
      for (let ih = ih0; ih < ih1; ih++) {
        for (let iw = iw0; iw < iw1; iw++) sum = Math.fround(sum + xd[base + ih * W + iw]!);
      }
      o[p * ohw + k] = sum / div[k]!;
    }
  }
  return record(out, "AvgPool2DBackward", [input], (gout) => {
    const gd = gout.data as Float32Array;
    const gx = out32(input.shape);
    const gxd = gx.data;
    for (let p = 0; p < planes; p++) {
      const base = p * H * W;
      for (let k = 0; k < ohw; k++) {
        const ih0 = win[4 * k]!, ih1 = win[4 * k + 1]!, iw0 = win[4 * k + 2]!, iw1 = win[4 * k + 3]!;
        const delta = Math.fround(gd[p * ohw + k]! / div[k]!);
        for (let ih = ih0; ih < ih1; ih++) {
          for (let iw = iw0; iw < iw1; iw++) {
            const j = base + ih * W + iw;
            gxd[j] = gxd[j]! + delta;
          }
        }
      }
    }
    return [gx];
  });
}
