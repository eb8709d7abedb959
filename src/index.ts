/**
 * nninit: PyTorch's CPU random streams and `torch.nn.init`, bit for bit, in TypeScript.
 *
 * ```ts
 * import { manual_seed, empty, nn } from "nninit";
 * manual_seed(0);
 * const w = nn.init.kaiming_normal_(empty(256, 784), { mode: "fan_in", nonlinearity: "relu" });
 * ```
 */
export { Generator, DEFAULT_RNG_SEED } from "./random/generator.js";
export {
  default_generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state,
} from "./random/default.js";
export type { Seed } from "./random/seed.js";
export { Tensor, type NestedList } from "./tensor/tensor.js";
export type { DType } from "./tensor/dtype.js";
export {
  empty, zeros, ones, full, tensor, eye, rand, randn, randint, randperm,
  type TensorOptions, type RandomOptions,
} from "./tensor/factories.js";
export {
  set_pytorch_version, get_pytorch_version, with_pytorch_version, PYTORCH_VERSIONS, type PytorchVersion,
} from "./compat.js";
export { NninitError, ValueError, ArgumentTypeError, RuntimeError, ShapeError, GeneratorError, OverflowError, IndexError } from "./errors/index.js";
export * as nn from "./nn/index.js";
export * as data from "./data/index.js";
export * as optim from "./optim/index.js";
export * as lab from "./lab/index.js";
export { no_grad, enable_grad, is_grad_enabled, set_grad_enabled } from "./autograd/grad-mode.js";
export { set_backend, get_backend, set_num_threads, get_num_threads, wasm_features, type Kernels, type WasmFeatures } from "./kernels/index.js";
