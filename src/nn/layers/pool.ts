/** `nn.MaxPool2d` and `nn.AvgPool2d`: thin modules over the functional pooling ops. */
import { avg_pool2d, max_pool2d } from "../../ops/pool.js";
import type { IntOrTuple } from "../../ops/conv.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Module, expectShape } from "../module.js";
import { pyBool, pyIntOrTuple } from "./conv.js";

function checkPoolInput(layer: Module, x: Tensor): void {
  if ((x.dim() !== 3 && x.dim() !== 4) || x.numel() === 0) expectShape(layer, "input", "(N, C, H, W) or (C, H, W), non-empty", x.shape);
}

export interface MaxPool2dModuleOptions {
  /** Default: kernel_size. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceil_mode?: boolean;
}

/**
 * Max over kH×kW windows; ties go to the first maximum (PyTorch's CPU kernel).
 * @example new nn.MaxPool2d(2)          // stride 2
 */
export class MaxPool2d extends Module {
  readonly kernel_size: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly dilation: IntOrTuple;
  readonly ceil_mode: boolean;

  constructor(kernel_size: IntOrTuple, options: MaxPool2dModuleOptions = {}) {
    super();
    this.kernel_size = kernel_size;
    this.stride = options.stride ?? kernel_size;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceil_mode = options.ceil_mode ?? false;
  }

  forward(x: Tensor): Tensor {
    checkPoolInput(this, x);
    return max_pool2d(x, this.kernel_size, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceil_mode: this.ceil_mode });
  }

  override extra_repr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernel_size)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}, dilation=${pyIntOrTuple(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export interface AvgPool2dModuleOptions {
  /** Default: kernel_size. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceil_mode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/**
 * Mean over kH×kW windows.
 * @example new nn.AvgPool2d(3, { stride: 2, padding: 1 })
 */
export class AvgPool2d extends Module {
  readonly kernel_size: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;

  constructor(kernel_size: IntOrTuple, options: AvgPool2dModuleOptions = {}) {
    super();
    this.kernel_size = kernel_size;
    this.stride = options.stride ?? kernel_size;
    this.padding = options.padding ?? 0;
    this.ceil_mode = options.ceil_mode ?? false;
    this.count_include_pad = options.count_include_pad ?? true;
    this.divisor_override = options.divisor_override ?? null;
  }

  forward(x: Tensor): Tensor {
    checkPoolInput(this, x);
    return avg_pool2d(x, this.kernel_size, {
      stride: this.stride, padding: this.padding, ceil_mode: this.ceil_mode,
      count_include_pad: this.count_include_pad, divisor_override: this.divisor_override,
    });
  }

  override extra_repr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernel_size)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}
