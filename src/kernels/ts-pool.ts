/**
 * Max-pool forward in plain TypeScript, ATen's CPU loop (MaxPoolKernel.cpp): the "ts"
 * backend's kernel and the reference for assembly/pool.ts.
 */
import type { Kernels } from "./types.js";

export const maxPool2dTs: Kernels["maxPool2d"] = (xd, g, o, arg) => {
  const { planes, H, W, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW } = g;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oh = 0; oh < OH; oh++) {
      let ih0 = oh * sh - ph;
      const ih1 = Math.min(ih0 + (kh - 1) * dh + 1, H);
      while (ih0 < 0) ih0 += dh;
      for (let ow = 0; ow < OW; ow++) {
        let iw0 = ow * sw - pw;
        const iw1 = Math.min(iw0 + (kw - 1) * dw + 1, W);
        while (iw0 < 0) iw0 += dw;
        let maxIndex = ih0 * W + iw0;
        let maxVal = -Infinity;
        for (let ih = ih0; ih < ih1; ih += dh) {
          for (let iw = iw0; iw < iw1; iw += dw) {
            const index = ih * W + iw;
            const val = xd[base + index]!;
            if (val > maxVal || Number.isNaN(val)) {
              maxVal = val;
              maxIndex = index;
            }
          }
        }
        const k = (p * OH + oh) * OW + ow;
        o[k] = maxVal;
        arg[k] = maxIndex;
      }
    }
  }
};
