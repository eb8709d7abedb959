// The data movement around a convolution's matrix products (src/kernels/wasm/conv.ts drives
// them, sgemm does the products): im2col, its adjoint col2im, and the (N, O, OH·OW) ↔
// (O, N·OH·OW) reorders. Each is the loop of src/kernels/ts-conv.ts, element for element, so
// results are bitwise those of the TypeScript path (col2im and the bias sums add in binary64).

/** Unrolls batch items [n0, n0+nb) of group grp into rows [r0, r1) of cols (K, nb·OH·OW); see ts-conv.ts's im2col. */
export function im2col(
  x: usize, C: i32, H: i32, W: i32, Cg: i32, grp: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, OH: i32, OW: i32,
  n0: i32, nb: i32, cols: usize, r0: i32, r1: i32,
): void {
  const ohw = OH * OW;
  const ld = nb * ohw;
  // Rows r0 .. r1 of cols only (r = (c·kh + i)·kw + j), so threads can split the rows.
  for (let r = r0; r < r1; r++) {
    const c = r / (kh * kw);
    const i = (r / kw) % kh;
    const j = r % kw;
    const row = r * ld;
    const offW = j * dw - pw;
    const owLo = min(OW, max(0, ceilDiv(-offW, sw)));
    const owHi = max(owLo, min(OW, ceilDiv(W - offW, sw)));
    for (let n = 0; n < nb; n++) {
      const plane = ((n0 + n) * C + grp * Cg + c) * H * W;
      const colBase = row + n * ohw;
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sh - ph + i * dh;
        const o = cols + (<usize>(colBase + oh * OW) << 2);
        if (ih < 0 || ih >= H) {
          zeroFloats(o, OW);
          continue;
        }
        const src = x + (<usize>(plane + ih * W + offW) << 2);
        if (owLo > 0) zeroFloats(o, owLo);
        if (sw == 1) copyFloats(o + (<usize>owLo << 2), src + (<usize>owLo << 2), owHi - owLo);
        else for (let ow = owLo; ow < owHi; ow++) store<f32>(o + (<usize>ow << 2), load<f32>(src + (<usize>(ow * sw) << 2)));
        if (owHi < OW) zeroFloats(o + (<usize>owHi << 2), OW - owHi);
      }
    }
  }
}

/**
 * Copies / zeroes n floats. Rows here are short (8–28 floats), where a memory.copy or
 * memory.fill costs a call into the engine; an inline f32x4 loop does not.
 */
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(dst + (<usize>k << 2), v128.load(src + (<usize>k << 2)));
  for (; k < n; k++) store<f32>(dst + (<usize>k << 2), load<f32>(src + (<usize>k << 2)));
}

@inline function zeroFloats(dst: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(dst + (<usize>k << 2), i32x4.splat(0));
  for (; k < n; k++) store<f32>(dst + (<usize>k << 2), 0);
}

/** ⌈a / b⌉ for b > 0, as Math.ceil(a / b). */
@inline function ceilDiv(a: i32, b: i32): i32 {
  return <i32>Math.ceil(<f64>a / <f64>b);
}

/** The adjoint of im2col for channels [c0, c1): adds their rows of cols (K, nb·OH·OW) onto dx (binary64). */
export function col2im(
  cols: usize, C: i32, H: i32, W: i32, Cg: i32, grp: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, OH: i32, OW: i32,
  n0: i32, nb: i32, dx: usize, c0: i32, c1: i32,
): void {
  const ohw = OH * OW;
  const ld = nb * ohw;
  // Channels c0 .. c1 only: they write disjoint planes of dx, so threads can split them.
  for (let c = c0; c < c1; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((c * kh + i) * kw + j) * ld;
        const offW = j * dw - pw;
        const owLo = min(OW, max(0, ceilDiv(-offW, sw)));
        const owHi = max(owLo, min(OW, ceilDiv(W - offW, sw)));
        for (let n = 0; n < nb; n++) {
          const plane = ((n0 + n) * C + grp * Cg + c) * H * W;
          const colBase = row + n * ohw;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh - ph + i * dh;
            if (ih < 0 || ih >= H) continue;
            const o = cols + (<usize>(colBase + oh * OW) << 2);
            const d = dx + (<usize>(plane + ih * W + offW) << 3);
            for (let ow = owLo; ow < owHi; ow++) {
              const p = d + (<usize>(ow * sw) << 3);
              store<f64>(p, load<f64>(p) + <f64>load<f32>(o + (<usize>ow << 2)));
            }
          }
        }
      }
    }
  }
}

/** y (Og, nb·ohw) → out[(n0+n)·O + grp·Og + o] planes of ohw; back = true goes the other way. */
export function reorder(y: usize, Og: i32, nb: i32, ohw: i32, out: usize, O: i32, grp: i32, n0: i32, back: bool): void {
  const ld = nb * ohw;
  for (let o = 0; o < Og; o++) {
    for (let n = 0; n < nb; n++) {
      const a = y + (<usize>(o * ld + n * ohw) << 2);
      const b = out + (<usize>(((n0 + n) * O + grp * Og + o) * ohw) << 2);
      if (back) copyFloats(a, b, ohw);
      else copyFloats(b, a, ohw);
    }
  }
}

/** Rows [o·ld, (o+1)·ld) of y set to bias[o], o < rows. */
export function fillRows(y: usize, bias: usize, rows: i32, ld: i32): void {
  for (let o = 0; o < rows; o++) {
    const v = f32x4.splat(load<f32>(bias + (<usize>o << 2)));
    const row = y + (<usize>(o * ld) << 2);
    let k = 0;
    for (; k + 4 <= ld; k += 4) v128.store(row + (<usize>k << 2), v);
    for (; k < ld; k++) store<f32>(row + (<usize>k << 2), f32x4.extract_lane(v, 0));
  }
}

/** dst[k] += src[k] (float32 into binary64), k < n. */
export function accumulate64(src: usize, dst: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const p = dst + (<usize>k << 3);
    store<f64>(p, load<f64>(p) + <f64>load<f32>(src + (<usize>k << 2)));
  }
}

/** dst[k] = float32(src[k]), k < n. */
export function round64(src: usize, dst: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<f32>(dst + (<usize>k << 2), <f32>load<f64>(src + (<usize>k << 3)));
}

/** db[o] = Σ_n (Σ_p gy[n, o, p]) in binary64, rounded once: ts-conv.ts's bias gradient. */
export function biasGrad(gy: usize, N: i32, O: i32, ohw: i32, acc: usize, db: usize): void {
  memory.fill(acc, 0, <usize>O << 3);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const base = gy + (<usize>((n * O + o) * ohw) << 2);
      let s: f64 = 0;
      for (let p = 0; p < ohw; p++) s += <f64>load<f32>(base + (<usize>p << 2));
      const a = acc + (<usize>o << 3);
      store<f64>(a, load<f64>(a) + s);
    }
  }
  round64(acc, db, O);
}
