/**
 * Finite-difference gradient check for the float32 ops.
 *
 * The scalar probed is L(inputs) = Σ_j R_j·y_j for a fixed pseudo-random R (so one backward
 * gives the whole vector–Jacobian product), summed in binary64 from the float32 outputs.
 * Each input element is moved to x± = fround(x ± h) and the central difference is taken
 * over the step actually made: (L(x⁺) − L(x⁻)) / (x⁺ − x⁻).
 *
 * Tolerance for float32: the outputs carry relative rounding error 2^−24 ≈ 6e−8, so the
 * difference quotient has an absolute noise of about 6e−8·Σ_j |R_j·y_j| / (2h) over the
 * outputs that depend on the element; with h = 1e−2 and the small tensors used here that is
 * around 1e−4. Truncation error is h²/6·|L'''|: zero for the (piecewise) linear ops (conv,
 * pooling, embedding, dropout), about 1e−5 for the normalisations. Hence the default
 * |numerical − analytical| ≤ atol + rtol·|numerical| with atol = 1e−3, rtol = 1e−2; a wrong
 * backward (a missing term, a wrong index) is off by O(1).
 */
import { no_grad } from "../../src/autograd/grad-mode.js";
import { Tensor } from "../../src/tensor/tensor.js";

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-2). */
  eps?: number;
  atol?: number;
  rtol?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest |numerical − analytical| seen. */
  maxAbsErr: number;
  checked: number;
  message: string;
}

/** A fixed projection vector in [−1, 1) (a small LCG, so the global generator is untouched). */
function projection(n: number): Float32Array {
  const r = new Float32Array(n);
  let s = 0x2545f491;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    r[i] = (s >>> 8) / 2 ** 23 - 1;
  }
  return r;
}

function project(y: Tensor, r: Float32Array): number {
  const d = y.data as Float32Array;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]! * r[i]!;
  return s;
}

/**
 * Checks the gradients of `fn` with respect to every input that has requires_grad.
 * `fn` must be deterministic (reseed inside it if it draws random numbers).
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const h = options.eps ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const rtol = options.rtol ?? 1e-2;
  for (const t of inputs) t.grad = null;
  const y = fn(...inputs);
  const r = projection(y.numel());
  y.backward(new Tensor(y.shape, "float32", r.slice()));

  let maxAbsErr = 0;
  let checked = 0;
  for (const [k, t] of inputs.entries()) {
    if (!t.requires_grad) continue;
    const data = t.data as Float32Array;
    const grad = t.grad?.data as Float32Array | undefined;
    for (let i = 0; i < data.length; i++) {
      const x = data[i]!;
      const xp = Math.fround(x + h);
      const xm = Math.fround(x - h);
      data[i] = xp;
      const lp = no_grad(() => project(fn(...inputs), r));
      data[i] = xm;
      const lm = no_grad(() => project(fn(...inputs), r));
      data[i] = x;
      const num = (lp - lm) / (xp - xm);
      const ana = grad ? grad[i]! : 0;
      const err = Math.abs(num - ana);
      maxAbsErr = Math.max(maxAbsErr, err);
      checked++;
      if (!(err <= atol + rtol * Math.abs(num))) {
        return {
          ok: false, maxAbsErr, checked,
          message: `input ${k} (shape [${t.shape.join(", ")}]) element ${i}: numerical ${num}, analytical ${ana}, |diff| ${err} > ${atol} + ${rtol}·|numerical|`,
        };
      }
    }
  }
  return { ok: true, maxAbsErr, checked, message: "" };
}
