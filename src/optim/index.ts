/**
 * `torch.optim`: SGD, Adam and AdamW with PyTorch's update formulas, rounded as PyTorch's
 * single-tensor (`foreach=False`) CPU implementation rounds, and the learning-rate schedulers.
 *
 * ```ts
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * const sched = new optim.lr_scheduler.CosineAnnealingLR(opt, { T_max: 10 });
 * ```
 */
export { Optimizer, type BaseOptions, type GroupInput, type ParamGroup, type ParamsInput, type Slot } from "./optimizer.js";
export { SGD, type SGDOptions, type SGDState } from "./sgd.js";
export { Adam, type AdamOptions, type AdamState } from "./adam.js";
export { AdamW } from "./adamw.js";
export * as lr_scheduler from "./lr_scheduler/index.js";
