/**
 * `torch.optim.AdamW`: Adam with decoupled weight decay (Loshchilov & Hutter, 2019):
 * θ ← θ(1 − γλ) before the Adam update, instead of adding λθ to the gradient.
 * The only other difference from Adam is the default λ = 1e-2.
 *
 * @example
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weight_decay: 0.01 });
 */
import { Adam, type AdamOptions } from "./adam.js";
import type { ParamsInput } from "./optimizer.js";

/** AdamW's default weight decay (torch/optim/adamw.py). */
const DEFAULT_WEIGHT_DECAY = 1e-2;

export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...options, weight_decay: options.weight_decay ?? DEFAULT_WEIGHT_DECAY });
  }
}
