// Max-pool forward, ATen's loop (src/kernels/ts-pool.ts has the same one): each window scanned
// row-major, a value replacing the running max when `val > max || isnan(val)`, so ties go to
// the first maximum and NaN propagates. Written with selects rather than branches: which
// element wins is data-dependent, and the branchy scalar loop mispredicts on most windows.

/** out[p, oh, ow] = max of the window, arg[...] = its flat index in the H×W plane. */
export function maxPool2d(
  x: usize, planes: i32, H: i32, W: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  ph: i32, pw: i32, dh: i32, dw: i32, OH: i32, OW: i32, out: usize, arg: usize,
): void {
  // The common case, non-overlapping in-bounds 2 × 2 windows (MaxPool2d(2)), unrolled.
  if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1 && 2 * OH <= H && 2 * OW <= W) {
    maxPool2x2(x, planes, H, W, OH, OW, out, arg);
    return;
  }
  let k: usize = 0;
  for (let p = 0; p < planes; p++) {
    const base = x + (<usize>(p * H * W) << 2);
    for (let oh = 0; oh < OH; oh++) {
      let ih0 = oh * sh - ph;
      const ih1 = min(ih0 + (kh - 1) * dh + 1, H);
      while (ih0 < 0) ih0 += dh;
      for (let ow = 0; ow < OW; ow++) {
        let iw0 = ow * sw - pw;
        const iw1 = min(iw0 + (kw - 1) * dw + 1, W);
        while (iw0 < 0) iw0 += dw;
        let maxIndex = ih0 * W + iw0;
        let maxVal: f32 = -Infinity;
        for (let ih = ih0; ih < ih1; ih += dh) {
          for (let iw = iw0; iw < iw1; iw += dw) {
            const index = ih * W + iw;
            const val = load<f32>(base + (<usize>index << 2));
            const take = val > maxVal || val != val;
            maxVal = select<f32>(val, maxVal, take);
            maxIndex = select<i32>(index, maxIndex, take);
          }
        }
        store<f32>(out + (k << 2), maxVal);
        store<i32>(arg + (k << 2), maxIndex);
        k++;
      }
    }
  }
}

function maxPool2x2(x: usize, planes: i32, H: i32, W: i32, OH: i32, OW: i32, out: usize, arg: usize): void {
  let k: usize = 0;
  for (let p = 0; p < planes; p++) {
    const base = x + (<usize>(p * H * W) << 2);
    for (let oh = 0; oh < OH; oh++) {
      const r0 = 2 * oh * W;
      for (let ow = 0; ow < OW; ow++) {
        const i = r0 + 2 * ow;
        let m: f32 = -Infinity;
        let at = i;
        let v = load<f32>(base + (<usize>i << 2));
        let t = v > m || v != v;
        m = select<f32>(v, m, t); at = select<i32>(i, at, t);
        v = load<f32>(base + (<usize>(i + 1) << 2));
        t = v > m || v != v;
        m = select<f32>(v, m, t); at = select<i32>(i + 1, at, t);
        v = load<f32>(base + (<usize>(i + W) << 2));
        t = v > m || v != v;
        m = select<f32>(v, m, t); at = select<i32>(i + W, at, t);
        v = load<f32>(base + (<usize>(i + W + 1) << 2));
        t = v > m || v != v;
        m = select<f32>(v, m, t); at = select<i32>(i + W + 1, at, t);
        store<f32>(out + (k << 2), m);
        store<i32>(arg + (k << 2), at);
        k++;
      }
    }
  }
}
