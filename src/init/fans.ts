/**
 * Fan-in and fan-out of a weight tensor, as `torch.nn.init` counts them: for a weight of
 * shape (out, in, *kernel), fan_in = in · ∏kernel and fan_out = out · ∏kernel.
 */
import { ValueError, show } from "../errors/index.js";
import type { Tensor } from "../tensor/tensor.js";

export type FanMode = "fan_in" | "fan_out";
const FAN_MODES: readonly string[] = ["fan_in", "fan_out"];

/** `_calculate_fan_in_and_fan_out`; throws for tensors with fewer than 2 dimensions. */
export function calculate_fan_in_and_fan_out(tensor: Tensor): [fan_in: number, fan_out: number] {
  if (tensor.dim() < 2) {
    throw new ValueError(
      `Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got shape ${show(tensor.shape)}). Initialise a weight of shape (out, in, ...), or use normal_/uniform_ with an explicit std or bound.`,
    );
  }
  let receptive = 1;
  for (const s of tensor.shape.slice(2)) receptive *= s;
  return [tensor.shape[1]! * receptive, tensor.shape[0]! * receptive];
}

/** `_calculate_correct_fan`: mode is case-insensitive, as PyTorch lower-cases it. */
export function calculateCorrectFan(tensor: Tensor, mode: unknown): number {
  const m = typeof mode === "string" ? mode.toLowerCase() : mode;
  if (typeof m !== "string" || !FAN_MODES.includes(m)) {
    throw new ValueError(`Mode ${show(mode)} not supported, please use one of ['fan_in', 'fan_out'].`);
  }
  const [fanIn, fanOut] = calculate_fan_in_and_fan_out(tensor);
  return m === "fan_in" ? fanIn : fanOut;
}
