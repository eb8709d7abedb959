/**
 * Argument handling for the `nninit` command, kept free of process globals so tests can
 * call it directly. Exit codes: 0 success, 2 bad usage.
 */
import { manual_seed } from "../random/default.js";
import { empty } from "../tensor/factories.js";
import * as init from "../init/index.js";
import { NninitError } from "../errors/index.js";
import { set_pytorch_version, PYTORCH_VERSIONS, type PytorchVersion } from "../compat.js";

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const SAMPLERS = {
  uniform_: init.uniform_, normal_: init.normal_, trunc_normal_: init.trunc_normal_,
  xavier_uniform_: init.xavier_uniform_, xavier_normal_: init.xavier_normal_,
  kaiming_uniform_: init.kaiming_uniform_, kaiming_normal_: init.kaiming_normal_, orthogonal_: init.orthogonal_,
} as const;
type SamplerName = keyof typeof SAMPLERS;

const HELP = `nninit: PyTorch-exact weight initialisation for TypeScript

Usage:
  nninit sample <init> [--shape 256,784] [--seed 0] [--pytorch 1.13|2.11|2.12] [--json]
      Fill a float32 tensor with torch.nn.init.<init> after manual_seed(seed) and print
      its mean, std, range and first values (the same bits PyTorch gives).
      <init>: ${Object.keys(SAMPLERS).join(", ")}
  nninit --help
  nninit --version
`;

function fail(io: Io, message: string): number {
  io.err(`nninit: ${message}\nRun 'nninit --help' for usage.\n`);
  return 2;
}

function parseFlags(args: string[], allowed: Set<string>): Map<string, string> | string {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) return `unexpected argument '${a}'`;
    const name = a.slice(2);
    if (!allowed.has(name)) return `unknown flag '--${name}'. Valid flags: ${[...allowed].map((f) => `--${f}`).join(", ")}`;
    if (name === "json") flags.set(name, "true");
    else {
      const v = args[++i];
      if (v === undefined) return `flag '--${name}' needs a value`;
      flags.set(name, v);
    }
  }
  return flags;
}

export function runCli(argv: string[], io: Io): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "--help" || cmd === "-h" || cmd === "help") {
    io.out(HELP);
    return 0;
  }
  if (cmd === "--version") {
    io.out("nninit 0.1.0\n");
    return 0;
  }
  if (cmd !== "sample") return fail(io, `unknown command '${cmd}'. Commands: sample`);
  const [name, ...flagArgs] = rest;
  if (name === undefined || !(name in SAMPLERS)) {
    return fail(io, `sample needs an initialiser name, got ${name === undefined ? "nothing" : `'${name}'`}. Valid: ${Object.keys(SAMPLERS).join(", ")}`);
  }
  const flags = parseFlags(flagArgs, new Set(["shape", "seed", "pytorch", "json"]));
  if (typeof flags === "string") return fail(io, flags);
  const shape = (flags.get("shape") ?? "256,784").split(",").map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) return fail(io, `--shape must be comma-separated non-negative integers, got '${flags.get("shape")}'`);
  const seedText = flags.get("seed") ?? "0";
  if (!/^-?\d+$/.test(seedText)) return fail(io, `--seed must be an integer, got '${seedText}'`);
  const version = flags.get("pytorch");
  if (version !== undefined && !(PYTORCH_VERSIONS as readonly string[]).includes(version)) {
    return fail(io, `--pytorch must be one of ${PYTORCH_VERSIONS.join(", ")}, got '${version}'`);
  }
  try {
    if (version !== undefined) set_pytorch_version(version as PytorchVersion);
    manual_seed(BigInt(seedText));
    const t = empty(shape);
    (SAMPLERS[name as SamplerName] as (t: unknown) => unknown)(t);
    const d = t.data as Float32Array;
    let sum = 0, sq = 0, min = Infinity, max = -Infinity;
    for (const v of d) { sum += v; sq += v * v; if (v < min) min = v; if (v > max) max = v; }
    const n = d.length;
    const mean = n ? sum / n : NaN;
    const std = n > 1 ? Math.sqrt((sq - n * mean * mean) / (n - 1)) : NaN;
    const stats = { init: name, shape, seed: seedText, numel: n, mean, std, min, max, first: Array.from(d.slice(0, 5)) };
    if (flags.has("json")) io.out(JSON.stringify(stats) + "\n");
    else {
      io.out(`manual_seed(${seedText}); nn.init.${name}(empty(${shape.join(", ")}))\n`);
      io.out(`  numel ${n}  mean ${mean.toPrecision(6)}  std ${std.toPrecision(6)}  min ${min.toPrecision(6)}  max ${max.toPrecision(6)}\n`);
      io.out(`  first ${stats.first.map((v) => v.toPrecision(8)).join(", ")}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof NninitError) return fail(io, e.message);
    throw e;
  }
}
