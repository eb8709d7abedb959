/**
 * `torch.optim.SGD`, stochastic gradient descent with optional momentum, Nesterov momentum,
 * L2 weight decay and maximisation (torch/optim/sgd.py, `_single_tensor_sgd`):
 *
 *   g ← ∇θ (negated if maximize);  g ← g + λθ if λ ≠ 0
 *   b ← g on the first step, else b ← μb + (1 − τ)g          (if μ ≠ 0)
 *   g ← g + μb if nesterov, else g ← b                       (if μ ≠ 0)
 *   θ ← θ − γg
 *
 * with γ = lr, μ = momentum, τ = dampening, λ = weight_decay. Each arrow is one PyTorch
 * tensor op, rounded as that op rounds (see ./pointwise.ts).
 *
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 */
import { get_pytorch_version } from "../compat.js";
import { ValueError } from "../errors/index.js";
import { kernels } from "../kernels/index.js";
import { Tensor } from "../tensor/tensor.js";
import { allocateLongLived } from "../tensor/dtype.js";
import { checkLr, checkMomentum, checkWeightDecay, requireBoolean, requireNumber } from "./checks.js";
import { Optimizer, type ParamGroup, type ParamsInput, type Slot } from "./optimizer.js";
import { add, emptyLike, mulScalar, neg, precisionOf, type FloatData } from "./pointwise.js";

export interface SGDOptions {
  /** Learning rate γ. PyTorch 2.x defaults it to 1e-3; PyTorch 1.13 requires it. */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum: number;
  /** Dampening τ for momentum (default 0). */
  dampening: number;
  /** L2 penalty λ, added to the gradient (default 0). */
  weight_decay: number;
  /** Nesterov momentum; needs momentum > 0 and dampening = 0 (default false). */
  nesterov: boolean;
  /** Ascend the objective instead of descending (default false). */
  maximize: boolean;
}

export interface SGDState {
  /** The momentum buffer b; null until the first step (PyTorch 1.13 also stores null when μ = 0). */
  momentum_buffer: Tensor | null;
}

/** Flag bits of the fused kernel (assembly/sgd.ts). */
const MAXIMIZE = 1;
const WEIGHT_DECAY = 2;
const MOMENTUM = 4;
const FIRST = 8;
const NESTEROV = 16;

/** PyTorch 2.x's default learning rate for SGD (torch/optim/sgd.py). */
const DEFAULT_LR = 1e-3;

function checkSGD(o: SGDOptions): void {
  requireNumber(o.lr, "lr", "SGD");
  for (const k of ["momentum", "dampening", "weight_decay"] as const) requireNumber(o[k], k, "SGD");
  requireBoolean(o.nesterov, "nesterov", "SGD");
  requireBoolean(o.maximize, "maximize", "SGD");
  checkLr(o.lr, o.lr < 0);
  checkMomentum(o.momentum);
  checkWeightDecay(o.weight_decay, o.weight_decay < 0);
  if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
    throw new ValueError(
      `Nesterov momentum requires a momentum and zero dampening (got momentum=${o.momentum}, dampening=${o.dampening}). Set momentum > 0 and dampening: 0, or nesterov: false.`,
    );
  }
}

export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> = {}) {
    // PyTorch 1.13 has no default lr (`lr=required`): each group must then set one.
    const lrRequired = options.lr === undefined && get_pytorch_version() === "1.13";
    const defaults: SGDOptions = {
      lr: options.lr ?? DEFAULT_LR,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weight_decay: options.weight_decay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    };
    if (!lrRequired) {
      checkSGD(defaults);
      super(params, defaults);
    } else {
      checkSGD({ ...defaults, lr: 0 });
      super(params, { ...defaults, lr: undefined as unknown as number }, ["lr"]);
    }
  }

  protected checkOptions(options: SGDOptions): void {
    checkSGD(options);
  }

  protected updateGroup(group: ParamGroup<SGDOptions>, slots: Slot[]): void {
    const { lr, momentum, dampening, weight_decay, nesterov, maximize } = group;
    // Plain SGD is one fmaAxpy either way; with any option, float32 takes the fused kernel if the backend has one.
    const fused = momentum !== 0 || weight_decay !== 0 || maximize ? kernels().sgd32 : undefined;
    for (const { param, data, grad, dtype } of slots) {
      if (fused && dtype === "float32") {
        let buf: Float32Array | null = null;
        let first = false;
        if (momentum !== 0) {
          const state = this.stateOf(param, () => ({ momentum_buffer: null }));
          first = state.momentum_buffer === null;
          // torch.clone(grad).detach() on the first step: the kernel writes it.
          state.momentum_buffer ??= new Tensor(param.shape, dtype, allocateLongLived(dtype, grad.length));
          buf = state.momentum_buffer.data as Float32Array;
        } else if (get_pytorch_version() === "1.13") {
          this.stateOf(param, () => ({ momentum_buffer: null })); // as below
        }
        const flags = (maximize ? MAXIMIZE : 0) | (weight_decay !== 0 ? WEIGHT_DECAY : 0)
          | (momentum !== 0 ? MOMENTUM : 0) | (first ? FIRST : 0) | (nesterov ? NESTEROV : 0);
        const f = Math.fround;
        fused(data as Float32Array, grad as Float32Array, buf, flags, Float32Array.of(f(weight_decay), f(momentum), f(1 - dampening), f(-lr)));
        continue;
      }
      const P = precisionOf(dtype);
      let g = grad; // out-of-place ops below leave param.grad untouched, as in PyTorch
      if (maximize) g = neg(emptyLike(g), g);
      if (weight_decay !== 0) g = add(P, emptyLike(g), g, data, weight_decay); // grad.add(param, alpha=wd)
      if (momentum !== 0) {
        const state = this.stateOf(param, () => ({ momentum_buffer: null }));
        if (state.momentum_buffer === null) {
          // torch.clone(grad).detach(), in storage that lives with the optimizer (maybe resident).
          const buf = allocateLongLived(dtype, g.length);
          buf.set(g);
          state.momentum_buffer = new Tensor(param.shape, dtype, buf);
        } else {
          const b = state.momentum_buffer.data as FloatData;
          mulScalar(P, b, b, momentum); // buf.mul_(momentum)
          add(P, b, b, g, 1 - dampening); //    .add_(grad, alpha=1 - dampening)
        }
        const b = state.momentum_buffer.data as FloatData;
        g = nesterov ? add(P, emptyLike(g), g, b, momentum) : b;
      } else if (get_pytorch_version() === "1.13") {
        this.stateOf(param, () => ({ momentum_buffer: null })); // 1.13 records the (absent) buffer too
      }
      add(P, data, data, g, -lr);
    }
  }
}
