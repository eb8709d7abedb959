/** `nn.Dropout`. The mask comes from the global generator; see src/ops/dropout.ts for how it matches PyTorch's. */
import { ValueError, show } from "../../errors/index.js";
import { dropout } from "../../ops/dropout.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";
import { pyFloat } from "./conv.js";

/**
 * In training, zeroes each element with probability p and scales the rest by 1/(1 − p);
 * in eval (`.eval()`) it is the identity.
 * @example new nn.Dropout(0.2)
 */
export class Dropout extends Module {
  readonly p: number;

  constructor(p = 0.5) {
    super();
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new ValueError(`Dropout: dropout probability has to be between 0 and 1, but got ${show(p)}.`);
    }
    this.p = p;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }

  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
