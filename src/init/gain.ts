/**
 * `calculate_gain`: the factor that restores unit variance after a nonlinearity
 * (`torch/nn/init.py`). For ReLU, E[relu(x)²] = Var(x)/2, so the gain is √2
 * (He et al. 2015, §2.2); leaky ReLU with slope s passes (1 + s²)/2 of it.
 */
import { ValueError, show } from "../errors/index.js";

export const NONLINEARITIES = [
  "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
  "sigmoid", "tanh", "relu", "leaky_relu", "selu",
] as const;
export type Nonlinearity = (typeof NONLINEARITIES)[number];

/** leaky_relu's default negative slope when `param` is omitted. */
const LEAKY_RELU_DEFAULT_SLOPE = 0.01;

/**
 * | nonlinearity | gain |
 * |---|---|
 * | linear, conv*, sigmoid | 1 |
 * | tanh | 5/3 |
 * | relu | √2 |
 * | leaky_relu | √(2 / (1 + slope²)), slope = param ?? 0.01 |
 * | selu | 3/4 (found empirically, PyTorch PR #50664) |
 *
 * @example calculate_gain("leaky_relu", 0.2) // 1.3867504905630728
 */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "conv3d":
    case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d": case "sigmoid":
      return 1;
    case "tanh":
      return 5.0 / 3;
    case "relu":
      return Math.sqrt(2.0);
    case "leaky_relu": {
      let slope: number;
      if (param === undefined || param === null) slope = LEAKY_RELU_DEFAULT_SLOPE;
      else if (typeof param === "number") slope = param;
      else {
        throw new ValueError(
          `negative_slope ${show(param)} not a valid number. calculate_gain("leaky_relu", param) takes the slope as a number, e.g. 0.2.`,
        );
      }
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case "selu":
      return 3.0 / 4;
    default:
      throw new ValueError(
        `Unsupported nonlinearity ${show(nonlinearity)}. Use one of ${NONLINEARITIES.map((n) => show(n)).join(", ")}.`,
      );
  }
}
