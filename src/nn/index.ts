/** `torch.nn`: modules, the functional ops, and `nn.init`. */
export * as init from "../init/index.js";
export * as functional from "./functional.js";
export { Module, type ForwardHook, type ForwardPreHook, type RemovableHandle, type LoadResult } from "./module.js";
export { Parameter } from "./parameter.js";
export { Sequential, ModuleList } from "./containers.js";
export { Linear, Identity, Flatten } from "./layers/linear.js";
export { ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Mish, Tanh, Sigmoid, Softplus } from "./layers/activation.js";
export { CrossEntropyLoss, NLLLoss, MSELoss } from "./layers/loss.js";
export { Conv1d, Conv2d, type ConvModuleOptions } from "./layers/conv.js";
export { MaxPool2d, AvgPool2d, type MaxPool2dModuleOptions, type AvgPool2dModuleOptions } from "./layers/pool.js";
export { BatchNorm1d, BatchNorm2d, LayerNorm, type BatchNormModuleOptions, type LayerNormModuleOptions } from "./layers/norm.js";
export { Embedding, type EmbeddingModuleOptions } from "./layers/embedding.js";
export { Dropout } from "./layers/dropout.js";
