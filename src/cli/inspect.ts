/**
 * `nninit inspect`: builds a plain MLP on Fashion-MNIST (784 → width ×(depth−1) → 10), initialises
 * it, pushes one real batch through it at initialisation and prints what every layer does
 * (src/lab/inspect.ts).
 */
import { manual_seed } from "../random/default.js";
import { Module } from "../nn/module.js";
import { Sequential } from "../nn/containers.js";
import { Linear } from "../nn/layers/linear.js";
import type { Parameter } from "../nn/parameter.js";
import { ELU, GELU, LeakyReLU, Mish, ReLU, SELU, SiLU, Sigmoid, Softplus, Tanh } from "../nn/layers/activation.js";
import * as init from "../init/index.js";
import type { Nonlinearity } from "../init/gain.js";
import { no_grad } from "../autograd/grad-mode.js";
import { FashionMNIST } from "../data/mnist.js";
import { NninitError } from "../errors/index.js";
import { formatInspection, inspect, type Inspection } from "../lab/inspect.js";
import { parseArgs, parseWhole } from "./args.js";
import { checkDataDir } from "./data.js";
import type { Io } from "./io.js";

interface ActivationSpec {
  make: (() => Module) | null;
  /** What kaiming_* is told (and its `a`). */
  kaiming: { nonlinearity: Nonlinearity; a?: number };
  /** The gain for xavier_* and orthogonal_. */
  gain: number;
  note?: string;
}

const RELU_LIKE = "calculate_gain has no entry for it; ReLU's gain √2 is the usual choice";

export const ACTIVATIONS: Record<string, ActivationSpec> = {
  relu: { make: () => new ReLU(), kaiming: { nonlinearity: "relu" }, gain: init.calculate_gain("relu") },
  leaky_relu: { make: () => new LeakyReLU(0.01), kaiming: { nonlinearity: "leaky_relu", a: 0.01 }, gain: init.calculate_gain("leaky_relu", 0.01) },
  tanh: { make: () => new Tanh(), kaiming: { nonlinearity: "tanh" }, gain: init.calculate_gain("tanh") },
  sigmoid: { make: () => new Sigmoid(), kaiming: { nonlinearity: "sigmoid" }, gain: init.calculate_gain("sigmoid") },
  selu: {
    make: () => new SELU(), kaiming: { nonlinearity: "linear" }, gain: init.calculate_gain("selu"),
    note: "kaiming_* uses nonlinearity='linear' (LeCun init), as PyTorch's docs advise for SELU",
  },
  gelu: { make: () => new GELU(), kaiming: { nonlinearity: "relu" }, gain: Math.SQRT2, note: RELU_LIKE },
  silu: { make: () => new SiLU(), kaiming: { nonlinearity: "relu" }, gain: Math.SQRT2, note: RELU_LIKE },
  mish: { make: () => new Mish(), kaiming: { nonlinearity: "relu" }, gain: Math.SQRT2, note: RELU_LIKE },
  elu: { make: () => new ELU(), kaiming: { nonlinearity: "relu" }, gain: Math.SQRT2, note: RELU_LIKE },
  softplus: { make: () => new Softplus(), kaiming: { nonlinearity: "relu" }, gain: Math.SQRT2, note: RELU_LIKE },
  linear: { make: null, kaiming: { nonlinearity: "linear" }, gain: 1 },
};

export const INITS = [
  "kaiming_normal", "kaiming_uniform", "xavier_normal", "xavier_uniform", "orthogonal", "normal", "default", "zeros",
] as const;
type InitName = (typeof INITS)[number];

export const INSPECT_HELP = `nninit inspect: what every layer of an MLP does to a real Fashion-MNIST batch at initialisation

Usage:
  nninit inspect [--depth 30] [--width 256] [--activation relu] [--init kaiming_normal]
                 [--batch 256] [--seed 0] [--data DIR] [--json]

Builds nn.Sequential(Linear(784, width), act, …, Linear(width, 10)) with \`depth\` Linear layers
after manual_seed(seed), initialises every Linear layer, pushes the first \`batch\` training images
through it, back-propagates the cross-entropy against their labels, and prints, per layer (via
forward hooks): output shape, mean, std, dead fraction (ReLU: outputs exactly 0), saturated fraction
(tanh: |y| > 0.99; sigmoid: y < 0.01 or > 0.99), and the std of the gradient w.r.t. the layer's
output and w.r.t. its weight.

Options:
  --depth N          Linear layers, ≥ 1 (default 30)
  --width N          hidden width, ≥ 1 (default 256)
  --activation NAME  ${Object.keys(ACTIVATIONS).join(", ")} (default relu)
  --init NAME        ${INITS.join(", ")} (default kaiming_normal)
                       kaiming_*: mode fan_in, nonlinearity from the activation (relu-like ones as relu,
                         selu as 'linear', i.e. LeCun); xavier_* and orthogonal: gain = calculate_gain(activation);
                       normal: N(0, 0.01²); default: PyTorch's own Linear init (biases too); zeros: all zero.
                       Biases are zero except with default.
  --batch N          images in the batch, ≥ 1 (default 256)
  --seed N           manual_seed before building the model (default 0)
  --data DIR         a directory with the Fashion-MNIST IDX files (default: the embedded subset)
  --json             print the statistics as JSON
  --help             this text
`;

const FLAGS = {
  depth: { bool: false }, width: { bool: false }, activation: { bool: false }, init: { bool: false },
  batch: { bool: false }, seed: { bool: false }, data: { bool: false }, json: { bool: true }, help: { bool: true },
} as const;

function usage(io: Io, message: string): number {
  io.err(`nninit inspect: ${message}\nRun 'nninit inspect --help' for usage.\n`);
  return 2;
}

/** Applies the chosen init to every Linear layer; returns how, in PyTorch's words. */
export function initialise(model: Module, name: InitName, act: ActivationSpec): string {
  const g = (x: number): string => String(Number(x.toPrecision(6)));
  let call: string;
  no_grad(() => {
    for (const m of model.modules()) {
      if (!(m instanceof Linear)) continue;
      const w = m.weight;
      switch (name) {
        case "kaiming_normal":
        case "kaiming_uniform": {
          const opts = { mode: "fan_in" as const, nonlinearity: act.kaiming.nonlinearity, ...(act.kaiming.a !== undefined ? { a: act.kaiming.a } : {}) };
          (name === "kaiming_normal" ? init.kaiming_normal_ : init.kaiming_uniform_)(w, opts);
          break;
        }
        case "xavier_normal": init.xavier_normal_(w, { gain: act.gain }); break;
        case "xavier_uniform": init.xavier_uniform_(w, { gain: act.gain }); break;
        case "orthogonal": init.orthogonal_(w, { gain: act.gain }); break;
        case "normal": init.normal_(w, { mean: 0, std: 0.01 }); break;
        case "zeros": init.zeros_(w); break;
        case "default": break;
      }
      if (name !== "default" && m.bias !== null) init.zeros_(m.bias as Parameter);
    }
  });
  const a = act.kaiming.a !== undefined ? `, a=${act.kaiming.a}` : "";
  switch (name) {
    case "kaiming_normal":
    case "kaiming_uniform": call = `${name}_(mode='fan_in', nonlinearity='${act.kaiming.nonlinearity}'${a})`; break;
    case "xavier_normal":
    case "xavier_uniform":
    case "orthogonal": call = `${name}_(gain=${g(act.gain)})`; break;
    case "normal": call = "normal_(mean=0, std=0.01)"; break;
    case "zeros": call = "zeros_"; break;
    case "default": call = "PyTorch's default Linear init (kaiming_uniform_(a=√5), bias U(±1/√fan_in))"; break;
  }
  return name === "default" ? call : `${call}, biases zeros_`;
}

function jsonSafe(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : x), 2) + "\n";
}

/** A two-line reading of the table: how the activation and gradient scales change with depth. */
function trend(ins: Inspection): string {
  const lines: string[] = [];
  const linears = ins.layers.filter((l) => l.kind === "Linear");
  const acts = ins.layers.filter((l) => l.kind !== "Linear");
  const ratio = (a: number, b: number): string => {
    if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) return "";
    const r = b / a;
    return r >= 1 ? ` (×${Number(r.toPrecision(3))})` : ` (÷${Number((1 / r).toPrecision(3))})`;
  };
  const f = (x: number | null): string => (x === null ? "—" : Number.isFinite(x) ? x.toPrecision(3) : String(x));
  const series = acts.length >= 2 ? acts : linears;
  if (series.length >= 2) {
    const [a, b] = [series[0]!, series.at(-1)!];
    lines.push(`activation std: ${f(a.std)} after layer ${a.name} → ${f(b.std)} after layer ${b.name}${ratio(a.std, b.std)}`);
  }
  const grads = linears.filter((l) => l.weight_grad_std !== null);
  if (grads.length >= 2) {
    const [a, b] = [grads[0]!, grads.at(-1)!];
    lines.push(`weight-gradient std: ${f(a.weight_grad_std)} at layer ${a.name} → ${f(b.weight_grad_std)} at layer ${b.name}${ratio(a.weight_grad_std!, b.weight_grad_std!)}`);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

export function runInspect(args: string[], io: Io): number {
  const parsed = parseArgs(args, FLAGS);
  if (typeof parsed === "string") return usage(io, parsed);
  const { flags, positionals } = parsed;
  if (flags.has("help")) {
    io.out(INSPECT_HELP);
    return 0;
  }
  if (positionals.length) return usage(io, `unexpected argument '${positionals[0]}' (inspect takes only flags)`);

  const nums: Record<string, number> = {};
  for (const [flag, def, min, max] of [["depth", 30, 1, 1000], ["width", 256, 1, 65536], ["batch", 256, 1, 1_000_000], ["seed", 0, 0, Number.MAX_SAFE_INTEGER]] as const) {
    const text = flags.get(flag);
    if (text === undefined) {
      nums[flag] = def;
      continue;
    }
    const n = parseWhole(flag, text, min, max);
    if (typeof n === "string") return usage(io, n);
    nums[flag] = n;
  }
  const actName = (flags.get("activation") ?? "relu").toLowerCase();
  const act = ACTIVATIONS[actName];
  if (act === undefined || !Object.hasOwn(ACTIVATIONS, actName)) {
    return usage(io, `unknown activation '${flags.get("activation")}'. Valid: ${Object.keys(ACTIVATIONS).join(", ")}`);
  }
  const initText = (flags.get("init") ?? "kaiming_normal").toLowerCase().replace(/_$/, "");
  if (!(INITS as readonly string[]).includes(initText)) {
    return usage(io, `unknown init '${flags.get("init")}'. Valid: ${INITS.join(", ")}`);
  }
  const dataDir = flags.get("data");
  if (dataDir !== undefined) {
    const problem = checkDataDir(dataDir);
    if (problem) return usage(io, problem);
  }
  const { depth, width, batch, seed } = nums as { depth: number; width: number; batch: number; seed: number };

  try {
    const train = dataDir !== undefined ? new FashionMNIST({ root: dataDir, train: true }) : new FashionMNIST({ train: true, embedded: true });
    if (batch > train.len()) return usage(io, `--batch ${batch} is more than the ${train.len()} training images in ${train.source === "embedded" ? "the embedded subset" : train.source}`);
    const [images, labels] = train.get_batch(Array.from({ length: batch }, (_, i) => i));
    const x = images.view(batch, 784);

    manual_seed(BigInt(seed));
    const dims = [784, ...Array<number>(depth - 1).fill(width), 10];
    const layers: Module[] = [];
    for (let i = 0; i < depth; i++) {
      layers.push(new Linear(dims[i]!, dims[i + 1]!));
      if (i < depth - 1 && act.make) layers.push(act.make());
    }
    const model = new Sequential(...layers);
    const how = initialise(model, initText as InitName, act);
    const result = inspect(model, x, { targets: labels });

    const shape = depth === 1 ? "784 → 10" : `784 → ${width}${depth > 2 ? ` ×${depth - 1}` : ""} → 10`;
    const source = train.source === "embedded" ? "the embedded subset" : train.source === "debian" ? "Debian's copy" : train.source;
    if (flags.has("json")) {
      io.out(jsonSafe({
        model: { depth, width, activation: actName, init: initText, init_call: how, seed, batch, data_source: train.source },
        ...result,
      }));
      return 0;
    }
    io.out(
      `MLP ${shape} (${depth} Linear layer${depth === 1 ? "" : "s"}), ${actName}; init ${how}\n` +
      (act.note && initText !== "default" && initText !== "zeros" && initText !== "normal" ? `  (${actName}: ${act.note})\n` : "") +
      `seed ${seed}; batch: the first ${batch} Fashion-MNIST training images (${source}); back-propagated: cross-entropy vs their labels\n\n`,
    );
    io.out(formatInspection(result));
    io.out(trend(result));
    return 0;
  } catch (e) {
    if (e instanceof NninitError) {
      io.err(`nninit inspect: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
