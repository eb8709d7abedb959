/** `torch.nn.functional`: the stateless ops behind the layers. */
export { relu, leaky_relu, elu, selu, gelu, silu, mish, tanh, sigmoid, softplus } from "../ops/activations.js";
export { linear } from "../ops/linear.js";
export { flatten } from "../ops/shape.js";
export { log_softmax, nll_loss, cross_entropy, mse_loss, type Reduction } from "../ops/loss.js";
export { add, sub, mul, div, neg, exp, log, pow, sqrt } from "../ops/elementwise.js";
export { sum, mean } from "../ops/reductions.js";
export { matmul } from "../ops/linear.js";
export { reshape, t } from "../ops/shape.js";
export { conv1d, conv2d, type ConvOptions, type ConvPadding, type IntOrTuple } from "../ops/conv.js";
export { max_pool2d, max_pool2d_with_indices, avg_pool2d, type MaxPool2dOptions, type AvgPool2dOptions } from "../ops/pool.js";
export { batch_norm, layer_norm, type BatchNormOptions, type LayerNormOptions } from "../ops/norm.js";
export { embedding, type EmbeddingOptions } from "../ops/embedding.js";
export { dropout } from "../ops/dropout.js";
