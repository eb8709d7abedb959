/**
 * The "wasm" backend's max-pool forward (assembly/pool.ts): the same loop as ts-pool.ts with
 * branch-free selects, split over planes across threads; copies x in and the maxima and argmax out.
 */
import type { Kernels } from "../types.js";
import { parallelCall } from "./pool.js";
import { align16, type WasmRuntime } from "./runtime.js";

export function makePool(rt: WasmRuntime): Pick<Kernels, "maxPool2d"> {
  return {
    maxPool2d(x, g, out, arg) {
      const px = rt.heapBase;
      const po = align16(px + x.length * 4);
      const pa = align16(po + out.length * 4);
      rt.ensure(pa + arg.length * 4);
      rt.f32().set(x, px >> 2);
      // Split over planes (each thread its own slice of x, out and arg).
      const inPlane = g.H * g.W * 4, outPlane = g.OH * g.OW * 4;
      parallelCall(rt, "maxPool2d", g.planes, x.length, (lo, hi) => [
        px + lo * inPlane, hi - lo, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.OH, g.OW,
        po + lo * outPlane, pa + lo * outPlane,
      ]);
      out.set(rt.f32().subarray(po >> 2, (po >> 2) + out.length));
      arg.set(rt.i32().subarray(pa >> 2, (pa >> 2) + arg.length));
    },
  };
}
