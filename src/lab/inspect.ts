/**
 * `inspect(model, batch)`: what every layer of a network does to one batch, measured with
 * forward hooks, the way one would in PyTorch with `register_forward_hook`.
 *
 * It registers a forward hook on every leaf module (a module without children: Linear, Conv,
 * the activation modules, norms, …), runs `model.forward(batch)` once, and records each leaf's
 * output statistics as it goes by: shape, mean, std, and
 *
 * - for `ReLU`: the fraction of outputs that are exactly 0 ("dead"), and the fraction of units
 *   (dimension 1: features or channels) that are 0 for every sample in the batch;
 * - for `Tanh`: the fraction saturated, |y| > 0.99; for `Sigmoid`: y < 0.01 or y > 0.99.
 *
 * Then it back-propagates one scalar and records, per leaf, the std of the gradient with respect
 * to the leaf's output and, for a leaf with a `weight` parameter, the std of that weight's
 * gradient. The scalar is, by priority:
 *
 * 1. `options.loss(output)` if given (any function of the model's output returning a scalar);
 * 2. `cross_entropy(output, options.targets)` (mean over the batch) if targets are given;
 * 3. otherwise `output.sum()`.
 *
 * `inspect` leaves the model as it found it: every hook is removed afterwards (also when
 * something throws), and parameters' `.grad` are restored to what they were before. It does
 * not change `training`/`eval` mode: call `model.eval()` first if dropout or batch norm should
 * behave as at test time. A leaf that runs several times in one forward (a shared module) is
 * listed once per call; a leaf the forward never calls is not listed. Operations done with
 * functions inside a module's own `forward` (e.g. `F.relu` in a custom module) are not leaves
 * and are invisible here: use the activation modules to see them.
 *
 * Standard deviations are the unbiased ones (`torch.std`), computed in binary64.
 */
import { RuntimeError, ShapeError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import { enable_grad } from "../autograd/grad-mode.js";
import { Module, type RemovableHandle } from "../nn/module.js";
import { Parameter } from "../nn/parameter.js";
import { ReLU, Sigmoid, Tanh } from "../nn/layers/activation.js";
import { cross_entropy } from "../ops/loss.js";
import { sum } from "../ops/reductions.js";
import { Tensor } from "../tensor/tensor.js";

export interface InspectOptions {
  /** Class indices (int64, shape [B]) for a mean cross-entropy loss on the model's output. */
  targets?: Tensor;
  /** Your own scalar from the model's output; takes precedence over `targets`. */
  loss?: (output: Tensor) => Tensor;
  /** Only the forward pass: no backward, so the gradient columns are null. Default false. */
  forward_only?: boolean;
}

export interface LayerStats {
  /** Dotted path from `named_modules()` ("" for the model itself, when it is a leaf). */
  name: string;
  /** The module's class name, e.g. "Linear", "ReLU". */
  kind: string;
  /** 1 for the module's first call in the forward pass, 2 for its second, … */
  call: number;
  /** Shape of the output. */
  shape: number[];
  mean: number;
  std: number;
  /** ReLU only: fraction of outputs exactly 0. */
  dead_fraction: number | null;
  /** ReLU only: fraction of units (dimension 1) that are 0 for every sample and position. */
  dead_units: number | null;
  /** Tanh: fraction with |y| > 0.99; Sigmoid: fraction with y < 0.01 or y > 0.99. */
  saturated_fraction: number | null;
  /** Std of the gradient of the scalar with respect to this layer's output. */
  output_grad_std: number | null;
  /** Std of the gradient of this layer's `weight` parameter, for layers that have one. */
  weight_grad_std: number | null;
}

export interface Inspection {
  /** What was back-propagated. */
  loss_kind: "custom" | "cross_entropy" | "sum" | "none";
  /** Its value (NaN with `forward_only`). */
  loss: number;
  /** Shape of the model's output. */
  output_shape: number[];
  /** One entry per leaf-module call, in the order they ran. */
  layers: LayerStats[];
}

/** Mean and unbiased std of a float array, in binary64 (two passes). */
export function meanStd(d: ArrayLike<number>): { mean: number; std: number } {
  const n = d.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += d[i]!;
  const mean = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const x = d[i]! - mean;
    q += x * x;
  }
  return { mean, std: n > 1 ? Math.sqrt(q / (n - 1)) : NaN };
}

function deadStats(y: Tensor): { fraction: number; units: number | null } {
  const d = y.data as Float32Array;
  let zeros = 0;
  for (let i = 0; i < d.length; i++) if (d[i] === 0) zeros++;
  let units: number | null = null;
  if (y.shape.length >= 2 && d.length > 0) {
    const [b, c] = [y.shape[0]!, y.shape[1]!];
    const inner = d.length / (b * c);
    const alive = new Uint8Array(c);
    for (let s = 0; s < b; s++) {
      for (let u = 0; u < c; u++) {
        if (alive[u]) continue;
        const base = (s * c + u) * inner;
        for (let k = 0; k < inner; k++) {
          if (d[base + k] !== 0) {
            alive[u] = 1;
            break;
          }
        }
      }
    }
    let dead = 0;
    for (let u = 0; u < c; u++) if (!alive[u]) dead++;
    units = c > 0 ? dead / c : null;
  }
  return { fraction: d.length ? zeros / d.length : NaN, units };
}

function saturated(y: Tensor, test: (v: number) => boolean): number {
  const d = y.data as Float32Array;
  let n = 0;
  for (let i = 0; i < d.length; i++) if (test(d[i]!)) n++;
  return d.length ? n / d.length : NaN;
}

interface Entry {
  stats: LayerStats;
  module: Module;
  outGrad: Tensor | null;
}

/**
 * Runs `batch` through `model` with forward hooks on its leaf modules and returns each leaf's
 * statistics (see the module comment for what is measured and which scalar is back-propagated).
 *
 * @example
 * const report = inspect(model, images, { targets: labels });
 * console.log(formatInspection(report));
 */
export function inspect(model: Module, batch: Tensor, options: InspectOptions = {}): Inspection {
  if (!(model instanceof Module)) throw new ShapeError(`inspect: model must be an nn.Module, got ${show(model)}.`);
  if (!(batch instanceof Tensor)) throw new ShapeError(`inspect: batch must be a Tensor, got ${show(batch)}.`);
  const backward = !options.forward_only;
  const entries: Entry[] = [];
  const calls = new Map<Module, number>();
  const handles: RemovableHandle[] = [];
  const params = model.parameters();
  const savedGrads = params.map((p) => p.grad);

  try {
    const seen = new Set<Module>();
    for (const [name, m] of model.named_modules()) {
      // A module reachable under two names gets one hook, named by its first path (as PyTorch's named_modules).
      if (m.children().length > 0 || seen.has(m)) continue;
      seen.add(m);
      handles.push(
        m.register_forward_hook((mod, _inputs, output) => {
          if (!(output instanceof Tensor) || (output.dtype !== "float32" && output.dtype !== "float64")) return undefined;
          const call = (calls.get(mod) ?? 0) + 1;
          calls.set(mod, call);
          const { mean, std } = meanStd(output.data as Float32Array);
          const dead = mod instanceof ReLU ? deadStats(output) : null;
          const sat =
            mod instanceof Tanh ? saturated(output, (v) => Math.abs(v) > 0.99)
            : mod instanceof Sigmoid ? saturated(output, (v) => v < 0.01 || v > 0.99)
            : null;
          const entry: Entry = {
            module: mod,
            outGrad: null,
            stats: {
              name, kind: mod.constructor.name, call, shape: output.shape.slice(), mean, std,
              dead_fraction: dead?.fraction ?? null, dead_units: dead?.units ?? null, saturated_fraction: sat,
              output_grad_std: null, weight_grad_std: null,
            },
          };
          entries.push(entry);
          if (!backward || !output.requires_grad) return undefined;
          // An identity node over the same storage: the values are untouched, and its backward
          // sees dL/d(output) on its way through.
          const probe = new Tensor(output.shape, output.dtype, output.data);
          return record(probe, "InspectBackward", [output], (g) => {
            entry.outGrad = g;
            return [g];
          });
        }),
      );
    }

    for (const p of params) p.grad = null;
    return enable_grad(() => {
      const out = model.forward(batch) as unknown;
      if (!(out instanceof Tensor)) throw new ShapeError(`inspect: the model's forward must return a Tensor, got ${show(out)}.`);
      let loss_kind: Inspection["loss_kind"] = "none";
      let lossValue = NaN;
      if (backward) {
        let scalar: Tensor;
        if (options.loss) {
          loss_kind = "custom";
          scalar = options.loss(out);
        } else if (options.targets !== undefined) {
          loss_kind = "cross_entropy";
          scalar = cross_entropy(out, options.targets);
        } else {
          loss_kind = "sum";
          scalar = sum(out);
        }
        if (!(scalar instanceof Tensor) || scalar.numel() !== 1) {
          throw new ShapeError(`inspect: the loss must be a one-element Tensor, got ${scalar instanceof Tensor ? `shape ${show(scalar.shape)}` : show(scalar)}.`);
        }
        lossValue = Number(scalar.item());
        if (!scalar.requires_grad) {
          throw new RuntimeError("inspect: the loss does not depend on any parameter that requires grad, so there is nothing to back-propagate. Pass forward_only: true for activation statistics alone.");
        }
        scalar.backward();
        for (const e of entries) {
          if (e.outGrad) e.stats.output_grad_std = meanStd(e.outGrad.data as Float32Array).std;
          const w = (e.module as unknown as { weight?: unknown }).weight;
          if (w instanceof Parameter && w.grad) e.stats.weight_grad_std = meanStd(w.grad.data as Float32Array).std;
        }
      }
      return { loss_kind, loss: lossValue, output_shape: out.shape.slice(), layers: entries.map((e) => e.stats) };
    });
  } finally {
    for (const h of handles) h.remove();
    params.forEach((p, i) => (p.grad = savedGrads[i]!));
  }
}

function fmt(v: number | null, digits = 4): string {
  if (v === null) return "—";
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e4 ? v.toExponential(digits - 2) : v.toPrecision(digits);
}

function fmtPct(v: number | null): string {
  if (v === null) return "—";
  if (!Number.isFinite(v)) return String(v);
  return `${(100 * v).toFixed(1)}%`;
}

/** A plain-text table of an inspection: one row per layer call. */
export function formatInspection(inspection: Inspection | readonly LayerStats[]): string {
  const layers = Array.isArray(inspection) ? (inspection as readonly LayerStats[]) : (inspection as Inspection).layers;
  const twice = new Set(layers.filter((l) => l.call > 1).map((l) => l.name));
  const rows: string[][] = [["layer", "kind", "output", "mean", "std", "dead", "saturated", "grad std (out)", "grad std (W)"]];
  for (const l of layers) {
    const label = (l.name === "" ? "(model)" : l.name) + (twice.has(l.name) ? `#${l.call}` : "");
    rows.push([
      label, l.kind, l.shape.join("×"), fmt(l.mean), fmt(l.std),
      fmtPct(l.dead_fraction), fmtPct(l.saturated_fraction), fmt(l.output_grad_std), fmt(l.weight_grad_std),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const right = [false, false, false, true, true, true, true, true, true];
  const lines = rows.map((r) =>
    r.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => "─".repeat(w)).join("  "));
  let text = lines.join("\n") + "\n";
  if (!Array.isArray(inspection)) {
    const i = inspection as Inspection;
    if (i.loss_kind !== "none") {
      const what = i.loss_kind === "cross_entropy" ? "cross-entropy vs the targets" : i.loss_kind === "sum" ? "sum of the outputs" : "your loss";
      text += `back-propagated: ${what} = ${fmt(i.loss, 6)}\n`;
    }
  }
  return text;
}
