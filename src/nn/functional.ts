/** `torch.nn.functional`: the stateless ops behind the layers. */
export { relu, leaky_relu, elu, selu, gelu, silu, mish, tanh, sigmoid, softplus } from "../ops/activations.js";
export { linear } from "../ops/linear.js";
export { flatten } from "../ops/shape.js";
export { log_softmax, nll_loss, cross_entropy, mse_loss, type Reduction } from "../ops/loss.js";
