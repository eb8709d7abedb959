// The WebAssembly module of nninit's kernels, compiled by scripts/build-wasm.mjs twice from
// these same sources: dist/kernels/nninit.wasm (SIMD) and dist/kernels/nninit-relaxed.wasm
// (SIMD + relaxed SIMD: real FMAs, see assembly/relaxed.ts). Each kernel family lives in its
// own file; this entry re-exports them so they share one linear memory: a *shared* memory imported from the host
// (src/kernels/wasm/runtime.ts), which worker threads import too.
//
// No module here owns an allocator or mutable static data: the host lays out operands and
// workspaces in memory above heapBase() and passes byte addresses.
export { heapBase, zeroBytes } from "./heap";
export { relaxedProbe32, relaxedProbe64 } from "./relaxed";
export { sgemm, workFloats, packAll, packedFloats } from "./gemm";
export { mtDraw, mtSkip, mtTwist, fma32s, uniformAffine32, uniformFma32, normalBlocks32, normalBlocks32p, uniform64 } from "./rng";
export { panelQR, unpackV, formT, applyBlockReflector, blockWorkFloats, transpose64, dgemm, dgemmWorkFloats } from "./qr";
export { reluForward, reluBackward, fmaAxpy, fmaAxpyBits, broadcastRows, sumRows64 } from "./elementwise";
export { adam32 } from "./adam";
export { sgd32 } from "./sgd";
export { im2col, col2im, reorder, fillRows, accumulate64, round64, biasGrad } from "./conv";
export { maxPool2d } from "./pool";
export { truncRedraw32, truncRedraw32p, listOutside32, truncRedrawListed32, firstOutside32 } from "./trunc-redraw";
export { erfinvAten, truncInverseCdf32 } from "./erfinv";
export { expf, logf } from "./libm32";
export { erff } from "./erff";
export { expfFast, logfFast } from "./libm32-fast";
export { truncInverseCdf32x4, truncInverseCdf32x4p, truncInverseCdfWorkBytes } from "./erfinv-simd";
export { erfinvCR, erfinvCorrect, erf64, exp64, truncInverseCdfCR32, truncInverseCdfCR32p } from "./erfinv-cr";
