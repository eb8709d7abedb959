/** Activation modules: thin wrappers over the functional ops. */
import * as A from "../../ops/activations.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";

export class ReLU extends Module {
  forward(x: Tensor): Tensor { return A.relu(x); }
}
export class LeakyReLU extends Module {
  constructor(readonly negative_slope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return A.leaky_relu(x, this.negative_slope); }
  override extra_repr(): string { return `negative_slope=${this.negative_slope}`; }
}
export class ELU extends Module {
  constructor(readonly alpha = 1.0) { super(); }
  forward(x: Tensor): Tensor { return A.elu(x, this.alpha); }
  override extra_repr(): string { return `alpha=${this.alpha}`; }
}
export class SELU extends Module {
  forward(x: Tensor): Tensor { return A.selu(x); }
}
export class GELU extends Module {
  forward(x: Tensor): Tensor { return A.gelu(x); }
}
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return A.silu(x); }
}
export class Mish extends Module {
  forward(x: Tensor): Tensor { return A.mish(x); }
}
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return A.tanh(x); }
}
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return A.sigmoid(x); }
}
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) { super(); }
  forward(x: Tensor): Tensor { return A.softplus(x, this.beta, this.threshold); }
  override extra_repr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}
