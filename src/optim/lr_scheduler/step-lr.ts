/**
 * `torch.optim.lr_scheduler.StepLR`: multiplies each group's rate by γ every `step_size`
 * epochs, lr_t = lr_0 · γ^⌊t / step_size⌋. Computed PyTorch's chainable way, from the
 * group's current rate (`group['lr'] * gamma`), so it composes with other schedulers and
 * gives the same binary64 products as PyTorch.
 *
 * @example
 * const sched = new optim.lr_scheduler.StepLR(opt, { step_size: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 */
import { LRScheduler, checkScheduleNumber, type AnyOptimizer } from "./scheduler.js";

export interface StepLROptions {
  /** Epochs between decays. */
  step_size: number;
  /** Decay factor γ (default 0.1). */
  gamma?: number;
}

export class StepLR extends LRScheduler {
  readonly step_size: number;
  readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options: StepLROptions) {
    super(optimizer);
    this.step_size = checkScheduleNumber(options?.step_size, "step_size", "StepLR", true);
    this.gamma = checkScheduleNumber(options.gamma ?? 0.1, "gamma", "StepLR");
    this.initialStep();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
}
