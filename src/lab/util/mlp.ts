/**
 * The lab's networks: a plain MLP of `nn.Linear` layers built in PyTorch's order (every
 * layer's default init is drawn at construction, then an init scheme overwrites it, as a
 * PyTorch user's `for m in model.modules(): init(m.weight)` loop does), plus a traced
 * forward pass that keeps each layer's pre-activation and, on request, the gradient that
 * backward sends through it (∂C/∂s in Glorot & Bengio's notation).
 */
import { record } from "../../autograd/node.js";
import { no_grad } from "../../autograd/grad-mode.js";
import * as init from "../../init/index.js";
import { ModuleList } from "../../nn/containers.js";
import { Linear } from "../../nn/layers/linear.js";
import { Module } from "../../nn/module.js";
import type { Parameter } from "../../nn/parameter.js";
import { relu, sigmoid, tanh } from "../../ops/activations.js";
import { cross_entropy } from "../../ops/loss.js";
import { Tensor } from "../../tensor/tensor.js";
import type { PerLayer } from "../types.js";
import type { Tick } from "./progress.js";
import { fraction, norm, std } from "./stats.js";

export type Activation = "relu" | "tanh" | "sigmoid" | "identity";

const ACTIVATIONS: Record<Activation, (x: Tensor) => Tensor> = {
  relu, tanh, sigmoid, identity: (x) => x,
};

/**
 * How one layer is initialised: a label for the results, what to do with the weight, and the
 * bias: "zeros", or "default" to keep PyTorch's U(±1/√fan_in) bias from `reset_parameters`.
 */
export interface InitSpec {
  label: string;
  weight: ((w: Parameter) => void) | "default";
  bias: "zeros" | "default" | ((b: Parameter) => void);
}

/** The schemes the studies compare, by the PyTorch call that produces them. */
export const INITS = {
  zeros: { label: "zeros_", weight: (w) => init.zeros_(w), bias: "zeros" },
  constant: (c: number): InitSpec => ({ label: `constant_(${c})`, weight: (w) => init.constant_(w, c), bias: "zeros" }),
  zerosDefaultBias: { label: "zeros_ weights, default bias", weight: (w) => init.zeros_(w), bias: "default" },
  default: { label: "default (nn.Linear)", weight: "default", bias: "default" },
  defaultZeroBias: { label: "default (nn.Linear), zero bias", weight: "default", bias: "zeros" },
  kaimingNormal: {
    label: "kaiming_normal_", weight: (w) => init.kaiming_normal_(w, { mode: "fan_in", nonlinearity: "relu" }), bias: "zeros",
  },
  xavierNormal: { label: "xavier_normal_", weight: (w) => init.xavier_normal_(w), bias: "zeros" },
  xavierUniform: { label: "xavier_uniform_", weight: (w) => init.xavier_uniform_(w), bias: "zeros" },
  orthogonalRelu: { label: "orthogonal_(gain=√2)", weight: (w) => init.orthogonal_(w, { gain: Math.SQRT2 }), bias: "zeros" },
  normal: (std: number): InitSpec => ({ label: `normal_(0, ${std})`, weight: (w) => init.normal_(w, { mean: 0, std }), bias: "zeros" }),
} satisfies Record<string, InitSpec | ((...a: never[]) => InitSpec)>;

export interface Trace {
  /** The network's output: the last layer's pre-activation, or its activation with activateLast. */
  output: Tensor;
  /** s_l = W_l·a_{l−1} + b_l for each layer. */
  pre: Tensor[];
  /** a_l = f(s_l); the last layer's is f(s_L) only with activateLast, else s_L itself. */
  post: Tensor[];
  /** ∂C/∂s_l, filled in by backward when the trace was taken with `tapGrads`. */
  preGrad: (Tensor | null)[];
}

/** An identity op whose backward hands the incoming gradient to `sink`. */
function tap(x: Tensor, sink: (g: Tensor) => void): Tensor {
  const out = new Tensor(x.shape, x.dtype, x.data);
  return record(out, "TapBackward", [x], (g) => {
    sink(g);
    return [g];
  });
}

/** sizes = [784, 256, …, 10]: Linear(sizes[i], sizes[i+1]) followed by the activation. */
export class MLP extends Module {
  readonly layers: ModuleList;

  constructor(
    readonly sizes: readonly number[],
    readonly activation: Activation,
    /** Apply the activation after the last layer too (default false: the last layer gives logits). */
    readonly activateLast = false,
  ) {
    super();
    const layers: Linear[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) layers.push(new Linear(sizes[i]!, sizes[i + 1]!));
    this.layers = new ModuleList(layers);
  }

  get linears(): Linear[] {
    return [...this.layers] as Linear[];
  }

  get depth(): number {
    return this.layers.length;
  }

  /** Applies an init scheme to every layer (without recording a graph). */
  init(spec: InitSpec): this {
    no_grad(() => {
      for (const layer of this.linears) {
        if (spec.weight !== "default") spec.weight(layer.weight);
        const b = layer.bias;
        if (spec.bias === "zeros") init.zeros_(b);
        else if (spec.bias !== "default") spec.bias(b);
      }
    });
    return this;
  }

  forward(x: Tensor): Tensor {
    return this.trace(x).output;
  }

  /**
   * The forward pass, keeping every layer's s_l and a_l. With `tapGrads`, a later backward
   * fills `preGrad`. `tick`, if given, is called after each layer's forward and, with
   * `tapGrads`, again as backward passes each layer.
   */
  trace(x: Tensor, tapGrads = false, tick?: Tick): Trace {
    const f = ACTIVATIONS[this.activation];
    const t: Trace = { output: x, pre: [], post: [], preGrad: [] };
    let a = x;
    this.linears.forEach((layer, l) => {
      let s = layer.forward(a);
      if (tapGrads) {
        t.preGrad.push(null);
        s = tap(s, (g) => {
          t.preGrad[l] = g;
          tick?.();
        });
      }
      t.pre.push(s);
      a = l + 1 < this.depth || this.activateLast ? f(s) : s;
      t.post.push(a);
      tick?.();
    });
    t.output = a;
    return t;
  }
}

/** Saturation test for tanh (|a| > 0.99) and sigmoid (a < 0.01 or a > 0.99). */
function saturated(act: Activation): ((v: number) => boolean) | null {
  if (act === "tanh") return (v) => Math.abs(v) > 0.99;
  if (act === "sigmoid") return (v) => v < 0.01 || v > 0.99;
  return null;
}

/**
 * Per-layer statistics of a trace after backward: activation std (post-activation), weight-
 * gradient std, and, where they apply, dead/saturated fractions and ∂C/∂s std.
 */
export function perLayerStats(net: MLP, t: Trace): PerLayer {
  const out: PerLayer = {
    activation_std: t.post.map((a) => std(a.data as Float32Array)),
    grad_std: net.linears.map((l) => (l.weight.grad === null ? NaN : std(l.weight.grad.data as Float32Array))),
  };
  if (net.activation === "relu") out.dead_fraction = t.post.map((a) => fraction(a.data as Float32Array, (v) => v === 0));
  const sat = saturated(net.activation);
  if (sat) out.saturated_fraction = t.post.map((a) => fraction(a.data as Float32Array, sat));
  if (t.preGrad.length > 0) out.backprop_std = t.preGrad.map((g) => (g === null ? NaN : std(g.data as Float32Array)));
  return out;
}

/**
 * One forward and backward pass of the cross-entropy loss on (x, y), with ∂C/∂s tapped,
 * and the per-layer statistics of it. Leaves every gradient cleared afterwards.
 */
export function probe(net: MLP, x: Tensor, y: Tensor): { stats: PerLayer; trace: Trace; loss: number; gradNorms: number[] } {
  const clear = (): void => {
    for (const p of net.parameters()) p.grad = null;
  };
  clear();
  const t = net.trace(x, true);
  const loss = cross_entropy(t.output, y);
  loss.backward();
  const stats = perLayerStats(net, t);
  const gradNorms = net.linears.map((l) => norm(l.weight.grad!.data as Float32Array));
  clear();
  return { stats, trace: t, loss: loss.item() as number, gradNorms };
}
