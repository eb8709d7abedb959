/**
 * A node of the autograd graph: the operation that produced a tensor, its inputs, and the
 * local backward rule mapping the output's gradient to each input's gradient
 * (vector–Jacobian product). Ops create nodes through `record`.
 */
import { is_grad_enabled } from "./grad-mode.js";
import type { Tensor } from "../tensor/tensor.js";

export interface GradNode {
  readonly name: string;
  readonly inputs: readonly (Tensor | null)[];
  /** Gradients of the inputs, in order; null where an input needs none. */
  backward(gradOutput: Tensor): (Tensor | null)[];
  /** Set once backward has run through this node, unless the graph is retained. */
  released: boolean;
}

/** True when an op on these inputs must be recorded. */
export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  if (!is_grad_enabled()) return false;
  for (const t of inputs) if (t?.requires_grad) return true;
  return false;
}

/**
 * Attaches the backward rule to `out` when any input requires grad (and grad mode is on).
 * `backward` receives dL/d(out) and returns dL/d(input) for each input.
 */
export function record<T extends Tensor>(
  out: T,
  name: string,
  inputs: (Tensor | null)[],
  backward: (gradOutput: Tensor) => (Tensor | null)[],
): T {
  if (!needsGrad(...inputs)) return out;
  out.requires_grad = true;
  out.grad_fn = { name, inputs, backward, released: false };
  return out;
}
