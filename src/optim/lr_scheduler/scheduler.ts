/**
 * `torch.optim.lr_scheduler.LRScheduler`: the epoch counter, the per-group base learning
 * rates, and `step()`, which advances `last_epoch` and writes `get_lr()` into the
 * optimiser's groups (torch/optim/lr_scheduler.py).
 *
 * Subclasses set their own fields and then call `initialStep()` at the end of their
 * constructor (PyTorch sets them before `super().__init__`, which JavaScript forbids).
 */
import { ArgumentTypeError, ValueError, show } from "../../errors/index.js";
import { warnOnce } from "../../init/warn.js";
import { Optimizer, type BaseOptions } from "../optimizer.js";

/** Any optimiser, whatever its options and state. */
export type AnyOptimizer = Optimizer<BaseOptions, object>;

const ORDER_WARNING =
  "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

export abstract class LRScheduler {
  readonly optimizer: AnyOptimizer;
  /** Each group's `initial_lr`, the rate the schedule starts from. */
  readonly base_lrs: number[];
  /** Steps taken so far; -1 before the constructor's initial step, 0 right after it. */
  last_epoch = -1;
  /** Calls of `step()`, the constructor's included (PyTorch's `_step_count`). */
  protected step_count = 0;
  /** True only during the constructor's step (PyTorch 2.x `_is_initial`). */
  protected is_initial = false;
  #lastLr: number[] = [];
  #inStep = false;

  constructor(optimizer: AnyOptimizer) {
    if (!(optimizer instanceof Optimizer)) {
      const name = (optimizer as object | null)?.constructor?.name ?? typeof optimizer;
      throw new ArgumentTypeError(`${name} is not an Optimizer. Pass an optimiser, e.g. new optim.SGD(params, { lr: 0.1 }).`);
    }
    this.optimizer = optimizer;
    for (const group of optimizer.param_groups) {
      if (group.initial_lr === undefined) group.initial_lr = group.lr; // group.setdefault('initial_lr', lr)
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr!);
  }

  /** The rates for the current `last_epoch`, one per group, from the groups' current rates. */
  protected abstract computeLr(): number[];

  /** Runs PyTorch's initial `step()`: `last_epoch` becomes 0 and the rates are left as they are. */
  protected initialStep(): void {
    this.step_count = 0;
    this.is_initial = true;
    try {
      this.step();
    } finally {
      this.is_initial = false;
    }
  }

  /**
   * Like PyTorch's `get_lr()`: the rates `step()` would write now. Call `get_last_lr()` to
   * read the current rates; calling this outside `step()` warns, as in PyTorch.
   */
  get_lr(): number[] {
    if (!this.#inStep) warnOnce("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.");
    return this.computeLr();
  }

  /** The rates the last `step()` set, one per parameter group. */
  get_last_lr(): number[] {
    return this.#lastLr.slice();
  }

  /** Advances one epoch and sets each group's `lr`. Call it after `optimizer.step()`. */
  step(): void {
    if (this.step_count === 1 && !this.optimizer._opt_called) warnOnce(ORDER_WARNING);
    this.step_count++;
    this.#inStep = true;
    try {
      this.last_epoch++;
      const values = this.get_lr();
      this.optimizer.param_groups.forEach((g, i) => (g.lr = values[i]!));
    } finally {
      this.#inStep = false;
    }
    this.#lastLr = this.optimizer.param_groups.map((g) => g.lr);
  }
}

/** Throws unless `value` is a finite number (and positive when asked). */
export function checkScheduleNumber(value: unknown, name: string, where: string, positive = false): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ArgumentTypeError(`${where}: ${name} must be a finite number, got ${show(value)}.`);
  }
  if (positive && !(value > 0)) {
    throw new ValueError(`${where}: ${name} must be > 0, got ${show(value)} (PyTorch would divide by zero on a later step).`);
  }
  return value;
}
