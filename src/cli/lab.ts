/**
 * `nninit lab [study ...]`: runs the lab's studies, shows progress, prints the results and the
 * claims, and writes results.json and report.html into --out, atomically.
 */
import { join, resolve } from "node:path";
import type { LabOptions, StudyInfo } from "../lab/api.js";
import type { LabResults } from "../lab/types.js";
import { parseArgs, parseWhole, columns } from "./args.js";
import { checkDataDir, fullDataInstalled } from "./data.js";
import { resultsToJson } from "../lab/util/json.js";
import { prepareOutDir, removeIfEmpty, writeFileAtomic } from "./files.js";
import type { CliDeps, Io, LabDeps } from "./io.js";
import { loadLab, loadRenderer, workerRunner } from "./lab-loader.js";
import { LabProgress } from "./progress.js";
import { formatSummary } from "./summary.js";

export const LAB_HELP = `nninit lab: train networks on Fashion-MNIST under each initialisation and check the papers' claims

Usage:
  nninit lab [study ...] [--data DIR] [--full] [--epochs N] [--seed N] [--out DIR] [--json]
  nninit lab --list

With no study named, the default set runs; 'all' runs every study. 'nninit lab --list' shows them.

Options:
  --data DIR    a directory holding the Fashion-MNIST IDX files (default: NNINIT_DATA, Debian's
                dataset-fashion-mnist, else the subset embedded in nninit)
  --full        train on the complete dataset when one is installed (default: the embedded subset)
  --epochs N    override every training study's number of epochs (N ≥ 1)
  --seed N      base seed, a whole number ≥ 0 (default 0); every run derives its own from it
  --out DIR     where results.json and report.html go (default ./nninit-report)
  --json        print results.json on stdout instead of the tables (progress stays on stderr)
  --list        list the studies: id, whether in the default set, description
  --help        this text

Progress goes to stderr. results.json and report.html are replaced atomically when the lab
finishes; Ctrl-C stops the lab and leaves any previous files as they were.
Exit status: 0 when the lab ran (whatever the claims showed), 1 on an error while running,
2 when the command line was wrong (nothing was run), 130 when interrupted.
`;

const FLAGS = {
  data: { bool: false }, full: { bool: true }, epochs: { bool: false }, seed: { bool: false }, out: { bool: false },
  json: { bool: true }, list: { bool: true }, help: { bool: true },
} as const;

const FILES = ["results.json", "report.html"] as const;

function usage(io: Io, message: string): number {
  io.err(`nninit lab: ${message}\nRun 'nninit lab --help' for usage.\n`);
  return 2;
}

function failure(io: Io, message: string): number {
  io.err(`nninit lab: ${message}\n`);
  return 1;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== "Error" ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

export function formatStudyList(studies: readonly StudyInfo[]): string {
  const rows = [["id", "default", "description"], ...studies.map((s) => [s.id, s.default ? "yes" : "", s.description])];
  return (
    columns(rows, [], true).join("\n") +
    `\n\n'nninit lab' runs the default set (${studies.filter((s) => s.default).map((s) => s.id).join(", ")}); ` +
    `'nninit lab all' runs every study; 'nninit lab ID ...' runs those.\n`
  );
}

/** The study ids that will run, or a message about the ones that do not exist. */
function selectStudies(named: readonly string[], studies: readonly StudyInfo[]): string[] | string {
  const ids = studies.map((s) => s.id);
  const unknown = named.filter((n) => n !== "all" && !ids.includes(n));
  if (unknown.length) {
    const list = unknown.map((u) => `'${u}'`).join(", ");
    return `unknown ${unknown.length === 1 ? "study" : "studies"} ${list}. Valid: ${ids.join(", ")}, or 'all' (see 'nninit lab --list')`;
  }
  if (named.includes("all")) return ids;
  if (named.length === 0) return studies.filter((s) => s.default).map((s) => s.id);
  return [...new Set(named)];
}

export async function runLabCommand(args: string[], io: Io, deps: CliDeps = {}): Promise<number> {
  const parsed = parseArgs(args, FLAGS);
  if (typeof parsed === "string") return usage(io, parsed);
  const { flags, positionals } = parsed;
  if (flags.has("help")) {
    io.out(LAB_HELP);
    return 0;
  }
  const options: LabOptions = {};
  for (const [flag, min] of [["epochs", 1], ["seed", 0]] as const) {
    const text = flags.get(flag);
    if (text === undefined) continue;
    const n = parseWhole(flag, text, min);
    if (typeof n === "string") return usage(io, n);
    options[flag] = n;
  }
  const json = flags.has("json");

  const lab: Partial<LabDeps> = { ...deps.lab };
  let studies: StudyInfo[];
  try {
    if (!lab.listStudies || !lab.runLab) {
      const mod = await loadLab();
      lab.listStudies ??= () => mod.listStudies();
      lab.runLab ??= workerRunner();
    }
    studies = await lab.listStudies();
  } catch (e) {
    return failure(io, errorText(e));
  }

  if (flags.has("list")) {
    if (positionals.length) return usage(io, "--list takes no study names");
    io.out(json ? JSON.stringify(studies, null, 2) + "\n" : formatStudyList(studies));
    return 0;
  }

  const selected = selectStudies(positionals, studies);
  if (typeof selected === "string") return usage(io, selected);
  if (selected.length === 0) return usage(io, "no study to run");
  if (positionals.length) options.studies = positionals.includes("all") ? ["all"] : selected;

  const dataDir = flags.get("data");
  if (dataDir !== undefined) {
    const problem = checkDataDir(dataDir);
    if (problem) return usage(io, problem);
    options.data = resolve(dataDir);
  }
  if (flags.has("full")) {
    options.full = true;
    if (dataDir === undefined && !fullDataInstalled(deps.env)) {
      io.err(
        "nninit lab: --full: no complete Fashion-MNIST is installed, so the lab uses the embedded subset.\n" +
          "  Install it with 'apt-get install dataset-fashion-mnist', or pass --data DIR.\n",
      );
    }
  }
  const outArg = flags.get("out") ?? "nninit-report";
  // Before the long run: a lab that cannot save its results should not start.
  const out = prepareOutDir(outArg, FILES);
  if (typeof out === "string") return usage(io, out);

  let renderReport = lab.renderReport;
  if (!renderReport) {
    try {
      renderReport = await loadRenderer();
    } catch (e) {
      removeIfEmpty(out);
      return failure(io, errorText(e));
    }
  }

  io.err(`nninit lab: ${selected.length} ${selected.length === 1 ? "study" : "studies"} (${selected.join(", ")}), seed ${options.seed ?? 0} → ${join(outArg, "results.json")}\n`);
  const progress = new LabProgress({
    write: (s) => io.err(s), tty: io.errIsTTY ?? false,
    ...(io.columns !== undefined ? { columns: io.columns } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  options.onProgress = (e) => progress.handle(e);

  const trap = deps.trapInterrupts?.() ?? { signal: new AbortController().signal, dispose: () => {} };
  try {
    const interrupted = new Promise<"interrupted">((res) => {
      if (trap.signal.aborted) res("interrupted");
      trap.signal.addEventListener("abort", () => res("interrupted"), { once: true });
    });
    const run = Promise.resolve()
      .then(() => lab.runLab!(options, trap.signal))
      .then((results) => ({ results }), (error: unknown) => ({ error }));
    const outcome = await Promise.race([run, interrupted]);
    progress.clear();
    if (outcome === "interrupted") {
      removeIfEmpty(out);
      const kept = FILES.map((f) => join(outArg, f));
      io.err(`\nnninit lab: interrupted. Nothing was written; ${kept.join(" and ")} (if any) are as they were.\n`);
      return 130;
    }
    if ("error" in outcome) {
      removeIfEmpty(out);
      return failure(io, `the lab failed: ${errorText(outcome.error)}`);
    }
    return await finish(outcome.results, io, { outArg, dir: out.dir, json, full: options.full === true, renderReport });
  } finally {
    trap.dispose();
  }
}

async function finish(
  results: LabResults,
  io: Io,
  o: { outArg: string; dir: string; json: boolean; full: boolean; renderReport: LabDeps["renderReport"] },
): Promise<number> {
  const text = resultsToJson(results);
  const resultsPath = join(o.outArg, "results.json");
  const reportPath = join(o.outArg, "report.html");
  try {
    writeFileAtomic(join(o.dir, "results.json"), text);
  } catch (e) {
    return failure(io, `could not write ${resultsPath}: ${errorText(e)}`);
  }
  let html: string;
  try {
    html = await o.renderReport(results);
    writeFileAtomic(join(o.dir, "report.html"), html);
  } catch (e) {
    if (o.json) io.out(text);
    return failure(io, `wrote ${resultsPath}, but not ${reportPath}: ${errorText(e)}`);
  }
  if (o.json) {
    io.out(text);
    io.err(`nninit lab: wrote ${resultsPath} and ${reportPath}\n`);
  } else {
    io.out(formatSummary(results));
    io.out(`\nWrote ${resultsPath} and ${reportPath} (open it in a browser).\n`);
  }
  if (o.full && results.data.source === "embedded") {
    io.err("nninit lab: note: --full was given, but the lab ran on the embedded subset.\n");
  }
  return 0;
}
