/**
 * Binary cross-entropy on logits, the loss of the AI-Notes playground (sigmoid output + BCE),
 * in the stable form of `F.binary_cross_entropy_with_logits`:
 *   ℓ(z, y) = max(z, 0) − z·y + log(1 + e^{−|z|}),   ∂ℓ/∂z = σ(z) − y,
 * averaged over the batch. Unlike sigmoid followed by log, it stays finite for huge logits,
 * so a "too large" init reports its real (huge) cost instead of infinity.
 */
import { record } from "../../autograd/node.js";
import { Tensor } from "../../tensor/tensor.js";

export function bceWithLogits(z: Tensor, y: Tensor): Tensor {
  const zd = z.data as Float32Array;
  const yd = y.data as Float32Array;
  const n = zd.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = zd[i]!;
    total += Math.max(v, 0) - v * yd[i]! + Math.log1p(Math.exp(-Math.abs(v)));
  }
  const out = new Tensor([], "float32", Float32Array.of(total / n));
  return record(out, "BinaryCrossEntropyWithLogitsBackward", [z], (g) => {
    const scale = (g.data as Float32Array)[0]! / n;
    const gz = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = zd[i]!;
      const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      gz[i] = (s - yd[i]!) * scale;
    }
    return [new Tensor(z.shape, "float32", gz)];
  });
}
