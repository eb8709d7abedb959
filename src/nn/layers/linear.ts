/** `nn.Linear`, `nn.Identity` and `nn.Flatten`. */
import { linear } from "../../ops/linear.js";
import { flatten } from "../../ops/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { calculate_fan_in_and_fan_out } from "../../init/fans.js";
import { kaiming_uniform_, } from "../../init/variance.js";
import { uniform_ } from "../../init/fill.js";
import { no_grad } from "../../autograd/grad-mode.js";
import { Module } from "../module.js";
import { Parameter, parameterTensor } from "../parameter.js";
import { checkFeatures } from "./checks.js";

/**
 * y = x·Wᵀ + b with W of shape (out_features, in_features). Default init as PyTorch's
 * `reset_parameters`: W ~ kaiming_uniform_(a = √5), i.e. U(±1/√in), then b ~ U(±1/√in),
 * drawn in that order from the global generator.
 */
export class Linear<Bias extends boolean = true> extends Module {
  readonly in_features: number;
  readonly out_features: number;
  weight: Parameter;
  /** Typed from the constructor's `bias` option, so `nn.init.zeros_(fc.bias)` type-checks as in PyTorch. */
  bias: Bias extends false ? null : Parameter;

  constructor(in_features: number, out_features: number, options: { bias?: Bias } = {}) {
    super();
    checkFeatures("Linear", { in_features, out_features });
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = new Parameter(parameterTensor([out_features, in_features]));
    this.bias = (options.bias === false ? null : new Parameter(parameterTensor([out_features]))) as Bias extends false ? null : Parameter;
    this.reset_parameters();
  }

  reset_parameters(): void {
    no_grad(() => {
      kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
      if (this.bias !== null) {
        const [fanIn] = calculate_fan_in_and_fan_out(this.weight);
        const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        uniform_(this.bias, { a: -bound, b: bound });
      }
    });
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias as Parameter | null, this.toString());
  }

  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? "True" : "False"}`;
  }
}

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** Flattens dims start_dim..end_dim (default 1..−1, keeping the batch). */
export class Flatten extends Module {
  constructor(readonly start_dim = 1, readonly end_dim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.start_dim, this.end_dim);
  }

  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}
