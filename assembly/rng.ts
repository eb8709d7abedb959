// The random-fill kernels (float32 uniform_ and normal_ on PyTorch's AVX2 profile), each in
// its own file: MT19937 (rng-mt.ts), the exact binary32 FMA (rng-fma.ts), the uniform and
// normal transforms (rng-uniform.ts, rng-normal.ts). Host side: src/kernels/wasm/rng.ts.
export { mtDraw, mtSkip, mtTwist } from "./rng-mt";
export { fma32s } from "./rng-fma";
export { uniformAffine32, uniformFma32 } from "./rng-uniform";
export { normalBlocks32, normalBlocks32p } from "./rng-normal";
export { uniform64 } from "./rng-uniform64";
