/**
 * The "wasm" backend's max-pool forward (assembly/pool.ts): the same loop as ts-pool.ts with
 * branch-free selects; copies x in and the maxima and argmax out.
 */
import type { Kernels } from "../types.js";
import { align16, type WasmRuntime } from "./runtime.js";

interface PoolExports {
  maxPool2d(
    x: number, planes: number, H: number, W: number, kh: number, kw: number, sh: number, sw: number,
    ph: number, pw: number, dh: number, dw: number, OH: number, OW: number, out: number, arg: number,
  ): void;
}

export function makePool(rt: WasmRuntime): Pick<Kernels, "maxPool2d"> {
  const w = rt.exports as unknown as PoolExports;
  return {
    maxPool2d(x, g, out, arg) {
      const px = rt.heapBase;
      const po = align16(px + x.length * 4);
      const pa = align16(po + out.length * 4);
      rt.ensure(pa + arg.length * 4);
      rt.f32().set(x, px >> 2);
      w.maxPool2d(px, g.planes, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.OH, g.OW, po, pa);
      out.set(rt.f32().subarray(po >> 2, (po >> 2) + out.length));
      arg.set(rt.i32().subarray(pa >> 2, (pa >> 2) + arg.length));
    },
  };
}
