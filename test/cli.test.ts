/**
 * The `nninit` command: in-process through runCli (with a stand-in lab, report and Ctrl-C
 * injected), and as real subprocesses of dist/cli/main.js for exit codes and atomic output.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli, type CliDeps, type LabDeps } from "../src/cli/run.js";
import { writeFileAtomic } from "../src/cli/files.js";
import { LabProgress, bar, formatDuration } from "../src/cli/progress.js";
import { parseWhole } from "../src/cli/args.js";
import type { LabOptions, ProgressEvent, StudyInfo } from "../src/lab/api.js";
import type { LabResults, Run } from "../src/lab/types.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(REPO, "dist/cli/main.js");
const SUBSET = join(REPO, "data/fashion-mnist-subset");
const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), "nninit-cli-"));
});
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const fresh = (name = "d"): string => join(scratch, `${name}-${++counter}`);

interface Captured {
  code: number;
  out: string;
  err: string;
}

const STUDIES: StudyInfo[] = [
  { id: "alpha", title: "Alpha study", description: "The first study.", default: true },
  { id: "beta", title: "Beta study", description: "The second study.", default: true },
  { id: "gamma", title: "Gamma study", description: "A long one, not in the default set.", default: false },
];

function run(init: string, loss: number, acc: number | null): Run {
  return {
    init, activation: "relu", depth: 3, width: 8, optimizer: "sgd(lr=0.1)", seed: 0,
    curve: [{ step: 1, loss }], final: { test_accuracy: acc, train_loss: loss }, per_layer: { activation_std: [1], grad_std: [1] },
  };
}

function fakeResults(o: LabOptions): LabResults {
  const ids = o.studies?.includes("all") ? STUDIES.map((s) => s.id) : o.studies?.length ? o.studies : ["alpha", "beta"];
  return {
    schema: "nninit-lab/1", nninit_version: "test", command: "nninit lab", seed: o.seed ?? 0,
    data: { dataset: "Fashion-MNIST", source: "embedded", train_size: 6000, test_size: 2000 },
    studies: ids.map((id) => ({
      id, title: `${id} title`, question: "?", explanation: "!", references: [], charts: [], seconds: 1,
      claims: [
        { text: `${id}: kaiming keeps the std near 1`, holds: true, measured: 0.98765432, band: "[0.85, 1.15]" },
        { text: `${id}: xavier stalls at ln 10`, holds: false, measured: 1.2345, band: "[2.2, 2.4]", note: "the net learned after all" },
      ],
      runs: [run("zeros_", NaN, null), run("kaiming_normal_", 0.4321, 0.8512)],
    })),
    timings: { total_seconds: 2, per_study: {} },
  };
}

/** A stand-in lab: emits a realistic event sequence and records the options it got. */
function fakeLab(overrides: Partial<LabDeps> = {}): { deps: Partial<LabDeps>; calls: LabOptions[] } {
  const calls: LabOptions[] = [];
  const deps: Partial<LabDeps> = {
    listStudies: () => STUDIES,
    runLab: (o) => {
      calls.push({ ...o });
      const r = fakeResults(o);
      const emit = (e: ProgressEvent): void => o.onProgress?.(e);
      emit({ type: "lab-start", studies: r.studies.map((s) => s.id), total_units: 4 * r.studies.length });
      r.studies.forEach((s, index) => {
        emit({ type: "study-start", study: s.id, title: s.title, index, total: r.studies.length, units: 4 });
        for (const name of ["zeros_", "kaiming_normal_"]) {
          emit({ type: "run-start", study: s.id, run: name, units: 2 });
          for (let done = 1; done <= 2; done++) emit({ type: "progress", study: s.id, run: name, done, units: 2 });
          emit({ type: "run-end", study: s.id, run: name, seconds: 0.5 });
        }
        emit({ type: "study-end", study: s.id, seconds: 1 });
      });
      emit({ type: "lab-end", seconds: 2 });
      return r;
    },
    renderReport: (r) => `<!doctype html><title>${r.studies.length} studies</title>`,
    ...overrides,
  };
  return { deps, calls };
}

async function cli(argv: string[], deps: CliDeps = {}, tty = false): Promise<Captured> {
  let out = "";
  let err = "";
  let t = 0;
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s), errIsTTY: tty, columns: 100 }, { now: () => (t += 700), ...deps });
  return { code, out, err };
}

const tmpLeftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith(".tmp") || f.startsWith(".nninit-write-test"));

describe("nninit: help, version, usage", () => {
  it("--help, lab --help, inspect --help, sample --help, help lab", async () => {
    for (const [argv, want] of [
      [["--help"], /nninit lab \[study \.\.\.\]/],
      [[], /Usage:/],
      [["lab", "--help"], /--epochs N/],
      [["lab", "-h"], /--out DIR/],
      [["inspect", "--help"], /--activation NAME/],
      [["sample", "--help"], /nninit sample <init>/],
      [["help", "inspect"], /--depth N/],
    ] as const) {
      const r = await cli([...argv]);
      assert.equal(r.code, 0, argv.join(" "));
      assert.match(r.out, want);
      assert.equal(r.err, "");
    }
  });

  it("--version reads package.json", async () => {
    const r = await cli(["--version"]);
    assert.equal(r.code, 0);
    assert.equal(r.out, `nninit ${VERSION}\n`);
  });

  it("an unknown command or option exits 2 and lists the commands", async () => {
    for (const argv of [["train"], ["--verbose"]]) {
      const r = await cli(argv);
      assert.equal(r.code, 2);
      assert.match(r.err, /Commands: lab, inspect, sample/);
      assert.equal(r.out, "");
    }
  });

  it("sample still works", async () => {
    const r = await cli(["sample", "kaiming_normal_", "--shape", "4,4", "--seed", "0", "--json"]);
    assert.equal(r.code, 0);
    assert.equal((JSON.parse(r.out) as { numel: number }).numel, 16);
    assert.equal((await cli(["sample", "nope"])).code, 2);
    assert.equal((await cli(["sample", "normal_", "--shape", "2,x"])).code, 2);
  });

  it("parseWhole accepts plain whole numbers only", () => {
    assert.equal(parseWhole("epochs", "3", 1), 3);
    for (const bad of ["-1", "1.5", "0", "abc", "1e3", " 2", "", "99999999999999999999"]) {
      assert.equal(typeof parseWhole("epochs", bad, 1), "string", bad);
    }
  });
});

describe("nninit lab: bad input never runs the lab", () => {
  const cases: [string[], RegExp][] = [
    [["--epochs", "-1"], /--epochs must be a whole number ≥ 1, got '-1'/],
    [["--epochs", "1.5"], /--epochs must be a whole number ≥ 1, got '1\.5' \(not a whole number\)/],
    [["--epochs", "0"], /--epochs .* got '0' \(too small\)/],
    [["--epochs=two"], /--epochs must be a whole number ≥ 1, got 'two'/],
    [["--seed", "abc"], /--seed must be a whole number ≥ 0, got 'abc'/],
    [["--seed", "-3"], /--seed must be a whole number ≥ 0, got '-3'/],
    [["--epochs"], /flag '--epochs' needs a value/],
    [["--epochs", "--seed", "1"], /flag '--epochs' needs a value/],
    [["--fast"], /unknown flag '--fast'. Valid flags: --data, --full, --epochs, --seed, --out, --json, --list, --help/],
    [["-x"], /unknown flag '-x'/],
    [["--json=yes"], /takes no value/],
    [["delta"], /unknown study 'delta'. Valid: alpha, beta, gamma, or 'all'/],
    [["alpha", "delta", "eps"], /unknown studies 'delta', 'eps'/],
    [["--list", "alpha"], /--list takes no study names/],
  ];
  for (const [argv, message] of cases) {
    it(`lab ${argv.join(" ")} → exit 2`, async () => {
      const { deps, calls } = fakeLab();
      const r = await cli(["lab", ...argv, "--out", fresh()], { lab: deps });
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.match(r.err, /Run 'nninit lab --help' for usage/);
      assert.equal(r.out, "");
      assert.equal(calls.length, 0);
    });
  }

  it("--data that is missing or holds no Fashion-MNIST says how to get it", async () => {
    const empty = fresh("empty");
    mkdirSync(empty);
    const file = join(scratch, "a-file");
    writeFileSync(file, "x");
    for (const [dir, why] of [[join(scratch, "nowhere"), /does not exist/], [empty, /no Fashion-MNIST training files/], [file, /is not a directory/]] as const) {
      const { deps, calls } = fakeLab();
      const r = await cli(["lab", "--data", dir, "--out", fresh()], { lab: deps });
      assert.equal(r.code, 2, dir);
      assert.match(r.err, why);
      assert.match(r.err, /apt-get install dataset-fashion-mnist/);
      assert.match(r.err, /train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte/);
      assert.match(r.err, /omit --data to use the subset embedded/);
      assert.equal(calls.length, 0);
    }
  });

  it("a half copy in --data is named", async () => {
    const half = fresh("half");
    mkdirSync(half);
    writeFileSync(join(half, "train-images-idx3-ubyte.gz"), readFileSync(join(SUBSET, "train-images-idx3-ubyte.gz")));
    const r = await cli(["lab", "--data", half, "--out", fresh()], { lab: fakeLab().deps });
    assert.equal(r.code, 2);
    assert.match(r.err, /incomplete Fashion-MNIST copy/);
  });

  it("an --out that cannot be written is named before the lab starts", async () => {
    const file = join(scratch, "blocker");
    writeFileSync(file, "x");
    for (const out of [file, join(file, "sub")]) {
      const { deps, calls } = fakeLab();
      const r = await cli(["lab", "--out", out], { lab: deps });
      assert.equal(r.code, 2, out);
      assert.ok(r.err.includes(`--out ${out}`), r.err);
      assert.match(r.err, /not a directory|cannot create/);
      assert.equal(calls.length, 0);
    }
    const clash = fresh("clash");
    mkdirSync(join(clash, "results.json"), { recursive: true });
    const r = await cli(["lab", "--out", clash], { lab: fakeLab().deps });
    assert.equal(r.code, 2);
    assert.match(r.err, /results\.json is a directory/);
  });
});

describe("nninit lab: running", () => {
  it("--list shows id, default and description; --list --json parses", async () => {
    const r = await cli(["lab", "--list"], { lab: fakeLab().deps });
    assert.equal(r.code, 0);
    assert.match(r.out, /^id +default +description$/m);
    assert.match(r.out, /^alpha +yes +The first study\.$/m);
    assert.match(r.out, /^gamma {2,}A long one, not in the default set\.$/m);
    assert.match(r.out, /default set \(alpha, beta\)/);
    const j = await cli(["lab", "--list", "--json"], { lab: fakeLab().deps });
    assert.deepEqual(JSON.parse(j.out), STUDIES);
  });

  it("passes the chosen studies and numbers to runLab", async () => {
    const pick = async (argv: string[]): Promise<LabOptions> => {
      const { deps, calls } = fakeLab();
      const r = await cli(["lab", ...argv, "--out", fresh()], { lab: deps });
      assert.equal(r.code, 0, r.err);
      return calls[0]!;
    };
    assert.equal((await pick([])).studies, undefined);
    assert.deepEqual((await pick(["all"])).studies, ["all"]);
    assert.deepEqual((await pick(["gamma", "alpha", "gamma"])).studies, ["gamma", "alpha"]);
    const o = await pick(["beta", "--epochs", "2", "--seed=7", "--data", SUBSET]);
    assert.deepEqual([o.studies, o.epochs, o.seed, o.data], [["beta"], 2, 7, SUBSET]);
    assert.equal(o.full, undefined);
    assert.equal((await pick(["--full"])).full, true);
  });

  it("prints the results table and every claim, ✗ plainly, and writes both files; failing claims still exit 0", async () => {
    const out = fresh("out");
    const r = await cli(["lab", "--out", out], { lab: fakeLab().deps });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^study +run +final loss +test acc$/m);
    assert.match(r.out, /^alpha +zeros_ +NaN \(diverged\) +—$/m);
    assert.match(r.out, /^ +kaiming_normal_ +0\.4321 +85\.12%$/m);
    assert.match(r.out, /✓ \[alpha\] alpha: kaiming keeps the std near 1\n +measured 0\.98765, band \[0\.85, 1\.15\]\n/);
    assert.match(r.out, /✗ \[beta\] beta: xavier stalls at ln 10\n +measured 1\.2345, band \[2\.2, 2\.4\] +← DOES NOT HOLD\n +the net learned after all/);
    assert.match(r.out, /2 of 4 claims hold; 2 do not/);
    assert.ok(r.out.includes(`Wrote ${join(out, "results.json")} and ${join(out, "report.html")}`));
    const saved = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as LabResults;
    assert.equal(saved.schema, "nninit-lab/1");
    assert.equal(saved.studies[0]!.runs[0]!.final.train_loss, "NaN" as unknown as number, "non-finite numbers as strings");
    assert.match(readFileSync(join(out, "report.html"), "utf8"), /2 studies/);
    assert.deepEqual(tmpLeftovers(out), []);
  });

  it("--json: stdout is exactly results.json; no table", async () => {
    const out = fresh("json");
    const r = await cli(["lab", "alpha", "--json", "--out", out], { lab: fakeLab().deps });
    assert.equal(r.code, 0, r.err);
    const parsed = JSON.parse(r.out) as LabResults;
    assert.deepEqual(parsed.studies.map((s) => s.id), ["alpha"]);
    assert.equal(r.out, readFileSync(join(out, "results.json"), "utf8"));
    assert.doesNotMatch(r.out, /claims hold/);
    assert.match(r.err, /wrote .*results\.json/);
  });

  it("progress: redrawn in place with an ETA on a terminal, plain lines elsewhere", async () => {
    const tty = await cli(["lab", "--out", fresh()], { lab: fakeLab().deps }, true);
    assert.equal(tty.code, 0);
    assert.match(tty.err, /\rlab [█░▏▎▍▌▋▊▉]{20} +\d+% [\d.]+s ETA [\dms.]+ │ 1\/2 alpha · zeros_ /);
    assert.match(tty.err, /\x1b\[K/);
    assert.match(tty.err, /✔ \[2\/2\] beta \(1\.0s\)/);
    const plain = await cli(["lab", "--out", fresh()], { lab: fakeLab().deps }, false);
    assert.equal(plain.code, 0);
    assert.doesNotMatch(plain.err, /\r|\x1b/);
    assert.match(plain.err, /^lab: \[1\/2\] alpha: alpha title$/m);
    assert.match(plain.err, /^lab: \[2\/2\] beta done in 1\.0s; 100% of the lab$/m);
    assert.match(plain.err, /^lab: finished in 2\.0s$/m);
  });

  it("a lab that throws exits 1 and leaves the previous results.json alone", async () => {
    const out = fresh("err");
    mkdirSync(out);
    writeFileSync(join(out, "results.json"), "{\"old\":true}\n");
    const { deps } = fakeLab({ runLab: () => { throw new Error("no memory left"); } });
    const r = await cli(["lab", "--out", out], { lab: deps });
    assert.equal(r.code, 1);
    assert.match(r.err, /the lab failed: no memory left/);
    assert.equal(readFileSync(join(out, "results.json"), "utf8"), "{\"old\":true}\n");
    const created = join(fresh("never"), "deep");
    assert.equal((await cli(["lab", "--out", created], { lab: deps })).code, 1);
    assert.equal(existsSync(created), false, "a directory made for the run is removed again");
  });

  it("a report that fails to render: results.json is still written, exit 1", async () => {
    const out = fresh("noreport");
    const { deps } = fakeLab({ renderReport: () => { throw new Error("no chart.js"); } });
    const r = await cli(["lab", "--out", out], { lab: deps });
    assert.equal(r.code, 1);
    assert.match(r.err, /wrote .*results\.json, but not .*report\.html: no chart\.js/);
    assert.ok(existsSync(join(out, "results.json")));
    assert.equal(existsSync(join(out, "report.html")), false);
  });

  it("Ctrl-C: exit 130 with a message, nothing written, old files intact", async () => {
    const out = fresh("int");
    mkdirSync(out);
    writeFileSync(join(out, "results.json"), "old");
    const controller = new AbortController();
    let disposed = false;
    let runnerSignal: AbortSignal | undefined;
    const { deps } = fakeLab({
      runLab: (o, signal) => {
        runnerSignal = signal;
        o.onProgress?.({ type: "lab-start", studies: ["alpha"], total_units: 10 });
        setImmediate(() => controller.abort());
        return new Promise<LabResults>(() => {}); // never finishes by itself
      },
    });
    const r = await cli(["lab", "--out", out], { lab: deps, trapInterrupts: () => ({ signal: controller.signal, dispose: () => (disposed = true) }) });
    assert.equal(r.code, 130);
    assert.match(r.err, /interrupted\. Nothing was written/);
    assert.equal(readFileSync(join(out, "results.json"), "utf8"), "old");
    assert.equal(existsSync(join(out, "report.html")), false);
    assert.ok(disposed, "the trap is released");
    assert.equal(runnerSignal?.aborted, true, "the runner sees the abort");
  });
});

describe("nninit inspect (in-process)", () => {
  it("prints a per-layer table for a small MLP on the embedded subset", async () => {
    const r = await cli(["inspect", "--depth", "3", "--width", "16", "--batch", "32", "--activation", "tanh", "--init", "xavier_normal"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /MLP 784 → 16 ×2 → 10 \(3 Linear layers\), tanh; init xavier_normal_\(gain=1\.66667\), biases zeros_/);
    assert.match(r.out, /the first 32 Fashion-MNIST training images \(the embedded subset\)/);
    assert.match(r.out, /^0 +Linear +32×16 /m);
    assert.match(r.out, /^1 +Tanh +32×16 .*%/m);
    assert.match(r.out, /^4 +Linear +32×10 /m);
    assert.match(r.out, /back-propagated: cross-entropy vs the targets = /);
  });

  it("--json parses; every init and activation builds", async () => {
    const r = await cli(["inspect", "--depth", "4", "--width", "8", "--batch", "16", "--json"]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { model: { depth: number; init_call: string }; loss_kind: string; layers: { kind: string; dead_fraction: number | null; weight_grad_std: number | null }[] };
    assert.equal(j.model.depth, 4);
    assert.equal(j.loss_kind, "cross_entropy");
    assert.equal(j.layers.length, 7);
    assert.ok(j.layers.filter((l) => l.kind === "ReLU").every((l) => typeof l.dead_fraction === "number"));
    assert.ok(j.layers.filter((l) => l.kind === "Linear").every((l) => typeof l.weight_grad_std === "number"));
    for (const init of ["kaiming_normal", "kaiming_uniform_", "xavier_uniform", "orthogonal", "normal", "default", "zeros"]) {
      for (const act of ["relu", "leaky_relu", "sigmoid", "selu", "gelu", "silu", "elu", "mish", "softplus", "linear"]) {
        const x = await cli(["inspect", "--depth", "2", "--width", "4", "--batch", "4", "--init", init, "--activation", act, "--json"]);
        assert.equal(x.code, 0, `${init} ${act}: ${x.err}`);
      }
    }
  });

  it("zeros init: every ReLU output is dead", async () => {
    const r = await cli(["inspect", "--depth", "3", "--width", "8", "--batch", "8", "--init", "zeros", "--json"]);
    const j = JSON.parse(r.out) as { layers: { kind: string; dead_fraction: number | null }[] };
    assert.deepEqual(j.layers.filter((l) => l.kind === "ReLU").map((l) => l.dead_fraction), [1, 1]);
  });

  it("bad input exits 2 with a message", async () => {
    for (const [argv, message] of [
      [["--depth", "0"], /--depth must be a whole number from 1 to 1000, got '0'/],
      [["--width", "2.5"], /--width must be a whole number/],
      [["--batch", "-4"], /--batch must be a whole number/],
      [["--seed", "x"], /--seed must be a whole number/],
      [["--activation", "swish"], /unknown activation 'swish'. Valid: relu, leaky_relu, tanh, sigmoid, selu, gelu, silu/],
      [["--init", "he"], /unknown init 'he'. Valid: kaiming_normal, kaiming_uniform, xavier_normal, xavier_uniform, orthogonal, normal, default, zeros/],
      [["--data", join(scratch, "nope")], /does not exist[\s\S]*apt-get install dataset-fashion-mnist/],
      [["--batch", "999999"], /more than the 6000 training images/],
      [["extra"], /unexpected argument 'extra'/],
    ] as const) {
      const r = await cli(["inspect", ...argv]);
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.err, message);
    }
  });

  it("--data reads the IDX files from a directory", async () => {
    const r = await cli(["inspect", "--depth", "2", "--width", "4", "--batch", "4", "--data", SUBSET]);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.includes(SUBSET));
  });
});

describe("atomic writes and progress helpers", () => {
  it("writeFileAtomic replaces the file and leaves no temporary file; a failed write keeps the old one", () => {
    const dir = fresh("atomic");
    mkdirSync(dir);
    const p = join(dir, "results.json");
    writeFileAtomic(p, "one");
    writeFileAtomic(p, "two");
    assert.equal(readFileSync(p, "utf8"), "two");
    assert.deepEqual(readdirSync(dir), ["results.json"]);
    mkdirSync(join(dir, "report.html"));
    mkdirSync(join(dir, "report.html", "x"));
    assert.throws(() => writeFileAtomic(join(dir, "report.html"), "<html>"));
    assert.deepEqual(readdirSync(dir).sort(), ["report.html", "results.json"], "the temporary file is removed");
  });

  it("bars, durations and the ETA", () => {
    assert.equal(bar(0, 4), "░░░░");
    assert.equal(bar(1, 4), "████");
    assert.equal(bar(0.5, 4), "██░░");
    assert.equal(bar(0.3, 4), "█▎░░"); // 9.6 eighths → 10
    assert.equal([...bar(0.77, 20)].length, 20);
    assert.deepEqual([0.42, 12.4, 185, 7325].map(formatDuration), ["0.4s", "12s", "3m05s", "2h02m"]);
    let t = 0;
    const p = new LabProgress({ write: () => {}, tty: true, now: () => t });
    p.handle({ type: "lab-start", studies: ["a"], total_units: 100 });
    p.handle({ type: "study-start", study: "a", title: "A", index: 0, total: 1, units: 100 });
    p.handle({ type: "run-start", study: "a", run: "r", units: 100 });
    t = 10_000;
    p.handle({ type: "progress", study: "a", run: "r", done: 25, units: 100 });
    assert.equal(p.fraction, 0.25);
    assert.equal(p.eta(), 30);
    assert.ok([...p.status(40)].length <= 40);
  });
});

describe("nninit as a subprocess (dist/cli/main.js)", () => {
  const node = (args: string[], cwd = scratch) => spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8", timeout: 120_000 });

  it("exit codes: --version 0, bad usage 2", () => {
    const v = node(["--version"]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, `nninit ${VERSION}\n`);
    for (const args of [["lab", "--epochs", "1.5"], ["lab", "--seed", "abc"], ["lab", "nosuchstudy"], ["frobnicate"]]) {
      const r = node(args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^nninit/);
      assert.equal(r.stdout, "");
    }
    const blocker = join(scratch, "sub-blocker");
    writeFileSync(blocker, "");
    const o = node(["lab", "--out", join(blocker, "x")]);
    assert.equal(o.status, 2);
    assert.ok(o.stderr.includes(join(blocker, "x")));
  });

  it("inspect --json on the embedded subset", () => {
    const r = node(["inspect", "--depth", "3", "--width", "8", "--batch", "16", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { layers: unknown[] }).layers.length, 5);
  });

  it("lab --list and a tiny real lab run with --json", () => {
    const list = node(["lab", "--list", "--json"]);
    assert.equal(list.status, 0, list.stderr);
    const studies = JSON.parse(list.stdout) as StudyInfo[];
    assert.ok(studies.length > 0 && studies.some((s) => s.default));
    assert.ok(studies.some((s) => s.id === "seed"), "the seed study exists");
    const out = join(scratch, "real-lab");
    const r = node(["lab", "seed", "--epochs", "1", "--json", "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as LabResults;
    assert.equal(results.schema, "nninit-lab/1");
    assert.deepEqual(results.studies.map((s) => s.id), ["seed"]);
    assert.equal(readFileSync(join(out, "results.json"), "utf8"), r.stdout);
    assert.match(readFileSync(join(out, "report.html"), "utf8"), /<html/i);
    assert.deepEqual(tmpLeftovers(out), []);
    assert.doesNotMatch(r.stderr, /\r/, "no in-place redraws off a terminal");
  });

  describe("the lab in its worker thread, interrupted by SIGINT", () => {
    // A stand-in lab module that computes synchronously (like the real one) until stopped.
    const FAKE_LAB = `
      export function listStudies() { return [{ id: "slow", title: "Slow", description: "Spins.", default: true }]; }
      export function runLab(o) {
        const seconds = Number(process.env.FAKE_LAB_SECONDS);
        const emit = (e) => o.onProgress && o.onProgress(e);
        emit({ type: "lab-start", studies: ["slow"], total_units: 100 });
        emit({ type: "study-start", study: "slow", title: "Slow", index: 0, total: 1, units: 100 });
        emit({ type: "run-start", study: "slow", run: "spin", units: 100 });
        const t0 = Date.now();
        for (let done = 1; done <= 100; done++) {
          while (Date.now() - t0 < (seconds * 1000 * done) / 100) {}
          emit({ type: "progress", study: "slow", run: "spin", done, units: 100 });
        }
        emit({ type: "run-end", study: "slow", run: "spin", seconds });
        emit({ type: "study-end", study: "slow", seconds });
        emit({ type: "lab-end", seconds });
        return { schema: "nninit-lab/1", nninit_version: "fake", command: "nninit lab", seed: o.seed ?? 0,
          data: { dataset: "Fashion-MNIST", source: "embedded", train_size: 1, test_size: 1 },
          studies: [{ id: "slow", title: "Slow", question: "", explanation: "", references: [], charts: [], seconds,
            claims: [{ text: "diverges", holds: false, measured: Infinity, band: "< 1" }],
            runs: [] }],
          timings: { total_seconds: seconds, per_study: { slow: seconds } } };
      }`;
    const driver = (dir: string): string => {
      const fake = join(dir, "fake-lab.mjs");
      writeFileSync(fake, FAKE_LAB);
      const script = join(dir, "driver.mjs");
      const dist = (f: string): string => JSON.stringify(new URL(`dist/cli/${f}`, `file://${REPO}/`).href);
      writeFileSync(
        script,
        `import { runProcess } from ${dist("process.js")};\n` +
          `import { workerRunner } from ${dist("lab-loader.js")};\n` +
          `const fake = ${JSON.stringify(new URL(`file://${fake}`).href)};\n` +
          `const mod = await import(fake);\n` +
          `await runProcess(process.argv.slice(2), { lab: { runLab: workerRunner(fake), listStudies: mod.listStudies, renderReport: () => "<html></html>" } });\n`,
      );
      return script;
    };

    it("finishes: results.json written through the worker, Infinity kept as a string", () => {
      const dir = fresh("w-ok");
      mkdirSync(dir);
      const script = driver(dir);
      const r = spawnSync(process.execPath, [script, "lab", "--out", join(dir, "out")], { encoding: "utf8", env: { ...process.env, FAKE_LAB_SECONDS: "0.2" }, timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /✗ \[slow\] diverges\n +measured Infinity, band < 1 +← DOES NOT HOLD/);
      const saved = JSON.parse(readFileSync(join(dir, "out", "results.json"), "utf8")) as LabResults;
      assert.equal(saved.studies[0]!.claims[0]!.measured, "Infinity");
    });

    it("Ctrl-C mid-run: exit 130 at once, the old results.json untouched, no temporary files", async () => {
      const dir = fresh("w-int");
      mkdirSync(join(dir, "out"), { recursive: true });
      writeFileSync(join(dir, "out", "results.json"), "previous run\n");
      const script = driver(dir);
      const child = spawn(process.execPath, [script, "lab", "--out", join(dir, "out")], { env: { ...process.env, FAKE_LAB_SECONDS: "60" } });
      let stderr = "";
      let sent = false;
      const t0 = Date.now();
      const code = await new Promise<number | null>((resolve) => {
        child.stderr.on("data", (b: Buffer) => {
          stderr += b.toString();
          if (!sent && stderr.includes("lab: [1/1] slow")) {
            sent = true; // once: a second Ctrl-C means "quit now"
            child.kill("SIGINT");
          }
        });
        child.on("exit", (c) => resolve(c));
      });
      assert.equal(code, 130, stderr);
      assert.ok(Date.now() - t0 < 30_000, "stopped long before the lab would have finished");
      assert.match(stderr, /interrupted\. Nothing was written/);
      assert.equal(readFileSync(join(dir, "out", "results.json"), "utf8"), "previous run\n");
      assert.deepEqual(readdirSync(join(dir, "out")), ["results.json"]);
    });
  });
});
