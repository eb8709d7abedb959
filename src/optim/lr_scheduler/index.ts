/** `torch.optim.lr_scheduler`: learning-rate schedules that update an optimiser's groups. */
export { LRScheduler, type AnyOptimizer } from "./scheduler.js";
export { StepLR, type StepLROptions } from "./step-lr.js";
export { CosineAnnealingLR, type CosineAnnealingLROptions } from "./cosine-annealing-lr.js";
