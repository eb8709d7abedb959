/**
 * The `nninit` command, kept free of process globals so tests can call it directly: output goes
 * through `io`, and the lab, the report and Ctrl-C come in through `deps` (main.ts wires the real
 * ones). Exit codes: 0 success, 1 an error while running, 2 bad usage, 130 interrupted.
 */
import { manual_seed } from "../random/default.js";
import { empty } from "../tensor/factories.js";
import * as init from "../init/index.js";
import { NninitError } from "../errors/index.js";
import { set_pytorch_version, PYTORCH_VERSIONS, type PytorchVersion } from "../compat.js";
import { parseArgs } from "./args.js";
import { runInspect } from "./inspect.js";
import type { CliDeps, Io } from "./io.js";
import { runLabCommand } from "./lab.js";
import { packageVersion } from "../lab/util/version.js";

export type { CliDeps, Io, InterruptTrap, LabDeps, LabRunner } from "./io.js";

const SAMPLERS = {
  uniform_: init.uniform_, normal_: init.normal_, trunc_normal_: init.trunc_normal_,
  xavier_uniform_: init.xavier_uniform_, xavier_normal_: init.xavier_normal_,
  kaiming_uniform_: init.kaiming_uniform_, kaiming_normal_: init.kaiming_normal_, orthogonal_: init.orthogonal_,
} as const;
type SamplerName = keyof typeof SAMPLERS;

const COMMANDS = ["lab", "inspect", "sample"] as const;

const HELP = `nninit: PyTorch-exact weight initialisation for TypeScript

Usage:
  nninit lab [study ...] [--data DIR] [--full] [--epochs N] [--seed N] [--out DIR] [--json] [--list]
      Train networks on Fashion-MNIST under each initialisation and check the papers' claims;
      writes results.json and report.html to --out (default ./nninit-report).
  nninit inspect [--depth 30] [--width 256] [--activation relu] [--init kaiming_normal]
                 [--batch 256] [--seed 0] [--data DIR] [--json]
      Per-layer activation and gradient statistics of an MLP at initialisation, on a real batch.
  nninit sample <init> [--shape 256,784] [--seed 0] [--pytorch 1.13|2.11|2.12] [--json]
      Fill a float32 tensor with torch.nn.init.<init> after manual_seed(seed) and print
      its mean, std, range and first values (the same bits PyTorch gives).
      <init>: ${Object.keys(SAMPLERS).join(", ")}
  nninit <command> --help
  nninit --version

Exit status: 0 success, 1 error, 2 bad usage, 130 interrupted.
`;

const SAMPLE_HELP = `Usage: nninit sample <init> [--shape 256,784] [--seed 0] [--pytorch 1.13|2.11|2.12] [--json]

Fill a float32 tensor of the given shape with torch.nn.init.<init> after manual_seed(seed) and print
its mean, std, min, max and first values: the same bits PyTorch gives for the same call.
  <init>: ${Object.keys(SAMPLERS).join(", ")}
`;

function fail(io: Io, message: string, command = ""): number {
  io.err(`nninit${command ? ` ${command}` : ""}: ${message}\nRun 'nninit ${command ? `${command} ` : ""}--help' for usage.\n`);
  return 2;
}

function runSample(args: string[], io: Io): number {
  const parsed = parseArgs(args, { shape: { bool: false }, seed: { bool: false }, pytorch: { bool: false }, json: { bool: true }, help: { bool: true } });
  if (typeof parsed === "string") return fail(io, parsed, "sample");
  const { flags, positionals } = parsed;
  if (flags.has("help")) {
    io.out(SAMPLE_HELP);
    return 0;
  }
  const [name, extra] = positionals;
  if (name === undefined || !Object.hasOwn(SAMPLERS, name)) {
    return fail(io, `sample needs an initialiser name, got ${name === undefined ? "nothing" : `'${name}'`}. Valid: ${Object.keys(SAMPLERS).join(", ")}`, "sample");
  }
  if (extra !== undefined) return fail(io, `unexpected argument '${extra}'`, "sample");
  const shape = (flags.get("shape") ?? "256,784").split(",").map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) return fail(io, `--shape must be comma-separated non-negative integers, got '${flags.get("shape")}'`, "sample");
  const seedText = flags.get("seed") ?? "0";
  if (!/^-?\d+$/.test(seedText)) return fail(io, `--seed must be an integer, got '${seedText}'`, "sample");
  const version = flags.get("pytorch");
  if (version !== undefined && !(PYTORCH_VERSIONS as readonly string[]).includes(version)) {
    return fail(io, `--pytorch must be one of ${PYTORCH_VERSIONS.join(", ")}, got '${version}'`, "sample");
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
    if (e instanceof NninitError) return fail(io, e.message, "sample");
    throw e;
  }
}

/** Runs `nninit <argv>`; resolves to the exit code. */
export async function runCli(argv: string[], io: Io, deps: CliDeps = {}): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "--help" || cmd === "-h" || cmd === "help") {
    if (cmd === "help" && rest[0] !== undefined && (COMMANDS as readonly string[]).includes(rest[0])) return runCli([rest[0], "--help"], io, deps);
    io.out(HELP);
    return 0;
  }
  if (cmd === "--version" || cmd === "-V") {
    io.out(`nninit ${packageVersion()}\n`);
    return 0;
  }
  switch (cmd) {
    case "lab": return runLabCommand(rest, io, deps);
    case "inspect": return runInspect(rest, io);
    case "sample": return runSample(rest, io);
  }
  const what = cmd.startsWith("-") ? `unknown option '${cmd}'` : `unknown command '${cmd}'`;
  return fail(io, `${what}. Commands: ${COMMANDS.join(", ")}; options: --help, --version`);
}
