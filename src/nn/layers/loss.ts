/** Loss modules. */
import * as L from "../../ops/loss.js";
import type { Tensor } from "../../tensor/tensor.js";
import { ValueError, show } from "../../errors/index.js";
import { Module } from "../module.js";

const REDUCTIONS = ["mean", "sum", "none"];

abstract class Loss extends Module {
  readonly reduction: L.Reduction;
  constructor(options: { reduction?: L.Reduction } = {}) {
    super();
    const r = options.reduction ?? "mean";
    if (!REDUCTIONS.includes(r)) throw new ValueError(`${new.target.name}: reduction=${show(r)} is not valid; use "mean", "sum" or "none".`);
    this.reduction = r;
  }
}

export class CrossEntropyLoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return L.cross_entropy(input, target, this.reduction); }
}
export class NLLLoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return L.nll_loss(input, target, this.reduction); }
}
export class MSELoss extends Loss {
  forward(input: Tensor, target: Tensor): Tensor { return L.mse_loss(input, target, this.reduction); }
}
