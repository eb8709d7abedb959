/**
 * `torch.optim.lr_scheduler.CosineAnnealingLR` (SGDR, Loshchilov & Hutter, 2017, without
 * restarts): the rate follows
 *
 *   η_t = η_min + (η_0 − η_min) · (1 + cos(π t / T_max)) / 2,
 *
 * computed PyTorch's chainable way, each rate from the previous one:
 *
 *   η_t = η_min + (η_{t−1} − η_min) · (1 + cos(π t / T_max)) / (1 + cos(π (t−1) / T_max)),
 *
 * except where that ratio is 0/0 (t − 1 − T_max a multiple of 2·T_max), where PyTorch adds
 * (η_0 − η_min)(1 − cos(π / T_max)) / 2 instead. Past T_max the rate climbs back up
 * (the cosine continues). `cos` is glibc's, bit for bit, as Python's `math.cos` is.
 *
 * @example
 * const sched = new optim.lr_scheduler.CosineAnnealingLR(opt, { T_max: 100, eta_min: 1e-5 });
 */
import { cos } from "../../math/libm64.js";
import { LRScheduler, checkScheduleNumber, type AnyOptimizer } from "./scheduler.js";

export interface CosineAnnealingLROptions {
  /** Half-period of the cosine, in epochs. */
  T_max: number;
  /** The lowest rate η_min (default 0). */
  eta_min?: number;
}

export class CosineAnnealingLR extends LRScheduler {
  readonly T_max: number;
  readonly eta_min: number;

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingLROptions) {
    super(optimizer);
    this.T_max = checkScheduleNumber(options?.T_max, "T_max", "CosineAnnealingLR", true);
    this.eta_min = checkScheduleNumber(options.eta_min ?? 0, "eta_min", "CosineAnnealingLR");
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { T_max, eta_min, last_epoch } = this;
    const groups = this.optimizer.param_groups;
    if (this.is_initial) return groups.map((g) => g.lr);
    if ((last_epoch - 1 - T_max) % (2 * T_max) === 0) {
      return groups.map((g, i) => g.lr + ((this.base_lrs[i]! - eta_min) * (1 - cos(Math.PI / T_max))) / 2);
    }
    const ratio = (1 + cos((Math.PI * last_epoch) / T_max)) / (1 + cos((Math.PI * (last_epoch - 1)) / T_max));
    return groups.map((g) => ratio * (g.lr - eta_min) + eta_min);
  }
}
