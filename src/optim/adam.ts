/**
 * `torch.optim.Adam` (Kingma & Ba, 2015, Algorithm 1), optionally AMSGrad (Reddi et al.,
 * 2018), as PyTorch's `_single_tensor_adam` computes it:
 *
 *   t ← t + 1 (a float32 counter);  g ← ∇θ (negated if maximize)
 *   θ ← θ(1 − γλ) if decoupled (AdamW), else g ← g + λθ       (if λ ≠ 0)
 *   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
 *   v̂ ← max(v̂, v) if amsgrad, else v̂ = v
 *   θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
 *
 * The bias corrections are Python floats (binary64); every tensor op rounds to the
 * parameter's dtype. PyTorch 1.13 updates m as `m.mul_(β₁).add_(g, alpha=1 − β₁)`;
 * 2.x as `m.lerp_(g, 1 − β₁)`, which rounds differently, so the version switch picks.
 *
 * @example
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 */
import { get_pytorch_version } from "../compat.js";
import { kernels } from "../kernels/index.js";
import { allocateLongLived } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { checkBetas, checkEps, checkLr, checkWeightDecay, requireBoolean, requireNumber } from "./checks.js";
import { Optimizer, type ParamGroup, type ParamsInput, type Slot } from "./optimizer.js";
import { add, addcdiv, addScalar, addcmul, divScalar, emptyLike, lerpScalar, maximum, mulScalar, neg, precisionOf, sqrt } from "./pointwise.js";
import { powWhole } from "./pow.js";

export interface AdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Decay rates [β₁, β₂] of the moment estimates (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay λ: an L2 penalty for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weight_decay: number;
  /** Use the running maximum of v (AMSGrad) (default false). */
  amsgrad: boolean;
  /** Ascend the objective instead of descending (default false). */
  maximize: boolean;
}

export interface AdamState {
  /** Steps taken, a 0-dim float32 tensor as in PyTorch (it stops counting at 2^24). */
  step: Tensor;
  /** First moment m. */
  exp_avg: Tensor;
  /** Second moment v. */
  exp_avg_sq: Tensor;
  /** Running maximum of v, with amsgrad only. */
  max_exp_avg_sq?: Tensor;
}

function checkAdam(o: AdamOptions, where: string): void {
  requireNumber(o.lr, "lr", where);
  requireNumber(o.eps, "eps", where);
  requireNumber(o.weight_decay, "weight_decay", where);
  requireBoolean(o.amsgrad, "amsgrad", where);
  requireBoolean(o.maximize, "maximize", where);
  checkLr(o.lr, !(0 <= o.lr));
  checkEps(o.eps);
  checkBetas(o.betas, where);
  checkWeightDecay(o.weight_decay, !(0 <= o.weight_decay));
}

export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** AdamW applies weight decay to θ directly instead of adding it to the gradient. */
  protected readonly decoupled: boolean = false;

  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    const defaults: AdamOptions = {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weight_decay: options.weight_decay ?? 0,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    };
    checkAdam(defaults, new.target.name);
    super(params, defaults);
  }

  protected checkOptions(options: AdamOptions): void {
    checkAdam(options, this.constructor.name);
  }

  protected updateGroup(group: ParamGroup<AdamOptions>, slots: Slot[]): void {
    const { lr, betas, eps, weight_decay, amsgrad, maximize } = group;
    const [beta1, beta2] = betas;
    const lerpFirstMoment = get_pytorch_version() !== "1.13";
    for (const { param, data, grad, dtype } of slots) {
      const P = precisionOf(dtype);
      // The moments live as long as the optimiser: long-lived storage, which the wasm kernels reach in place.
      const moment = () => new Tensor(param.shape, dtype, allocateLongLived(dtype, data.length));
      const state = this.stateOf(param, () => ({
        step: new Tensor([], "float32", new Float32Array(1)),
        exp_avg: moment(),
        exp_avg_sq: moment(),
      }));
      if (amsgrad) state.max_exp_avg_sq ??= moment();
      const m = state.exp_avg.data as typeof data;
      const v = state.exp_avg_sq.data as typeof data;

      const stepData = state.step.data as Float32Array;
      stepData[0] = stepData[0]! + 1; // float32 `step_t += 1`
      const step = stepData[0]!;
      const biasCorrection1 = 1 - powWhole(beta1, step);
      const biasCorrection2 = 1 - powWhole(beta2, step);
      const stepSize = lr / biasCorrection1;
      // 1.13 takes math.sqrt, 2.x `** 0.5`; they differ only next to 1, where both round to 1.0f.
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);

      const fused = dtype === "float32" ? kernels().adam32 : undefined;
      if (fused) {
        const vmax = amsgrad ? (state.max_exp_avg_sq!.data as Float32Array) : null;
        const { flags, scalars } = fusedArguments(group, lerpFirstMoment, this.decoupled, biasCorrection2Sqrt, stepSize);
        fused(data as Float32Array, grad as Float32Array, m as Float32Array, v as Float32Array, vmax, flags, scalars);
        continue;
      }

      let g = grad; // out-of-place ops below leave param.grad untouched, as in PyTorch
      if (maximize) g = neg(emptyLike(g), g);

      if (weight_decay !== 0) {
        if (this.decoupled) {
          mulScalar(P, data, data, 1 - lr * weight_decay);
        } else {
          g = add(P, emptyLike(g), g, data, weight_decay); // grad.add(param, alpha=wd)
        }
      }

      if (lerpFirstMoment) {
        lerpScalar(P, m, m, g, 1 - beta1);
      } else {
        mulScalar(P, m, m, beta1);
        add(P, m, m, g, 1 - beta1);
      }
      mulScalar(P, v, v, beta2);
      addcmul(P, v, v, g, g, 1 - beta2);

      let second = v;
      if (amsgrad) {
        const vmax = state.max_exp_avg_sq!.data as typeof data;
        maximum(vmax, vmax, v);
        second = vmax;
      }
      // denom = (v̂.sqrt() / bias_correction2_sqrt).add_(eps): three ops, three roundings
      const denom = sqrt(emptyLike(data), second);
      divScalar(P, denom, denom, biasCorrection2Sqrt);
      addScalar(P, denom, denom, eps);
      addcdiv(P, data, data, m, denom, -stepSize); // param.addcdiv_(m, denom, value=-step_size)
    }
  }
}

/** Flag bits of the fused kernel (assembly/adam.ts). */
const MAXIMIZE = 1;
const WEIGHT_DECAY = 2;
const DECOUPLED = 4;
const AMSGRAD = 8;
const LERP = 16;
const LERP_SMALL = 32;

/**
 * The fused kernel's flags and binary32 scalars for one step of a float32 parameter: each
 * scalar rounded exactly as the pointwise op that takes it rounds it (src/optim/pointwise.ts).
 */
function fusedArguments(
  group: AdamOptions, lerpFirstMoment: boolean, decoupled: boolean, biasCorrection2Sqrt: number, stepSize: number,
): { flags: number; scalars: Float32Array } {
  const { lr, betas, eps, weight_decay, amsgrad, maximize } = group;
  const [beta1, beta2] = betas;
  const f = Math.fround;
  let flags = (maximize ? MAXIMIZE : 0) | (amsgrad ? AMSGRAD : 0);
  if (weight_decay !== 0) flags |= decoupled ? DECOUPLED : WEIGHT_DECAY;
  let w: number;
  let w1: number;
  if (lerpFirstMoment) {
    // lerp_(g, 1 − β1): fma(w, g − m, m) for |w| < ½, else fma(w − 1, g − m, g)
    flags |= LERP;
    w = f(1 - beta1);
    w1 = f(w - 1);
    if (Math.abs(w) < 0.5) flags |= LERP_SMALL;
  } else {
    // mul_(β1), add_(g, alpha=1 − β1)
    w = f(beta1);
    w1 = f(1 - beta1);
  }
  const scalars = Float32Array.of(w, w1, f(beta2), f(1 - beta2), f(weight_decay), f(1 - lr * weight_decay), f(biasCorrection2Sqrt), f(eps), f(-stepSize));
  return { flags, scalars };
}