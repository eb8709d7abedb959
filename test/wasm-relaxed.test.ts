/**
 * The relaxed-SIMD module (dist/kernels/nninit-relaxed.wasm: the same kernels with every FMA a
 * real relaxed_madd, src/kernels/wasm/runtime.ts). CI runs the suite on plain Node 20, where the
 * default is nninit.wasm; this file re-runs the bit-exactness suites in a child
 * `node --experimental-wasm-relaxed-simd` and includes itself there, where it asserts that the
 * relaxed module is the one loaded (so the run cannot pass on the baseline by accident).
 * It also checks the switches: NNINIT_WASM_RELAXED=1 without the flag (setFlagsFromString) and
 * NNINIT_WASM_RELAXED=0 with it. The child runs are made in the wasm pass of `npm test` only.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { wasm_features } from "../src/index.js";
import { get_backend } from "../src/kernels/index.js";

const here = path.dirname(fileURLToPath(import.meta.url)); // build/test
const root = path.resolve(here, "../..");
const FLAG = "--experimental-wasm-relaxed-simd";
/** The suites whose results depend on the FMAs: fills (1 and N threads), trunc_normal_, PyTorch fixtures, kernels. */
const SUITES = [
  "fills-wasm", "trunc-normal-wasm", "pytorch-fixtures", "threads-fills", "threads", "kernels", "kernels-elementwise", "optim-fixtures", "optim-fused",
].map((n) => path.join(here, `${n}.test.js`));
const child = process.env.NNINIT_EXPECT_RELAXED === "1";

/** Environment for a child node: no test-runner context (else a nested --test reports to us), no backend override. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_TEST_CONTEXT;
  delete env.NNINIT_BACKEND;
  return env;
}

/** wasm_features() of a fresh node process with these flags and environment. */
function featuresOf(flags: string[], extra: Record<string, string>): { module: string | null; relaxed_simd: boolean; reason: string } {
  const code = `import(${JSON.stringify(path.join(root, "dist/index.js"))}).then((m) => console.log(JSON.stringify(m.wasm_features())))`;
  const r = spawnSync(process.execPath, [...flags, "-e", code], { encoding: "utf8", env: childEnv(extra) });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

if (child) {
  describe("relaxed child run", () => {
    it("runs nninit-relaxed.wasm", () => {
      assert.equal(get_backend(), "wasm");
      const f = wasm_features();
      assert.equal(f.module, "nninit-relaxed.wasm", `expected the relaxed module, got ${f.module}: ${f.reason}`);
      assert.equal(f.relaxed_simd, true);
    });
  });
} else if (process.env.NNINIT_BACKEND === "ts") {
  // The relaxed module is the wasm pass's business; here, only that it does not take over the kernels.
  describe("relaxed SIMD module", () => {
    it("leaves NNINIT_BACKEND=ts on the TypeScript kernels, whichever module loaded", () => {
      assert.equal(get_backend(), "ts", `wasm_features(): ${JSON.stringify(wasm_features())}`);
    });
  });
} else {
  const supported = spawnSync(process.execPath, [FLAG, "-e", ""], { env: childEnv({}) }).status === 0;
  // A CPU without FMA makes relaxed_madd unfused: then the runtime must (and does) refuse it.
  const probe = supported ? featuresOf([FLAG], {}) : null;
  const skip = !supported ? `node ${process.version} lacks ${FLAG}` : probe!.reason === "relaxed_madd is not fused on this CPU" ? probe!.reason : false;

  describe("relaxed SIMD module", () => {
    it("is not the default on this node without the flag unless the engine has relaxed SIMD", () => {
      const f = wasm_features();
      assert.ok(f.module === "nninit.wasm" || f.module === "nninit-relaxed.wasm", f.reason);
      if (Number(process.versions.node.split(".")[0]) < 21 && !process.execArgv.includes(FLAG) && process.env.NNINIT_WASM_RELAXED !== "1") {
        assert.equal(f.module, "nninit.wasm");
      }
    });

    it("is loaded under the flag, by NNINIT_WASM_RELAXED=1 alone, and not with NNINIT_WASM_RELAXED=0", { skip }, () => {
      assert.equal(probe!.module, "nninit-relaxed.wasm", probe!.reason);
      const env1 = featuresOf([], { NNINIT_WASM_RELAXED: "1" });
      assert.equal(env1.module, "nninit-relaxed.wasm", env1.reason);
      const env0 = featuresOf([FLAG], { NNINIT_WASM_RELAXED: "0" });
      assert.equal(env0.module, "nninit.wasm");
      assert.equal(env0.relaxed_simd, false);
    });

    it("gives the same bits as the TS oracle and PyTorch's fixtures (suites re-run under the flag)", { skip, timeout: 300_000 }, () => {
      const r = spawnSync(process.execPath, [FLAG, "--test", fileURLToPath(import.meta.url), ...SUITES], {
        encoding: "utf8",
        cwd: root,
        env: childEnv({ NNINIT_EXPECT_RELAXED: "1" }),
        maxBuffer: 64 * 1024 * 1024,
      });
      const tail = `${r.stdout}\n${r.stderr}`.trim().split("\n");
      const summary = tail.filter((l) => /^# (tests|pass|fail|cancelled|skipped) /.test(l)).join(", ");
      const failures = tail.filter((l) => /^\s*not ok /.test(l)).slice(0, 20).join("\n");
      assert.equal(r.status, 0, `relaxed child run failed (${summary}):\n${failures}\n${tail.slice(-40).join("\n")}`);
      assert.match(summary, /# fail 0/);
      assert.doesNotMatch(summary, /# pass 0\b/);
    });
  });
}
