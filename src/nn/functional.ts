/** `torch.nn.functional`: the stateless ops behind the layers. */
export { relu, leaky_relu, elu, selu, gelu, silu, mish, tanh, sigmoid, softplus } from "../ops/activations.js";
export { linear } from "../ops/linear.js";
export { flatten } from "../ops/shape.js";
export { log_softmax, nll_loss, cross_entropy, mse_loss, type Reduction } from "../ops/loss.js";
export { add, sub, mul, div, neg, exp, log, pow, sqrt } from "../ops/elementwise.js";
export { sum, mean } from "../ops/reductions.js";
export { matmul } from "../ops/linear.js";
export { reshape, t } from "../ops/shape.js";
