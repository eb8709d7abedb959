/**
 * `torch.nn.init`, function for function. Every initialiser fills its tensor in place and
 * returns it; PyTorch's keyword arguments are the keys of a trailing options object.
 */
export { calculate_gain, NONLINEARITIES, type Nonlinearity } from "./gain.js";
export { calculate_fan_in_and_fan_out, type FanMode } from "./fans.js";
export {
  uniform_, normal_, constant_, ones_, zeros_, eye_, dirac_,
  type UniformOptions, type NormalOptions, type DiracOptions,
} from "./fill.js";
export {
  xavier_uniform_, xavier_normal_, kaiming_uniform_, kaiming_normal_,
  type XavierOptions, type KaimingOptions,
} from "./variance.js";
export { trunc_normal_, type TruncNormalOptions } from "./trunc-normal.js";
export { orthogonal_, type OrthogonalOptions } from "./orthogonal.js";
export { sparse_, type SparseOptions } from "./sparse.js";
