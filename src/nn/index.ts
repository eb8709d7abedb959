/** `torch.nn`: for now the `init` namespace; modules arrive with the nn issue. */
export * as init from "../init/index.js";
